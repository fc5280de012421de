using InterviewBooking.InMemory;
using InterviewBooking.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace InterviewBooking.Tests.Booking;

/// <summary>
/// Auto-booking with the default <see cref="InterviewScheduler"/> and an <see cref="IBookingCompletionStore"/> (as on PostgreSQL): a webhook's
/// fresh claim is booked in one completion, and the step path takes over, without asking the link provider twice, when the hold cannot be
/// confirmed.
/// </summary>
public sealed class BookingCompletionPathTests
{
    [Fact]
    public async Task A_paid_event_books_in_one_completion_with_one_meeting_link()
    {
        var (links, completions) = (new CountingLinks(), new CountingCompletions());
        await using var flow = DefaultSchedulerFlow(links, completions);
        var (started, paid) = await flow.StartAndPayAsync();

        var result = await flow.Events.ProcessAsync(paid);

        Assert.Equal(PaymentEventOutcome.Booked, result.Outcome);
        Assert.Equal([BookingCompletionOutcome.Completed], completions.Outcomes);
        Assert.Equal(1, links.Calls);
        var session = (await flow.Sessions.GetAsync(started.Session!.Id))!;
        var interview = Assert.Single(flow.Get<InMemoryInterviewStore>().Interviews);
        Assert.Equal((PaymentSessionStatus.Booked, interview.Id), (session.Status, session.InterviewId));
        Assert.Equal(links.Issued[0], interview.MeetingLink);
        Assert.Equal(ReservationStatus.Confirmed, (await flow.Reservations.GetAsync(session.ReservationId!.Value))!.Status);
        await flow.DrainOutboxAsync();
        Assert.Contains(flow.Notifier.Notifications, n => n.Kind == BookingNotificationKind.Booked && n.Session.Id == session.Id);
    }

    [Fact]
    public async Task A_late_payment_is_held_again_and_booked_with_the_interview_built_for_the_completion()
    {
        var (links, completions) = (new CountingLinks(), new CountingCompletions());
        await using var flow = DefaultSchedulerFlow(links, completions);
        var (started, paid) = await flow.StartAndPayAsync();
        flow.Clock.Advance(Duration.FromHours(2)); // the hold ran out; nobody took the slot

        var result = await flow.Events.ProcessAsync(paid);

        Assert.Equal(PaymentEventOutcome.Booked, result.Outcome);
        Assert.Equal([BookingCompletionOutcome.HoldNotConfirmable], completions.Outcomes);
        Assert.Equal(1, links.Calls);
        var session = (await flow.Sessions.GetAsync(started.Session!.Id))!;
        Assert.NotEqual(started.Session.ReservationId, session.ReservationId);
        var interview = Assert.Single(flow.Get<InMemoryInterviewStore>().Interviews);
        Assert.Equal((session.InterviewId, session.ReservationId), (interview.Id, interview.ReservationId));
        Assert.Equal(session.ReservationId, interview.Request.ReservationId);
        Assert.Equal(links.Issued[0], interview.MeetingLink);
        Assert.Equal(ReservationStatus.Confirmed, (await flow.Reservations.GetAsync(session.ReservationId!.Value))!.Status);
    }

    [Fact]
    public async Task A_late_payment_whose_slot_was_taken_flags_a_refund_and_stores_no_interview()
    {
        var (links, completions) = (new CountingLinks(), new CountingCompletions());
        await using var flow = DefaultSchedulerFlow(links, completions);
        var (started, paid) = await flow.StartAndPayAsync();
        flow.Clock.Advance(Duration.FromHours(2));
        var session = started.Session!;
        Assert.True((await flow.Reservations.TryHoldAsync(new HoldRequest(
            session.InterviewerId!.Value, session.Slot!.Value, "another-session", flow.Clock.GetCurrentInstant() + Duration.FromMinutes(30)))).Succeeded);

        var result = await flow.Events.ProcessAsync(paid);

        Assert.Equal(PaymentEventOutcome.RefundRequired, result.Outcome);
        Assert.Equal([BookingCompletionOutcome.HoldNotConfirmable], completions.Outcomes);
        Assert.Empty(flow.Get<InMemoryInterviewStore>().Interviews);
        Assert.Equal(PaymentSessionStatus.RefundRequired, (await flow.Sessions.GetAsync(session.Id))!.Status);
    }

