using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using InterviewBooking.InMemory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NodaTime.Testing;

namespace InterviewBooking.Tests.Outbox;

public sealed class OutboxDispatcherTests
{
    private static readonly Instant Start = Instant.FromUtc(2026, 6, 1, 8, 0);

    private readonly FakeClock _clock = new(Start);
    private readonly InMemoryOutboxStore _outbox;
    private readonly OutboxWorkerOptions _options = new() { BatchSize = 10, MaxAttempts = 3, BackoffBase = Duration.FromSeconds(10), BackoffCap = Duration.FromMinutes(5) };

    public OutboxDispatcherTests() => _outbox = new InMemoryOutboxStore(_clock);

    [Fact]
    public async Task A_delivered_item_is_completed_and_counted()
    {
        var kind = Unique("kind");
        var handler = new ScriptedHandler(kind);
        var message = await EnqueueAsync(kind);
        using var measurements = MeasurementsOf(kind);

        var leased = await Dispatcher(handler).RunOnceAsync();

        Assert.Equal(1, leased);
        Assert.Equal([message.Key], handler.Delivered);
        var item = (await _outbox.GetAsync(message.Key))!;
        Assert.Equal(OutboxItemStatus.Completed, item.Status);
        Assert.Equal(1, item.Attempts);
        Assert.Equal([(InterviewBookingTelemetry.OutboxDelivered, 1L)], measurements.Values);
        Assert.Equal(0, await Dispatcher(handler).RunOnceAsync());
    }

    [Fact]
    public async Task A_failed_attempt_waits_its_back_off_then_is_retried()
    {
        var kind = Unique("kind");
        var handler = new ScriptedHandler(kind, failures: 1);
        var message = await EnqueueAsync(kind);
        using var measurements = MeasurementsOf(kind);

        await Dispatcher(handler).RunOnceAsync();

        var item = (await _outbox.GetAsync(message.Key))!;
        Assert.Equal(OutboxItemStatus.Pending, item.Status);
        Assert.Equal(1, item.Attempts);
        Assert.Equal("TimeoutException: the mail server did not answer", item.LastError);
        Assert.InRange(item.NextAttemptAt, Start + Duration.FromSeconds(5), Start + Duration.FromSeconds(10));
        Assert.Equal(0, await Dispatcher(handler).RunOnceAsync());

        _clock.Advance(Duration.FromSeconds(10));
        await Dispatcher(handler).RunOnceAsync();

        Assert.Equal(OutboxItemStatus.Completed, (await _outbox.GetAsync(message.Key))!.Status);
        Assert.Equal([message.Key], handler.Delivered);
        Assert.Equal([(InterviewBookingTelemetry.OutboxRetried, 1L), (InterviewBookingTelemetry.OutboxDelivered, 1L)], measurements.Values);
    }

    [Fact]
    public async Task An_item_that_keeps_failing_is_dead_lettered_after_the_last_attempt_with_a_metric()
    {
        var kind = Unique("kind");
        var handler = new ScriptedHandler(kind, failures: int.MaxValue);
        var message = await EnqueueAsync(kind);
        using var measurements = MeasurementsOf(kind);

        for (var attempt = 0; attempt < 3; attempt++)
        {
            Assert.Equal(1, await Dispatcher(handler).RunOnceAsync());
            _clock.Advance(Duration.FromMinutes(5));
        }

        var item = (await _outbox.GetAsync(message.Key))!;
        Assert.Equal(OutboxItemStatus.DeadLettered, item.Status);
        Assert.Equal(3, item.Attempts);
        Assert.Contains("the mail server did not answer", item.LastError, StringComparison.Ordinal);
        Assert.Equal(message.Key, Assert.Single(await _outbox.ListDeadLetteredAsync(10)).Message.Key);
        Assert.Equal(0, await Dispatcher(handler).RunOnceAsync());
        Assert.Equal(
            [(InterviewBookingTelemetry.OutboxRetried, 1L), (InterviewBookingTelemetry.OutboxRetried, 1L), (InterviewBookingTelemetry.OutboxDeadLettered, 1L)],
            measurements.Values);
    }

    [Fact]
    public async Task A_permanent_failure_is_dead_lettered_at_once()
    {
        var kind = Unique("kind");
        var handler = new ScriptedHandler(kind, failures: 1, permanent: true);
        var message = await EnqueueAsync(kind);

        await Dispatcher(handler).RunOnceAsync();

        var item = (await _outbox.GetAsync(message.Key))!;
        Assert.Equal(OutboxItemStatus.DeadLettered, item.Status);
        Assert.Equal(1, item.Attempts);
        Assert.Equal("OutboxDeliveryException: the address does not exist", item.LastError);
    }

