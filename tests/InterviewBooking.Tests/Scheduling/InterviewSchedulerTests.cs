using InterviewBooking.InMemory;
using InterviewBooking.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewBooking.Tests.Scheduling;

public sealed class InterviewSchedulerTests
{
    [Fact]
    public async Task The_interview_carries_a_link_from_the_template()
    {
        await using var flow = new FlowFixture(configureOptions: o => o.MeetingLinkTemplate = "https://meet.example.com/interviews/{interviewId}?s={sessionId}");
        var session = await flow.StorePaidSessionAsync();

        await flow.AutoBooking.BookAsync(session.Id);

        var interview = Assert.Single(flow.Scheduler.Interviews);
        Assert.False(interview.IsLinkPending);
        Assert.Equal($"https://meet.example.com/interviews/{interview.Id}?s={session.Id}", interview.MeetingLink!.ToString());
    }

    [Fact]
    public async Task Without_a_template_the_link_is_honestly_pending()
    {
        await using var flow = new FlowFixture();
        var session = await flow.StorePaidSessionAsync();

        await flow.AutoBooking.BookAsync(session.Id);

        var interview = Assert.Single(flow.Scheduler.Interviews);
        Assert.True(interview.IsLinkPending);
        Assert.Null(interview.MeetingLink);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://meet.example.com/{interviewId}")]
    [InlineData("https://meet.example.com/room")]
    public void A_bad_template_fails_at_start(string template)
    {
        var result = new InterviewBookingOptionsValidator().Validate(null, Options(o => o.MeetingLinkTemplate = template));

        Assert.True(result.Failed);
        Assert.Contains("MeetingLinkTemplate", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains(template, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_schedules_with_one_key_make_one_interview_and_link()
    {
        var store = new InMemoryInterviewStore();
        var links = new CountingLinks();
        var scheduler = new InterviewScheduler(store, links, new NodaTime.Testing.FakeClock(FlowFixture.Start));
        var request = Request("ps_key_1");

        var results = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(() => scheduler.ScheduleAsync(request))));

        Assert.Single(results.Select(r => r.Id).Distinct());
        Assert.Single(store.Interviews);
        Assert.Equal(results[0].MeetingLink, store.Interviews[0].MeetingLink);
    }

    [Fact]
    public async Task Reschedule_and_cancel_raise_the_sequence_once_each()
    {
        var store = new InMemoryInterviewStore();
        var scheduler = new InterviewScheduler(store, new CountingLinks(), new NodaTime.Testing.FakeClock(FlowFixture.Start));
        var interview = await scheduler.ScheduleAsync(Request("ps_key_2"));
        var later = new Interval(interview.Slot.Start + Duration.FromHours(2), interview.Slot.End + Duration.FromHours(2));
        var reservation = ReservationId.New();

        var moved = await scheduler.RescheduleAsync(interview.Id, later, reservation);
        var movedAgain = await scheduler.RescheduleAsync(interview.Id, later, reservation);
        var canceled = await scheduler.CancelAsync(interview.Id);
        var canceledAgain = await scheduler.CancelAsync(interview.Id);

        Assert.Equal(0, interview.Sequence);
        Assert.Equal(1, moved.Sequence);
        Assert.Equal(later, moved.Slot);
        Assert.Equal(reservation, moved.ReservationId);
        Assert.Equal(moved, movedAgain);
        Assert.Equal(2, canceled.Sequence);
        Assert.Equal(InterviewStatus.Canceled, canceled.Status);
        Assert.Equal(canceled, canceledAgain);
        await Assert.ThrowsAsync<InterviewBookingException>(() => scheduler.RescheduleAsync(interview.Id, interview.Slot, reservation));
        await Assert.ThrowsAsync<InterviewNotFoundException>(() => scheduler.CancelAsync(InterviewId.New()));
    }

    [Fact]
    public void The_in_memory_default_schedules_through_the_shared_interview_store()
    {
        var services = new ServiceCollection();
        services.AddInterviewBooking(FlowFixture.ConfigureDefaults).AddInMemoryStores();
        using var provider = services.BuildServiceProvider();

        Assert.IsType<RecordingInterviewScheduler>(provider.GetRequiredService<IInterviewScheduler>());
        Assert.Same(provider.GetRequiredService<InMemoryInterviewStore>(), provider.GetRequiredService<IInterviewStore>());
        Assert.IsType<TemplateMeetingLinkProvider>(provider.GetRequiredService<IMeetingLinkProvider>());
    }

    private static InterviewBookingOptions Options(Action<InterviewBookingOptions> configure)
    {
        var options = new InterviewBookingOptions();
        FlowFixture.ConfigureDefaults(options);
        configure(options);
        return options;
    }

    private static InterviewScheduleRequest Request(string key) => new()
    {
        IdempotencyKey = key,
        PaymentSessionId = new PaymentSessionId(key),
        Interviewer = new MatchedInterviewer { Id = new InterviewerId("interviewer-ada"), Name = "Ada", Email = "ada@example.com", Score = new MatchScore(20, 30, 30) },
        CandidateId = new CandidateId("candidate-1"),
        CandidateName = "Casey",
        CandidateEmail = "casey@example.org",
        CandidateTimeZone = FlowFixture.London,
        Slot = FlowFixture.PopularSlot,
        ReservationId = ReservationId.New(),
        PlanId = "mock-30",
    };

    private sealed class CountingLinks : IMeetingLinkProvider
    {
        private int _made;

        public ValueTask<Uri?> CreateLinkAsync(InterviewId interviewId, InterviewScheduleRequest request, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<Uri?>(new Uri($"https://meet.example.com/{interviewId}/{Interlocked.Increment(ref _made)}"));
    }
}
