using System.Collections.Concurrent;
using InterviewBooking.InMemory;
using Microsoft.Extensions.DependencyInjection;
using NodaTime.Testing;

namespace InterviewBooking.PostgreSql.Tests;

/// <summary>
/// A host killed abruptly in the middle of delivering an outbox item on PostgreSQL: its call never returns and its lease is never returned
/// (no shutdown ran). A fresh host (its own service provider and connection pool, same database) takes the item once the lease runs out.
/// </summary>
public sealed class OutboxCrashTests(PostgresSchemaFixture database) : IClassFixture<PostgresSchemaFixture>
{
    private static readonly Duration Lease = Duration.FromMinutes(1);

    [Fact]
    public async Task Killed_before_the_effect_a_fresh_host_delivers_the_item_once()
    {
        var (deliveries, key, item) = await KillMidDeliveryAsync(afterEffect: false);

        Assert.Equal(1, deliveries.GetValueOrDefault(key));
        Assert.Equal(OutboxItemStatus.Completed, item.Status);
    }

    [Fact]
    public async Task Killed_after_the_effect_and_before_completing_the_item_is_delivered_at_most_twice_with_one_message_id()
    {
        var (deliveries, key, item) = await KillMidDeliveryAsync(afterEffect: true);

        var times = Assert.Single(deliveries).Value;
        Assert.Equal(key, Assert.Single(deliveries).Key);
        Assert.InRange(times, 1, 2);
        Assert.Equal(2, times); // this test kills after the send, so the fresh host sends it once more, under the same id
        Assert.Equal(OutboxItemStatus.Completed, item.Status);
    }

    /// <summary>Books a session (its Booked notification in the outbox), kills host A while it delivers it, lets host B finish.</summary>
    private async Task<(IReadOnlyDictionary<string, int> Deliveries, string Key, OutboxItem Item)> KillMidDeliveryAsync(bool afterEffect)
    {
        var clock = new FakeClock(Instant.FromUtc(2026, 3, 2, 8, 0));
        var sent = new CountingNotifier();
        var dying = new DyingNotifier(sent, afterEffect);
        var hostA = BuildHost(clock, dying);
        var started = await hostA.GetRequiredService<BookingService>().StartAsync(MultiInstanceRaceTests.Request(afterEffect ? 1 : 0));
        Assert.Equal(BookingStartOutcome.Started, started.Outcome);
        var sessionId = started.Session!.Id;
        var paid = await hostA.GetRequiredService<PaymentEventProcessor>().ProcessAsync(
            hostA.GetRequiredService<SimulatedPaymentGateway>().CompleteCheckout(sessionId));
        Assert.Equal(PaymentEventOutcome.Booked, paid.Outcome);
        Assert.Empty(sent.Deliveries); // nothing is sent while the payment event is handled
        var outbox = new PostgreSqlOutboxStore(database.DataSource, clock, database.Options);
        var key = Assert.Single(await outbox.ListBySessionAsync(sessionId), i => i.Message.Kind == OutboxKinds.Notification).Message.Key;

        // Host A's worker leases the item and dies inside the notifier: the call never returns, nothing returns the lease.
        var killed = hostA.GetRequiredService<OutboxDispatcher>().RunOnceAsync();
        await dying.Reached.Task;
        Assert.False(killed.IsCompleted);
        Assert.Equal(OutboxItemStatus.Leased, (await outbox.GetAsync(key))!.Status);
        Assert.Equal(afterEffect ? 1 : 0, sent.Deliveries.GetValueOrDefault(key));

        await using (var hostB = BuildHost(clock, sent))
        {
            var worker = hostB.GetRequiredService<OutboxDispatcher>();
            Assert.Equal(0, await worker.RunOnceAsync()); // the dead host's lease still holds
            clock.Advance(Lease);
            Assert.Equal(1, await worker.RunOnceAsync());
        }

        // If the killed call ever came back, its lease token no longer ends anything.
        dying.Die.SetException(new OperationCanceledException("the process was killed"));
        await killed;
        await hostA.DisposeAsync();

        var item = (await outbox.GetAsync(key))!;
        Assert.Equal(1, item.Attempts);
        return (sent.Deliveries, key, item);
    }

    private ServiceProvider BuildHost(FakeClock clock, IBookingNotifier notifier) =>
        TestHost.Build(
            b =>
            {
                b.AddInMemoryStores(MultiInstanceRaceTests.SeedDirectory)
                    .AddPostgreSqlStores(MultiInstanceRaceTests.Connection(), o => o.Schema = database.Schema)
                    .AddSimulatedPayments()
                    .AddOutboxWorker(o => o.LeaseDuration = Lease);
                b.Services.AddSingleton(notifier);
            },
            clock,
            o =>
            {
                o.MinimumMatchScore = 0;
                o.HoldDuration = Duration.FromMinutes(40);
            });

    /// <summary>The notifier both hosts share (the mail server, say): how often each message id was delivered.</summary>
    private sealed class CountingNotifier : IBookingNotifier
    {
        private readonly ConcurrentDictionary<string, int> _deliveries = new(StringComparer.Ordinal);

        public IReadOnlyDictionary<string, int> Deliveries => new Dictionary<string, int>(_deliveries, StringComparer.Ordinal);

        public Task NotifyAsync(BookingNotification notification, CancellationToken cancellationToken = default)
        {
            _deliveries.AddOrUpdate(notification.MessageId ?? "(none)", 1, static (_, n) => n + 1);
            return Task.CompletedTask;
        }
    }

    /// <summary>Host A's notifier: reaches the send (and makes it, after the effect), then never returns until <see cref="Die"/> completes.</summary>
    private sealed class DyingNotifier(IBookingNotifier inner, bool afterEffect) : IBookingNotifier
    {
        public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Die { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task NotifyAsync(BookingNotification notification, CancellationToken cancellationToken = default)
        {
            if (afterEffect)
            {
                await inner.NotifyAsync(notification, cancellationToken);
            }

            Reached.TrySetResult();
            await Die.Task;
        }
    }
}
