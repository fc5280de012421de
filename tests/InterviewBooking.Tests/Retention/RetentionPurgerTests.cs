using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NodaTime.Testing;
using NSubstitute;

namespace InterviewBooking.Tests.Retention;

public sealed class RetentionPurgerTests
{
    private static readonly Instant Start = Instant.FromUtc(2026, 3, 1, 0, 0);

    [Fact]
    public async Task A_pass_drains_each_kind_until_a_batch_comes_back_short_judging_every_batch_by_one_set_of_cutoffs()
    {
        var store = new FakeRetentionStore(fullBatches: 2);
        var options = new RetentionOptions { BatchSize = 10 };
        var purger = new RetentionPurger(store, Monitor(options), new FakeClock(Start));

        var result = await purger.PurgeAsync();

        Assert.Equal(new RetentionPassResult(23, 23, 23, 23, Complete: true), result);
        Assert.Equal(92, result.Total);
        Assert.Equal(12, store.Calls.Count);
        Assert.All(store.Calls, c => Assert.Equal((RetentionCutoffs.At(Start, options), 10), (c.Cutoffs, c.MaxItems)));
        Assert.Equal(Start - Duration.FromDays(30), store.Calls[0].Cutoffs.FinishedBefore);
        Assert.Equal(Start - Duration.FromDays(180), store.Calls[0].Cutoffs.PaidBefore);
        Assert.Equal(RetentionKind.PaymentSessions, store.Calls[0].Kind); // sessions first, while the rows they are judged by are there
    }

    [Fact]
    public async Task A_pass_stops_at_its_batch_limit_and_says_it_is_not_complete()
    {
        var store = new FakeRetentionStore(fullBatches: int.MaxValue);
        var purger = new RetentionPurger(store, Monitor(new RetentionOptions { BatchSize = 5, MaxBatchesPerPass = 3 }), new FakeClock(Start));

        var result = await purger.PurgeAsync();

        Assert.False(result.Complete);
        Assert.Equal(15, result.Reservations);
        Assert.Equal(12, store.Calls.Count);
    }

    [Fact]
    public async Task The_worker_waits_an_interval_on_the_time_provider_before_each_pass_and_none_while_disabled()
    {
        var store = Substitute.For<IRetentionStore>();
        store.PurgeReservationsAsync(default!, default, default).ReturnsForAnyArgs(new RetentionBatch(RetentionKind.Reservations, []));
        store.PurgePaymentSessionsAsync(default!, default, default).ReturnsForAnyArgs(new RetentionBatch(RetentionKind.PaymentSessions, []));
        store.PurgeOutboxItemsAsync(default!, default, default).ReturnsForAnyArgs(new RetentionBatch(RetentionKind.OutboxItems, []));
        store.PurgePaymentEventsAsync(default!, default, default).ReturnsForAnyArgs(new RetentionBatch(RetentionKind.PaymentEvents, []));
        var time = new FakeTimeProvider();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton(store);
        services.AddInterviewBooking().AddRetention(o => o.Interval = Duration.FromMinutes(10));
        await using var provider = services.BuildServiceProvider();
        var worker = Assert.Single(provider.GetServices<IHostedService>().OfType<BackgroundService>());
        var monitor = provider.GetRequiredService<IOptionsMonitor<RetentionOptions>>();

        // The worker waits on its own task (ExecuteAsync runs off the caller's thread), and each wait starts when the pass before it ended,
        // so the clock moves a minute at a time, giving the worker time to catch up: no pass before ten minutes, then one per interval.
        await worker.StartAsync(CancellationToken.None);
        await Task.Delay(200);
        for (var minute = 1; minute < 10; minute++)
        {
            time.Advance(TimeSpan.FromMinutes(1));
            await Task.Delay(20);
            Assert.Equal(0, PassCount(store));
        }

        time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(await AdvanceUntilAsync(time, store, passes: 1, maxMinutes: 30));
        Assert.True(await AdvanceUntilAsync(time, store, passes: 2, maxMinutes: 40));
        monitor.CurrentValue.Enabled = false;
        Assert.False(await AdvanceUntilAsync(time, store, passes: 3, maxMinutes: 30));
        Assert.Equal(2, PassCount(store));
        await worker.StopAsync(CancellationToken.None);
    }

    private static int PassCount(IRetentionStore store) =>
        store.ReceivedCalls().Count(c => c.GetMethodInfo().Name == nameof(IRetentionStore.PurgePaymentEventsAsync));

    // Moves the fake time a minute at a time (up to maxMinutes), giving the worker's task time to catch up, until the passes are seen.
    private static async Task<bool> AdvanceUntilAsync(FakeTimeProvider time, IRetentionStore store, int passes, int maxMinutes)
    {
        for (var minute = 0; minute <= maxMinutes; minute++)
        {
            for (var i = 0; i < 30 && PassCount(store) < passes; i++)
            {
                await Task.Delay(10);
            }

            if (PassCount(store) >= passes)
            {
                return true;
            }

            time.Advance(TimeSpan.FromMinutes(1));
        }

        return PassCount(store) >= passes;
    }

    private static IOptionsMonitor<RetentionOptions> Monitor(RetentionOptions options)
    {
        var monitor = Substitute.For<IOptionsMonitor<RetentionOptions>>();
        monitor.CurrentValue.Returns(options);
        return monitor;
    }

    /// <summary>Answers <c>fullBatches</c> full batches of each kind, then one of 3 rows, then empty ones; records every call.</summary>
    private sealed class FakeRetentionStore(int fullBatches) : IRetentionStore
    {
        private readonly Dictionary<RetentionKind, int> _served = [];

        public List<(RetentionKind Kind, RetentionCutoffs Cutoffs, int MaxItems)> Calls { get; } = [];

        public Task<RetentionBatch> PurgeReservationsAsync(RetentionCutoffs cutoffs, int maxItems, CancellationToken cancellationToken = default) =>
            Serve(RetentionKind.Reservations, cutoffs, maxItems);

        public Task<RetentionBatch> PurgePaymentSessionsAsync(RetentionCutoffs cutoffs, int maxItems, CancellationToken cancellationToken = default) =>
            Serve(RetentionKind.PaymentSessions, cutoffs, maxItems);

        public Task<RetentionBatch> PurgeOutboxItemsAsync(RetentionCutoffs cutoffs, int maxItems, CancellationToken cancellationToken = default) =>
            Serve(RetentionKind.OutboxItems, cutoffs, maxItems);

        public Task<RetentionBatch> PurgePaymentEventsAsync(RetentionCutoffs cutoffs, int maxItems, CancellationToken cancellationToken = default) =>
            Serve(RetentionKind.PaymentEvents, cutoffs, maxItems);

        private Task<RetentionBatch> Serve(RetentionKind kind, RetentionCutoffs cutoffs, int maxItems)
        {
            Calls.Add((kind, cutoffs, maxItems));
            var served = _served.GetValueOrDefault(kind);
            _served[kind] = served + 1;
            var count = served < fullBatches ? maxItems : served == fullBatches ? 3 : 0;
            return Task.FromResult(new RetentionBatch(kind, [.. Enumerable.Range(0, count).Select(i => $"{kind}-{served}-{i}")]));
        }
    }
}