    [Fact]
    public async Task An_item_without_a_handler_is_retried_then_dead_lettered_saying_so()
    {
        var message = await EnqueueAsync("kind-nobody-handles");
        var dispatcher = Dispatcher(new ScriptedHandler(Unique("kind")));

        await dispatcher.RunOnceAsync();
        var waiting = (await _outbox.GetAsync(message.Key))!;
        Assert.Equal(OutboxItemStatus.Pending, waiting.Status);
        for (var attempt = 1; attempt < 3; attempt++)
        {
            _clock.Advance(Duration.FromMinutes(5));
            await dispatcher.RunOnceAsync();
        }

        var item = (await _outbox.GetAsync(message.Key))!;
        Assert.Equal(OutboxItemStatus.DeadLettered, item.Status);
        Assert.Equal("No IOutboxHandler is registered for kind 'kind-nobody-handles'.", item.LastError);
    }

    [Fact]
    public async Task Stopping_returns_the_lease_of_the_item_in_hand_and_of_the_rest_of_the_batch()
    {
        var kind = Unique("kind");
        using var stopping = new CancellationTokenSource();
        var handler = new ScriptedHandler(kind) { OnDeliver = _ => stopping.Cancel() };
        var first = await EnqueueAsync(kind);
        _clock.Advance(Duration.FromSeconds(1));
        var second = await EnqueueAsync(kind);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Dispatcher(handler).RunOnceAsync(stopping.Token));

        foreach (var key in new[] { first.Key, second.Key })
        {
            var item = (await _outbox.GetAsync(key))!;
            Assert.Equal(OutboxItemStatus.Pending, item.Status);
            Assert.Equal(0, item.Attempts);
            Assert.Equal(_clock.GetCurrentInstant(), item.NextAttemptAt);
        }

