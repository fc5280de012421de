using System.Reflection;
using InterviewBooking.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace InterviewBooking.Tests.Booking;

public sealed class AutoBookingServiceTests
{
    [Fact]
    public void Has_no_constructor_that_takes_a_matcher_or_a_directory()
    {
        var parameterTypes = typeof(AutoBookingService)
            .GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)
            .SelectMany(c => c.GetParameters())
            .Select(p => p.ParameterType)
            .ToList();

        Assert.NotEmpty(parameterTypes);
        Assert.DoesNotContain(typeof(IInterviewerMatcher), parameterTypes);
        Assert.DoesNotContain(typeof(IInterviewerDirectory), parameterTypes);
        Assert.DoesNotContain(typeof(BookingService), parameterTypes);
    }

    [Fact]
    public async Task Books_in_a_host_whose_matcher_cannot_even_be_constructed()
    {
        await using var flow = new FlowFixture(services =>
            services.AddSingleton<IInterviewerMatcher>(_ => throw new InvalidOperationException("matching must not run after payment")));
        var session = await flow.StorePaidSessionAsync();

        var result = await flow.Get<AutoBookingService>().BookAsync(session.Id);

        Assert.Equal(BookingOutcome.Booked, result.Outcome);
        Assert.Equal(session.InterviewerId, result.InterviewerId);
        Assert.Throws<InvalidOperationException>(() => flow.Get<IInterviewerMatcher>());
    }

    [Fact]
    public async Task Books_exactly_the_pre_matched_interviewer_and_confirms_the_hold()
    {
        await using var flow = new FlowFixture();
        var session = await flow.StorePaidSessionAsync();

        var result = await flow.AutoBooking.BookAsync(session.Id);

        Assert.Equal(BookingOutcome.Booked, result.Outcome);
        Assert.Equal(session.InterviewerId, result.InterviewerId);
        var interview = Assert.Single(flow.Scheduler.Interviews);
        Assert.Equal(session.MatchedInterviewer!.Id, interview.Request.Interviewer.Id);
        Assert.Equal(session.MatchedInterviewer.Email, interview.Request.Interviewer.Email);
        Assert.Equal(session.Id.Value, interview.Request.IdempotencyKey);
        Assert.Equal(session.Slot, interview.Request.Slot);
        var reservation = await flow.Reservations.GetAsync(session.ReservationId!.Value);
        Assert.Equal(ReservationStatus.Confirmed, reservation!.Status);
        var stored = await flow.Sessions.GetAsync(session.Id);
        Assert.Equal(PaymentSessionStatus.Booked, stored!.Status);
        Assert.Equal(interview.Id, stored.InterviewId);
        await flow.DrainOutboxAsync();
        Assert.Contains(flow.Notifier.Notifications, n => n.Kind == BookingNotificationKind.Booked && n.Session.Id == session.Id);
    }

    public static TheoryData<string, string> BrokenSnapshots() => new()
    {
        { "no snapshot", "matched_interviewer" },
        { "no interviewer id", "interviewer_id" },
        { "snapshot id differs", "matched_interviewer.id" },
        { "no email", "matched_interviewer.interviewer_email" },
        { "no name", "matched_interviewer.interviewer_name" },
        { "no slot", "slot" },
        { "no slot text", "selected_time_slot" },
        { "slot text differs", "selected_time_slot" },
        { "no date", "selected_date" },
        { "date differs", "selected_date" },
        { "no score", "match_score" },
        { "score differs", "match_score" },
        { "no reservation", "reservation_id" },
    };

    [Theory]
    [MemberData(nameof(BrokenSnapshots))]
    public async Task Refuses_missing_or_inconsistent_pre_matched_data_and_schedules_nothing(string breakage, string field)
    {
        await using var flow = new FlowFixture();
        var scheduler = Substitute.For<IInterviewScheduler>();
        var session = await flow.StorePaidSessionAsync(s => Break(s, breakage));
        var autoBooking = Create(flow, scheduler);

        var error = await Assert.ThrowsAsync<PreMatchedInterviewerException>(() => autoBooking.BookAsync(session.Id));

        Assert.Equal(field, error.Field);
        Assert.Equal(session.Id, error.SessionId);
        Assert.StartsWith("No pre-matched interviewer found", error.Message, StringComparison.Ordinal);
        await scheduler.DidNotReceiveWithAnyArgs().ScheduleAsync(default!, default);
        var stored = await flow.Sessions.GetAsync(session.Id);
        Assert.Equal(PaymentSessionStatus.RefundRequired, stored!.Status);
        Assert.Contains(field, stored.StatusReason, StringComparison.Ordinal);
    }

    private static PaymentSession Break(PaymentSession s, string breakage) => breakage switch
    {
        "no snapshot" => s with { MatchedInterviewer = null },
        "no interviewer id" => s with { InterviewerId = null },
        "snapshot id differs" => s with { MatchedInterviewer = s.MatchedInterviewer! with { Id = new InterviewerId("someone-else") } },
        "no email" => s with { MatchedInterviewer = s.MatchedInterviewer! with { Email = " " } },
        "no name" => s with { MatchedInterviewer = s.MatchedInterviewer! with { Name = "" } },
        "no slot" => s with { Slot = null },
        "no slot text" => s with { SelectedTimeSlot = null },
        "slot text differs" => s with { SelectedTimeSlot = "Monday, 06/10/2025 09:00-09:30" },
        "no date" => s with { SelectedDate = null },
        "date differs" => s with { SelectedDate = s.SelectedDate!.Value.PlusDays(1) },
        "no score" => s with { MatchScore = null },
        "score differs" => s with { MatchScore = s.MatchScore + 1 },
        "no reservation" => s with { ReservationId = null },
        _ => throw new ArgumentOutOfRangeException(nameof(breakage), breakage, null),
    };

    [Fact]
    public async Task A_reservation_of_another_interviewer_is_refused_as_inconsistent()
    {
        await using var flow = new FlowFixture();
        var foreignOwner = PaymentSessionId.New();
        var foreign = await flow.Reservations.TryHoldAsync(new HoldRequest(
            new InterviewerId("interviewer-brendan"), FlowFixture.PopularSlot, foreignOwner.Value, flow.Clock.GetCurrentInstant() + Duration.FromMinutes(10)));
        var session = await flow.StorePaidSessionAsync(s => s with { ReservationId = foreign.Reservation!.Id });

        var error = await Assert.ThrowsAsync<PreMatchedInterviewerException>(() => flow.AutoBooking.BookAsync(session.Id));

        Assert.Equal("reservation_id", error.Field);
        Assert.Empty(flow.Scheduler.Interviews);
        Assert.Equal(PaymentSessionStatus.RefundRequired, (await flow.Sessions.GetAsync(session.Id))!.Status);
    }

    [Fact]
    public async Task A_hold_of_the_session_for_another_slot_is_refused_as_inconsistent_and_not_left_confirmed()
    {
        await using var flow = new FlowFixture();
        var template = await flow.StorePaidSessionAsync();
        var id = PaymentSessionId.New();
        var elsewhere = new Interval(FlowFixture.PopularSlot.End + Duration.FromHours(2), FlowFixture.PopularSlot.End + Duration.FromHours(3));
        var own = await flow.Reservations.TryHoldAsync(new HoldRequest(
            template.MatchedInterviewer!.Id, elsewhere, id.Value, flow.Clock.GetCurrentInstant() + Duration.FromMinutes(10)));
        var session = await flow.Sessions.CreateAsync(template with { Id = id, ReservationId = own.Reservation!.Id });

        // The session's own hold (its owner), so the confirm succeeds before the slot is checked against the snapshot: the check gives it back.
        var error = await Assert.ThrowsAsync<PreMatchedInterviewerException>(() => flow.AutoBooking.BookAsync(session.Id));

        Assert.Equal("reservation_id", error.Field);
        Assert.Empty(flow.Scheduler.Interviews);
        Assert.Equal(PaymentSessionStatus.RefundRequired, (await flow.Sessions.GetAsync(session.Id))!.Status);
        Assert.NotEqual(ReservationStatus.Confirmed, (await flow.Reservations.GetAsync(own.Reservation.Id))!.Status);
    }

    [Fact]
    public async Task A_repeated_call_returns_the_same_booking_and_schedules_once()
    {
        await using var flow = new FlowFixture();
        var session = await flow.StorePaidSessionAsync();

        var first = await flow.AutoBooking.BookAsync(session.Id);
        var second = await flow.AutoBooking.BookAsync(session.Id);

        Assert.Equal(BookingOutcome.Booked, first.Outcome);
        Assert.Equal(BookingOutcome.AlreadyBooked, second.Outcome);
        Assert.Equal(first.InterviewId, second.InterviewId);
        Assert.Equal(first.InterviewerId, second.InterviewerId);
        Assert.Single(flow.Scheduler.Interviews);
        await flow.DrainOutboxAsync();
        Assert.Single(flow.Notifier.Notifications, n => n.Kind == BookingNotificationKind.Booked);
    }

    [Fact]
    public async Task Concurrent_calls_book_once()
    {
        await using var flow = new FlowFixture();
        var session = await flow.StorePaidSessionAsync();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var scheduler = Substitute.For<IInterviewScheduler>();
        scheduler.ScheduleAsync(Arg.Any<InterviewScheduleRequest>(), Arg.Any<CancellationToken>())
            .Returns(async call =>
            {
                await gate.Task; // keep the winner inside the claim while the others arrive
                return new ScheduledInterview(new InterviewId("iv-1"), call.Arg<InterviewScheduleRequest>(), flow.Clock.GetCurrentInstant());
            });
        var autoBooking = Create(flow, scheduler);

        var calls = Enumerable.Range(0, 32).Select(_ => Task.Run(() => autoBooking.BookAsync(session.Id))).ToList();
        await Task.Delay(50); // let the others arrive while the winner holds the claim (correctness does not depend on it)
        gate.SetResult();
        var results = await Task.WhenAll(calls);

        Assert.Single(results, r => r.Outcome == BookingOutcome.Booked);
        Assert.All(results, r => Assert.Contains(r.Outcome, new[] { BookingOutcome.Booked, BookingOutcome.AlreadyBooked, BookingOutcome.InProgress }));
        await scheduler.ReceivedWithAnyArgs(1).ScheduleAsync(default!, default);
        Assert.Equal(PaymentSessionStatus.Booked, (await flow.Sessions.GetAsync(session.Id))!.Status);
    }

    [Fact]
    public async Task An_unpaid_session_books_nothing()
    {
        await using var flow = new FlowFixture();
        var started = await flow.Booking.StartAsync(FlowFixture.Request());

        var result = await flow.AutoBooking.BookAsync(started.Session!.Id);

        Assert.Equal(BookingOutcome.NotPaid, result.Outcome);
        Assert.Empty(flow.Scheduler.Interviews);
        var reservation = await flow.Reservations.GetAsync(started.Reservation!.Id);
        Assert.Equal(ReservationStatus.Held, reservation!.Status);
    }

    [Fact]
    public async Task An_unknown_session_is_reported_not_found()
    {
        await using var flow = new FlowFixture();

        var result = await flow.AutoBooking.BookAsync(new PaymentSessionId("ps_unknown"));

        Assert.Equal(BookingOutcome.SessionNotFound, result.Outcome);
        Assert.Null(result.Session);
    }

    [Fact]
    public async Task An_expired_hold_on_a_free_slot_is_held_again_for_the_same_interviewer()
    {
        await using var flow = new FlowFixture();
        var session = await flow.StorePaidSessionAsync();
        flow.Clock.Advance(Duration.FromHours(2)); // the 30-minute hold ran out; nobody took the slot

        var result = await flow.AutoBooking.BookAsync(session.Id);

        Assert.Equal(BookingOutcome.Booked, result.Outcome);
        Assert.Equal(session.InterviewerId, result.InterviewerId);
        var stored = await flow.Sessions.GetAsync(session.Id);
        Assert.NotEqual(session.ReservationId, stored!.ReservationId);
        var renewed = await flow.Reservations.GetAsync(stored.ReservationId!.Value);
        Assert.Equal(ReservationStatus.Confirmed, renewed!.Status);
        Assert.Equal(session.InterviewerId, renewed.InterviewerId);
        Assert.Equal(session.Slot, renewed.Slot);
        Assert.Equal(session.InterviewerId, Assert.Single(flow.Scheduler.Interviews).InterviewerId);
    }

    [Fact]
    public async Task A_slot_taken_by_someone_else_flags_a_refund_and_books_nobody()
    {
        await using var flow = new FlowFixture();
        var session = await flow.StorePaidSessionAsync();
        flow.Clock.Advance(Duration.FromHours(2));
        var thief = await flow.Reservations.TryHoldAsync(new HoldRequest(
            session.InterviewerId!.Value, session.Slot!.Value, "another-session", flow.Clock.GetCurrentInstant() + Duration.FromMinutes(30)));
        Assert.True(thief.Succeeded);

        var result = await flow.AutoBooking.BookAsync(session.Id);

        Assert.Equal(BookingOutcome.ReservationLost, result.Outcome);
        Assert.Equal(PaymentSessionStatus.RefundRequired, result.Session!.Status);
        Assert.Contains(thief.Reservation!.Id.Value, result.Session.StatusReason, StringComparison.Ordinal);
        Assert.Empty(flow.Scheduler.Interviews);
        await flow.DrainOutboxAsync();
        Assert.Contains(flow.Notifier.Notifications, n => n.Kind == BookingNotificationKind.RefundRequired);
        var again = await flow.AutoBooking.BookAsync(session.Id);
        Assert.Equal(BookingOutcome.RefundRequired, again.Outcome);
    }

    [Fact]
    public async Task A_late_payment_is_held_again_under_the_rules_of_its_snapshot_and_refunded_when_a_rival_sits_inside_the_buffers()
    {
        await using var flow = new FlowFixture();
        var ada = FlowFixture.Interviewers().First();
        flow.Directory.AddOrUpdate(ada with { BufferBefore = Duration.FromMinutes(15), BufferAfter = Duration.FromMinutes(15) });
        var (started, paid) = await flow.StartAndPayAsync();
        Assert.Equal(ada.Id, started.Match!.Interviewer.Id);
        Assert.Equal(Duration.FromMinutes(15), started.Session!.MatchedInterviewer!.Rules!.BufferAfter);

        // The hold runs out; the interviewer drops the buffers, and a rival holds right after the slot (allowed without buffers).
        flow.Clock.Advance(Duration.FromHours(2));
        flow.Directory.AddOrUpdate(ada);
        var slot = started.Session.Slot!.Value;
        var rival = await flow.Reservations.TryHoldAsync(new HoldRequest(ada.Id, new Interval(slot.End, slot.End + slot.Duration), "rival", flow.Clock.GetCurrentInstant() + Duration.FromMinutes(30)));
        Assert.True(rival.Succeeded);

        var result = await flow.Events.ProcessAsync(paid);

        // The re-hold is the paid hold restored, with the buffers it was made with: the rival is inside them.
        Assert.Equal(PaymentEventOutcome.RefundRequired, result.Outcome);
        Assert.Contains("buffers", result.Session!.StatusReason, StringComparison.Ordinal);
        Assert.Contains(rival.Reservation!.Id.Value, result.Session.StatusReason, StringComparison.Ordinal);
        Assert.Empty(flow.Scheduler.Interviews);
    }

    [Fact]
    public async Task A_scheduler_failure_gives_the_claim_back_so_a_retry_books_once()
    {
        await using var flow = new FlowFixture();
        var session = await flow.StorePaidSessionAsync();
        var scheduler = Substitute.For<IInterviewScheduler>();
        scheduler.ScheduleAsync(Arg.Any<InterviewScheduleRequest>(), Arg.Any<CancellationToken>())
            .Returns(
                _ => throw new TimeoutException("calendar down"),
                call => Task.FromResult(new ScheduledInterview(new InterviewId("iv-2"), call.Arg<InterviewScheduleRequest>(), flow.Clock.GetCurrentInstant())));
        var autoBooking = Create(flow, scheduler);

        await Assert.ThrowsAsync<TimeoutException>(() => autoBooking.BookAsync(session.Id));
        Assert.Equal(PaymentSessionStatus.Paid, (await flow.Sessions.GetAsync(session.Id))!.Status);
        var retried = await autoBooking.BookAsync(session.Id);

        Assert.Equal(BookingOutcome.Booked, retried.Outcome);
        Assert.Equal(new InterviewId("iv-2"), retried.InterviewId);
        await scheduler.ReceivedWithAnyArgs(2).ScheduleAsync(default!, default);
    }

    [Fact]
    public async Task A_retry_after_a_re_hold_books_with_the_re_held_reservation_instead_of_refunding_against_itself()
    {
        // Found by the stress harness: the first attempt re-held and confirmed the slot, then the scheduler failed after creating the
        // interview; the retry met its own confirmed re-hold as a "conflict" and refunded, leaving the slot blocked and the interview standing.
        await using var flow = new FlowFixture();
        var session = await flow.StorePaidSessionAsync();
        flow.Clock.Advance(Duration.FromHours(2)); // the hold ran out; nobody took the slot
        var autoBooking = Create(flow, new AnswerLostOnceScheduler(flow.Scheduler));

        await Assert.ThrowsAsync<TimeoutException>(() => autoBooking.BookAsync(session.Id));
        var retried = await autoBooking.BookAsync(session.Id);

        Assert.Equal(BookingOutcome.Booked, retried.Outcome);
        var interview = Assert.Single(flow.Scheduler.Interviews);
        var stored = await flow.Sessions.GetAsync(session.Id);
        Assert.Equal(PaymentSessionStatus.Booked, stored!.Status);
        Assert.Equal(interview.Id, stored.InterviewId);
        Assert.Equal(interview.ReservationId, stored.ReservationId);
        var reheld = await flow.Reservations.GetAsync(stored.ReservationId!.Value);
        Assert.Equal(ReservationStatus.Confirmed, reheld!.Status);
        Assert.Equal(session.InterviewerId, reheld.InterviewerId);
        var active = await flow.Reservations.GetActiveAsync([session.InterviewerId!.Value], session.Slot!.Value);
        Assert.Equal(reheld.Id, Assert.Single(active).Id);
    }

    [Fact]
    public async Task A_claim_taken_over_after_a_re_hold_finds_the_re_held_reservation()
    {
        // The worker re-held and confirmed, scheduled, then died before marking the session booked; another delivery takes the claim over.
        await using var flow = new FlowFixture();
        var session = await flow.StorePaidSessionAsync();
        flow.Clock.Advance(Duration.FromHours(2));
        var sessions = new FailingBookedSessionStore(flow.Sessions);
        var dying = new AutoBookingService(
            sessions, flow.Reservations, flow.Scheduler,
            flow.Get<Microsoft.Extensions.Options.IOptionsMonitor<InterviewBookingOptions>>(), flow.Clock);

        await Assert.ThrowsAsync<TimeoutException>(() => dying.BookAsync(session.Id));
        flow.Clock.Advance(Duration.FromMinutes(3)); // past BookingClaimTimeout
        var takenOver = await flow.AutoBooking.BookAsync(session.Id);

        Assert.Equal(BookingOutcome.Booked, takenOver.Outcome);
        var interview = Assert.Single(flow.Scheduler.Interviews);
        Assert.Equal(interview.Id, takenOver.InterviewId);
        Assert.Equal(interview.ReservationId, (await flow.Sessions.GetAsync(session.Id))!.ReservationId);
    }

    [Fact]
    public async Task A_live_claim_is_left_alone_and_a_stale_one_is_taken_over()
    {
        await using var flow = new FlowFixture();
        var session = await flow.StorePaidSessionAsync();
        var claimed = await flow.Sessions.TryTransitionAsync(new PaymentSessionTransition(
            session.Id, PaymentSessionStatus.Paid, PaymentSessionStatus.Booking, flow.Clock.GetCurrentInstant()));
        Assert.True(claimed.Succeeded);

        var whileAlive = await flow.AutoBooking.BookAsync(session.Id);
        flow.Clock.Advance(Duration.FromMinutes(3)); // past BookingClaimTimeout (2 minutes): that worker died
        var afterTimeout = await flow.AutoBooking.BookAsync(session.Id);

        Assert.Equal(BookingOutcome.InProgress, whileAlive.Outcome);
        Assert.Equal(BookingOutcome.Booked, afterTimeout.Outcome);
        Assert.Single(flow.Scheduler.Interviews);
    }

    [Fact]
    public async Task A_failed_notification_does_not_undo_the_booking_and_is_delivered_on_a_later_attempt()
    {
        await using var flow = new FlowFixture();
        var session = await flow.StorePaidSessionAsync();
        flow.Notifier.FailNextNotifications(1);

        var result = await flow.AutoBooking.BookAsync(session.Id);
        Assert.Empty(flow.Notifier.Notifications); // nothing is sent inside the booking call
        await flow.DrainOutboxAsync();

        Assert.Equal(BookingOutcome.Booked, result.Outcome);
        Assert.Equal(PaymentSessionStatus.Booked, (await flow.Sessions.GetAsync(session.Id))!.Status);
        var item = Assert.Single(await flow.Outbox.ListBySessionAsync(session.Id), i => i.Message.Kind == OutboxKinds.Notification);
        Assert.Equal(OutboxItemStatus.Pending, item.Status);
        Assert.Equal(1, item.Attempts);
        Assert.Contains("Simulated failure", item.LastError, StringComparison.Ordinal);
        Assert.Empty(flow.Notifier.Notifications);

        flow.Clock.Advance(Duration.FromHours(1)); // past the longest back-off
        await flow.DrainOutboxAsync();

        var sent = Assert.Single(flow.Notifier.Notifications);
        Assert.Equal(BookingNotificationKind.Booked, sent.Kind);
        Assert.Equal(item.Message.Key, sent.MessageId);
        Assert.Equal(OutboxItemStatus.Completed, (await flow.Outbox.GetAsync(item.Message.Key))!.Status);
    }

    [Fact]
    public async Task Booking_again_finds_the_booking_and_its_one_notification()
    {
        // The system we replace lost the confirmation for good when the first call failed to notify: the repeat found "already booked".
        await using var flow = new FlowFixture();
        var session = await flow.StorePaidSessionAsync();

        await flow.AutoBooking.BookAsync(session.Id);
        var again = await flow.AutoBooking.BookAsync(session.Id);
        await flow.DrainOutboxAsync();

        Assert.Equal(BookingOutcome.AlreadyBooked, again.Outcome);
        var item = Assert.Single(await flow.Outbox.ListBySessionAsync(session.Id), i => i.Message.Kind == OutboxKinds.Notification);
        Assert.Equal($"{session.Id}:notification:booked:0", item.Message.Key);
        var sent = Assert.Single(flow.Notifier.Notifications);
        Assert.Equal(session.InterviewId ?? (await flow.Sessions.GetAsync(session.Id))!.InterviewId, sent.Interview!.Id);
    }

    private static AutoBookingService Create(FlowFixture flow, IInterviewScheduler scheduler) => new(
        flow.Sessions, flow.Reservations, scheduler,
        flow.Get<Microsoft.Extensions.Options.IOptionsMonitor<InterviewBookingOptions>>(), flow.Clock);

    /// <summary>A scheduler whose first call creates the interview, then fails as if its answer was lost.</summary>
    private sealed class AnswerLostOnceScheduler(IInterviewScheduler inner) : IInterviewScheduler
    {
        private int _calls;

        public async Task<ScheduledInterview> ScheduleAsync(InterviewScheduleRequest request, CancellationToken cancellationToken = default)
        {
            var interview = await inner.ScheduleAsync(request, cancellationToken);
            return Interlocked.Increment(ref _calls) == 1 ? throw new TimeoutException("the calendar created the event, then the answer was lost") : interview;
        }

        public Task<ScheduledInterview> RescheduleAsync(InterviewId id, Interval slot, ReservationId reservationId, CancellationToken cancellationToken = default) =>
            inner.RescheduleAsync(id, slot, reservationId, cancellationToken);

        public Task<ScheduledInterview> CancelAsync(InterviewId id, CancellationToken cancellationToken = default) => inner.CancelAsync(id, cancellationToken);
    }

    /// <summary>A session store that fails (like a lost connection) when asked to mark a session booked.</summary>
    private sealed class FailingBookedSessionStore(IPaymentSessionStore inner) : IPaymentSessionStore
    {
        public Task<PaymentSession> CreateAsync(PaymentSession session, CancellationToken cancellationToken = default) => inner.CreateAsync(session, cancellationToken);

        public Task<PaymentSession?> GetAsync(PaymentSessionId id, CancellationToken cancellationToken = default) => inner.GetAsync(id, cancellationToken);

        public Task<PaymentSession?> FindByIdempotencyKeyAsync(CandidateId candidateId, string idempotencyKey, CancellationToken cancellationToken = default) =>
            inner.FindByIdempotencyKeyAsync(candidateId, idempotencyKey, cancellationToken);

        public Task<PaymentSessionUpdateResult> TryAttachCheckoutAsync(PaymentSessionId id, string providerReference, Uri checkoutUrl, CancellationToken cancellationToken = default) =>
            inner.TryAttachCheckoutAsync(id, providerReference, checkoutUrl, cancellationToken);

        public Task<PaymentSessionUpdateResult> TryTransitionAsync(PaymentSessionTransition transition, CancellationToken cancellationToken = default) =>
            transition.To == PaymentSessionStatus.Booked
                ? throw new TimeoutException("the database went away")
                : inner.TryTransitionAsync(transition, cancellationToken);

        public Task<IReadOnlyList<PaymentSessionStatusChange>> GetHistoryAsync(PaymentSessionId id, CancellationToken cancellationToken = default) =>
            inner.GetHistoryAsync(id, cancellationToken);

        public Task<IReadOnlyList<PaymentSession>> ListByStatusAsync(
            PaymentSessionStatus status, Instant changedBefore, int maxItems, CancellationToken cancellationToken = default) =>
            inner.ListByStatusAsync(status, changedBefore, maxItems, cancellationToken);
    }
}
