using InterviewBooking.Testing;
using NodaTime.Testing;

namespace InterviewBooking.InMemory.Tests;

public sealed class RecordingInterviewSchedulerTests
{
    private readonly FakeClock _clock = new(Instant.FromUtc(2025, 6, 9, 8, 0));
    private readonly RecordingInterviewScheduler _scheduler;

    public RecordingInterviewSchedulerTests() => _scheduler = new RecordingInterviewScheduler(_clock);

    [Fact]
    public async Task Same_key_returns_the_first_interview()
    {
        var request = Request("ps_1");

        var first = await _scheduler.ScheduleAsync(request);
        _clock.Advance(Duration.FromMinutes(1));
        var again = await _scheduler.ScheduleAsync(request with { ReservationId = ReservationId.New() });

        Assert.Same(first, again);
        Assert.Equal(Instant.FromUtc(2025, 6, 9, 8, 0), first.ScheduledAt);
        Assert.Equal(request, first.Request);
        Assert.Equal(request.Interviewer.Id, first.InterviewerId);
        Assert.Single(_scheduler.Interviews);
        Assert.Equal(1, _scheduler.CountFor("ps_1"));
        Assert.Equal(2, _scheduler.CallCountFor("ps_1"));
        Assert.Equal(2, _scheduler.CallCount);
        Assert.Same(first, _scheduler.Find("ps_1"));
    }

    [Fact]
    public async Task Different_keys_create_different_interviews_in_order()
    {
        var one = await _scheduler.ScheduleAsync(Request("ps_1"));
        var two = await _scheduler.ScheduleAsync(Request("ps_2"));

        Assert.NotEqual(one.Id, two.Id);
        Assert.Equal([one, two], _scheduler.Interviews);
        Assert.Equal(0, _scheduler.CountFor("ps_3"));
        Assert.Null(_scheduler.Find("ps_3"));
    }

    [Fact]
    public async Task Concurrent_calls_with_one_key_create_one_interview()
    {
        for (var round = 0; round < 4; round++)
        {
            var request = Request($"ps_race{round}");

            var results = await Concurrently.RunAsync(32, _ => _scheduler.ScheduleAsync(request));

            var interview = Assert.Single(_scheduler.Interviews, i => i.Request.IdempotencyKey == request.IdempotencyKey);
            Assert.All(results, r => Assert.Equal(interview.Id, r.Id));
            Assert.Equal(32, _scheduler.CallCountFor(request.IdempotencyKey));
        }

        Assert.Equal(4, _scheduler.Interviews.Count);
    }

    [Fact]
    public async Task A_failed_call_schedules_nothing_and_the_retry_schedules_once()
    {
        _scheduler.FailNextSchedules(1);

        await Assert.ThrowsAsync<SimulatedFailureException>(() => _scheduler.ScheduleAsync(Request("ps_1")));
        Assert.Empty(_scheduler.Interviews);

        await _scheduler.ScheduleAsync(Request("ps_1"));
        Assert.Equal(1, _scheduler.CountFor("ps_1"));
    }

    [Fact]
    public async Task A_blank_key_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _scheduler.ScheduleAsync(Request(" ")));
        await Assert.ThrowsAsync<ArgumentNullException>(() => _scheduler.ScheduleAsync(null!));
    }

    private InterviewScheduleRequest Request(string key) =>
        PaymentSessionSamples.ScheduleRequest(PaymentSessionSamples.Pending(_clock.GetCurrentInstant()), key);
}