        Assert.Equal(2, await Dispatcher(new ScriptedHandler(kind)).RunOnceAsync());
    }

    [Fact]
    public async Task A_lease_that_ran_out_during_delivery_is_not_ended_by_the_late_worker()
    {
        var kind = Unique("kind");
        var message = await EnqueueAsync(kind);
        OutboxItem? retaken = null;
        var handler = new ScriptedHandler(kind)
        {
            OnDeliver = _ =>
            {
                _clock.Advance(_options.LeaseDuration); // the delivery outlasted its lease; another worker took the item
                retaken = _outbox.LeaseAsync(1, _options.LeaseDuration).GetAwaiter().GetResult().Single();
            },
        };

        await Dispatcher(handler).RunOnceAsync();

        var item = (await _outbox.GetAsync(message.Key))!;
        Assert.Equal(OutboxItemStatus.Leased, item.Status);
        Assert.Equal(retaken!.LeaseToken, item.LeaseToken);
    }

    [Theory]
    [InlineData(1, 0.0, 5)]
    [InlineData(1, 0.999999, 10)]
    [InlineData(2, 0.0, 10)]
    [InlineData(3, 0.999999, 40)]
    [InlineData(10, 0.0, 150)]
    [InlineData(10, 0.999999, 300)]
    [InlineData(500, 0.999999, 300)]
    public void Back_off_doubles_from_the_base_up_to_the_cap_with_jitter_between_half_and_all(int failedAttempt, double jitter, int expectedSeconds)
    {
        var delay = OutboxDispatcher.Backoff(failedAttempt, _options, jitter);

        Assert.Equal(expectedSeconds, delay.TotalSeconds, precision: 3);
    }

    [Fact]
    public void Two_handlers_for_one_kind_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => Dispatcher(new ScriptedHandler("same"), new ScriptedHandler("same")));

        Assert.Contains("'same'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_hosted_worker_drains_the_outbox_until_stopped()
    {
        var kind = Unique("kind");
        var handler = new ScriptedHandler(kind);
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(_clock);
        services.AddInterviewBooking().AddInMemoryStores().AddSimulatedPayments().AddOutboxWorker(o => o.PollInterval = Duration.FromMilliseconds(20));
        services.AddSingleton<IOutboxHandler>(handler);
        await using var provider = services.BuildServiceProvider();
        var outbox = provider.GetRequiredService<IOutboxStore>();
        var message = new OutboxMessage(Unique("item"), kind, Start);
        await outbox.EnqueueAsync(message);
        var worker = Assert.Single(provider.GetServices<IHostedService>().OfType<OutboxWorker>()); // AddInMemoryStores adds retention's worker too

        await worker.StartAsync(CancellationToken.None);
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        while ((await outbox.GetAsync(message.Key))!.Status != OutboxItemStatus.Completed && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        await worker.StopAsync(CancellationToken.None);
        Assert.Equal(OutboxItemStatus.Completed, (await outbox.GetAsync(message.Key))!.Status);
        Assert.Equal([message.Key], handler.Delivered);
    }

    [Fact]
    public void Adding_the_worker_twice_registers_one_worker_one_dispatcher_and_one_notification_handler()
    {
        var services = new ServiceCollection();
        services.AddInterviewBooking().AddInMemoryStores().AddSimulatedPayments().AddOutboxWorker().AddOutboxWorker(o => o.BatchSize = 7);
        using var provider = services.BuildServiceProvider();

        Assert.Single(provider.GetServices<IHostedService>().OfType<OutboxWorker>());
        Assert.Single(services, d => d.ServiceType == typeof(OutboxDispatcher));
        // One handler per kind: the worker's notification handler and the core's handlers of session effects.
        Assert.Equal(
            [OutboxKinds.CheckoutExpiry, OutboxKinds.FeedbackReminder, OutboxKinds.FeedbackRequest, OutboxKinds.Notification, OutboxKinds.Refund, OutboxKinds.Reminder],
            provider.GetServices<IOutboxHandler>().Select(h => h.Kind).Order(StringComparer.Ordinal));
        Assert.Equal(7, provider.GetRequiredService<IOptions<OutboxWorkerOptions>>().Value.BatchSize);
    }

    [Fact]
    public void Bad_worker_options_fail_naming_each_setting()
    {
        var services = new ServiceCollection();
        services.AddInterviewBooking().AddInMemoryStores().AddOutboxWorker(o =>
        {
            o.BatchSize = 0;
            o.LeaseDuration = Duration.Zero;
            o.BackoffCap = Duration.FromSeconds(1);
        });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<OutboxWorkerOptions>>().Value);

        Assert.Contains(error.Failures, f => f.StartsWith("BatchSize must be between 1 and 1000; got 0", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("LeaseDuration must be positive", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("BackoffCap must be at least BackoffBase", StringComparison.Ordinal));
        Assert.Equal(3, error.Failures.Count());
    }

    private OutboxDispatcher Dispatcher(params IOutboxHandler[] handlers) =>
        new(_outbox, handlers, new StaticOptions(_options), _clock);

    private async Task<OutboxMessage> EnqueueAsync(string kind)
    {
        var message = new OutboxMessage(Unique("item"), kind, _clock.GetCurrentInstant());
        Assert.True(await _outbox.EnqueueAsync(message));
        return message;
    }

    private static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N");

    private static Measurements MeasurementsOf(string kind) => new(kind);

    /// <summary>The outbox counters' measurements tagged with one kind (unique per test, so parallel tests do not mix).</summary>
    private sealed class Measurements : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<(string, long)> _values = new();

        public Measurements(string kind)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == InterviewBookingTelemetry.Name && instrument.Name.StartsWith("interviewbooking.outbox.", StringComparison.Ordinal))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "kind" && Equals(tag.Value, kind))
                    {
                        _values.Enqueue((instrument.Name, value));
                    }
                }
            });
            _listener.Start();
        }

        public IReadOnlyList<(string, long)> Values => [.. _values];

        public void Dispose() => _listener.Dispose();
    }

    private sealed class StaticOptions(OutboxWorkerOptions value) : IOptionsMonitor<OutboxWorkerOptions>
    {
        public OutboxWorkerOptions CurrentValue => value;

        public OutboxWorkerOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<OutboxWorkerOptions, string?> listener) => null;
    }

    /// <summary>A handler that fails its first <c>failures</c> calls, then records what it delivered.</summary>
    private sealed class ScriptedHandler(string kind, int failures = 0, bool permanent = false) : IOutboxHandler
    {
        private readonly ConcurrentQueue<string> _delivered = new();
        private int _failuresLeft = failures;

        public string Kind => kind;

        public Action<OutboxItem>? OnDeliver { get; init; }

        public IReadOnlyList<string> Delivered => [.. _delivered];

        public Task HandleAsync(OutboxItem item, CancellationToken cancellationToken = default)
        {
            OnDeliver?.Invoke(item);
            cancellationToken.ThrowIfCancellationRequested();
            if (Interlocked.Decrement(ref _failuresLeft) >= 0)
            {
                throw permanent
                    ? new OutboxDeliveryException("the address does not exist", isPermanent: true)
                    : new TimeoutException("the mail server did not answer");
            }

            _delivered.Enqueue(item.Message.Key);
            return Task.CompletedTask;
        }
    }
}