    [Fact]
    public async Task An_interview_already_under_the_key_is_booked_instead_of_a_second_one()
    {
        var (links, completions) = (new CountingLinks(), new CountingCompletions());
        await using var flow = DefaultSchedulerFlow(links, completions);
        var (started, paid) = await flow.StartAndPayAsync();
        var session = started.Session!;
        var existing = await flow.Get<InMemoryInterviewStore>().AddOrGetAsync(new ScheduledInterview(
            InterviewId.New(),
            new InterviewScheduleRequest
            {
                IdempotencyKey = session.Id.Value,
                PaymentSessionId = session.Id,
                Interviewer = session.MatchedInterviewer!,
                CandidateId = session.CandidateId,
                CandidateName = session.CandidateName,
                CandidateEmail = session.CandidateEmail,
                CandidateTimeZone = session.CandidateTimeZone,
                Slot = session.Slot!.Value,
                ReservationId = session.ReservationId!.Value,
                PlanId = session.PlanId,
            },
            flow.Clock.GetCurrentInstant()));

        var result = await flow.Events.ProcessAsync(paid);

        Assert.Equal(PaymentEventOutcome.Booked, result.Outcome);
        Assert.Equal([BookingCompletionOutcome.InterviewKeyTaken], completions.Outcomes);
        Assert.Equal(existing.Id, Assert.Single(flow.Get<InMemoryInterviewStore>().Interviews).Id);
        var booked = (await flow.Sessions.GetAsync(session.Id))!;
        Assert.Equal((PaymentSessionStatus.Booked, existing.Id), (booked.Status, booked.InterviewId));
    }

    [Fact]
    public async Task Without_a_completion_store_the_default_scheduler_books_in_steps()
    {
        var links = new CountingLinks();
        await using var flow = DefaultSchedulerFlow(links, completions: null);
        var (started, paid) = await flow.StartAndPayAsync();

        var result = await flow.Events.ProcessAsync(paid);

        Assert.Equal(PaymentEventOutcome.Booked, result.Outcome);
        Assert.Equal(1, links.Calls);
        Assert.Equal(Assert.Single(flow.Get<InMemoryInterviewStore>().Interviews).Id, (await flow.Sessions.GetAsync(started.Session!.Id))!.InterviewId);
    }

    // The in-memory stores with the default scheduler over their interview store (not the recording one), as AddPostgreSqlStores registers it.
    private static FlowFixture DefaultSchedulerFlow(CountingLinks links, CountingCompletions? completions) => new(services =>
    {
        services.Replace(ServiceDescriptor.Singleton<IMeetingLinkProvider>(links));
        services.Replace(ServiceDescriptor.Singleton<IInterviewScheduler>(static provider => new InterviewScheduler(
            provider.GetRequiredService<InMemoryInterviewStore>(), provider.GetRequiredService<IMeetingLinkProvider>(), provider.GetRequiredService<IClock>())));
        if (completions is null)
        {
            services.RemoveAll<IBookingCompletionStore>();
            return;
        }

        services.Replace(ServiceDescriptor.Singleton<IBookingCompletionStore>(provider =>
        {
            completions.Inner = new InMemoryBookingCompletionStore(
                (InMemoryPaymentSessionStore)provider.GetRequiredService<IPaymentSessionStore>(),
                (InMemoryReservationStore)provider.GetRequiredService<IReservationStore>(),
                provider.GetRequiredService<InMemoryInterviewStore>());
            return completions;
        }));
    });

    private sealed class CountingLinks : IMeetingLinkProvider
    {
        public List<Uri> Issued { get; } = [];

        public int Calls => Issued.Count;

        public ValueTask<Uri?> CreateLinkAsync(InterviewId interviewId, InterviewScheduleRequest request, CancellationToken cancellationToken = default)
        {
            var link = new Uri($"https://meet.example.com/{interviewId}");
            lock (Issued)
            {
                Issued.Add(link);
            }

            return ValueTask.FromResult<Uri?>(link);
        }
    }

    private sealed class CountingCompletions : IBookingCompletionStore
    {
        public InMemoryBookingCompletionStore Inner { get; set; } = null!;

        public List<BookingCompletionOutcome> Outcomes { get; } = [];

        public async Task<BookingCompletionResult> TryCompleteAsync(BookingCompletion completion, CancellationToken cancellationToken = default)
        {
            var result = await Inner.TryCompleteAsync(completion, cancellationToken);
            Outcomes.Add(result.Outcome);
            return result;
        }
    }
}
