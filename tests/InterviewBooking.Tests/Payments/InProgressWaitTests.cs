using InterviewBooking.InMemory;
using InterviewBooking.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewBooking.Tests.Payments;

/// <summary>
/// A payment event that finds another worker booking its session waits within the call (<see cref="InterviewBookingOptions.InProgressWait"/>)
/// and is answered from the outcome; only a claim that outlasts the wait is answered "deliver again".
/// </summary>
public sealed class InProgressWaitTests
{
    [Fact]
    public async Task A_duplicate_delivery_racing_the_first_waits_for_its_booking_and_is_answered_booked()
    {
        var gate = new GatedScheduler();
        await using var flow = new FlowFixture(services => gate.Register(services));
        var (_, paid) = await flow.StartAndPayAsync();

        var first = flow.Events.ProcessAsync(paid);
        await gate.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var duplicate = flow.Events.ProcessAsync(paid);
        await Task.Delay(200);
        Assert.False(duplicate.IsCompleted); // still waiting: the first holds the claim
        gate.Release();

        var results = await Task.WhenAll(first, duplicate).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.All(results, r => Assert.Equal(PaymentEventOutcome.Booked, r.Outcome));
        Assert.Equal(BookingOutcome.AlreadyBooked, results[1].Booking!.Outcome);
        Assert.False(results[1].ShouldRetry);
        Assert.Single(flow.Scheduler.Interviews);
    }

    [Fact]
    public async Task A_claim_that_outlasts_the_wait_is_answered_deliver_again()
    {
        var gate = new GatedScheduler();
        await using var flow = new FlowFixture(
            services => gate.Register(services),
            options =>
            {
                options.InProgressWait = Duration.FromMilliseconds(300);
                options.InProgressPollInterval = Duration.FromMilliseconds(50);
            });
        var (_, paid) = await flow.StartAndPayAsync();

        var first = flow.Events.ProcessAsync(paid);
        await gate.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var duplicate = await flow.Events.ProcessAsync(paid).WaitAsync(TimeSpan.FromSeconds(10));
        gate.Release();
        var booked = await first.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(PaymentEventOutcome.InProgress, duplicate.Outcome);
        Assert.True(duplicate.ShouldRetry);
        Assert.True(gate.Calls >= 1);
        Assert.Equal(PaymentEventOutcome.Booked, booked.Outcome);
        Assert.Single(flow.Scheduler.Interviews);
    }

    [Fact]
    public async Task With_no_wait_a_racing_delivery_is_answered_deliver_again_at_once()
    {
        var gate = new GatedScheduler();
        await using var flow = new FlowFixture(services => gate.Register(services), options => options.InProgressWait = Duration.Zero);
        var (_, paid) = await flow.StartAndPayAsync();

        var first = flow.Events.ProcessAsync(paid);
        await gate.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var duplicate = flow.Events.ProcessAsync(paid);
        var answered = await Task.WhenAny(duplicate, Task.Delay(TimeSpan.FromSeconds(5)));
        gate.Release();
        await first.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Same(duplicate, answered);
        Assert.Equal(PaymentEventOutcome.InProgress, (await duplicate).Outcome);
    }

    [Fact]
    public async Task The_sweeper_and_the_outbox_path_never_wait_for_another_worker()
    {
        var gate = new GatedScheduler();
        await using var flow = new FlowFixture(services => gate.Register(services), options => options.InProgressWait = Duration.FromSeconds(30));
        var (_, paid) = await flow.StartAndPayAsync();

        var first = flow.Events.ProcessAsync(paid);
        await gate.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var background = flow.Events.ProcessAsync(paid, waitForOtherWorker: false, CancellationToken.None);
        var answered = await Task.WhenAny(background, Task.Delay(TimeSpan.FromSeconds(5)));
        gate.Release();
        await first.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Same(background, answered);
        Assert.Equal(PaymentEventOutcome.InProgress, (await background).Outcome);
    }

    /// <summary>The recording scheduler, held at its first call until released: a worker in the middle of a booking.</summary>
    private sealed class GatedScheduler
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _calls;

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Calls => Volatile.Read(ref _calls);

        public void Release() => _release.TrySetResult();

        public void Register(IServiceCollection services) =>
            services.AddSingleton<IInterviewScheduler>(provider => new Scheduler(this, provider.GetRequiredService<RecordingInterviewScheduler>()));

        private sealed class Scheduler(GatedScheduler gate, RecordingInterviewScheduler inner) : IInterviewScheduler
        {
            public async Task<ScheduledInterview> ScheduleAsync(InterviewScheduleRequest request, CancellationToken cancellationToken = default)
            {
                Interlocked.Increment(ref gate._calls);
                gate.Entered.TrySetResult();
                await gate._release.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
                return await inner.ScheduleAsync(request, cancellationToken).ConfigureAwait(false);
            }

            public Task<ScheduledInterview> RescheduleAsync(InterviewId id, Interval slot, ReservationId reservationId, CancellationToken cancellationToken = default) =>
                inner.RescheduleAsync(id, slot, reservationId, cancellationToken);

            public Task<ScheduledInterview> CancelAsync(InterviewId id, CancellationToken cancellationToken = default) =>
                inner.CancelAsync(id, cancellationToken);
        }
    }
}
