using InterviewBooking.Tests.Support;

namespace InterviewBooking.Tests.Changes;

public sealed class BookingChangeServiceTests
{
    // The popular slot is Tuesday 2 June 2026 14:00 UTC; the fixture's clock starts Monday 1 June 08:00 UTC (30 hours before).
    private static readonly Interval LaterSameDay = new(Instant.FromUtc(2026, 6, 2, 16, 0), Instant.FromUtc(2026, 6, 2, 16, 30));

    [Fact]
    public async Task Cancel_well_ahead_refunds_in_full_frees_the_slot_and_tells_both_parties()
    {
        await using var flow = new FlowFixture();
        var booked = await BookAsync(flow);

        var result = await Changes(flow).CancelAsync(booked.Id, "changed my mind");

        Assert.Equal(BookingChangeOutcome.Canceled, result.Outcome);
        Assert.Equal(PaymentSessionStatus.BookingCanceled, result.Session!.Status);
        Assert.Equal(new Money(4900, "USD"), result.Refund!.Amount);
        Assert.Equal(100, result.Refund.Percent);
        Assert.Equal(result.Refund, result.Session.Refund);
        Assert.Equal(InterviewStatus.Canceled, result.Interview!.Status);
        Assert.Equal(1, result.Interview.Sequence);
        Assert.Equal(ReservationStatus.Released, (await flow.Reservations.GetAsync(booked.ReservationId!.Value))!.Status);
        var next = await flow.Reservations.TryHoldAsync(new HoldRequest(booked.InterviewerId!.Value, booked.Slot!.Value, "next-candidate", flow.Clock.GetCurrentInstant() + Duration.FromMinutes(30)));
        Assert.True(next.Succeeded);
        await flow.DrainOutboxAsync();
        var notice = Assert.Single(flow.Notifier.Notifications, n => n.Kind == BookingNotificationKind.Canceled);
        Assert.Equal(1, notice.Sequence);
        Assert.Equal("changed my mind", notice.Reason);
        var trail = await flow.Sessions.GetHistoryAsync(booked.Id);
        Assert.Equal("changed my mind", trail[^1].Reason);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(50, 2450)]
    public async Task Cancel_late_applies_the_late_percentage(int percent, long refunded)
    {
        await using var flow = new FlowFixture(configureOptions: o => o.LateCancellationRefundPercent = percent);
        var booked = await BookAsync(flow);
        flow.Clock.Advance(Duration.FromHours(20)); // 10 hours before the start: inside the 24-hour notice

        var result = await Changes(flow).CancelAsync(booked.Id);

        Assert.Equal(BookingChangeOutcome.Canceled, result.Outcome);
        Assert.Equal(percent, result.Refund!.Percent);
        Assert.Equal(refunded, result.Refund.Amount.MinorUnits);
    }

    [Fact]
    public async Task Cancel_is_idempotent_and_too_late_once_started()
    {
        await using var flow = new FlowFixture();
        var booked = await BookAsync(flow);
        var other = (await flow.Booking.StartAsync(FlowFixture.Request("candidate-2"))).Session!; // pending, not booked

        var first = await Changes(flow).CancelAsync(booked.Id);
        var second = await Changes(flow).CancelAsync(booked.Id);
        var notBooked = await Changes(flow).CancelAsync(other.Id);

        Assert.Equal(BookingChangeOutcome.AlreadyCanceled, second.Outcome);
        Assert.Equal(first.Refund, second.Refund);
        await flow.DrainOutboxAsync();
        Assert.Single(flow.Notifier.Notifications, n => n.Kind == BookingNotificationKind.Canceled);
        Assert.Equal(BookingChangeOutcome.NotBooked, notBooked.Outcome);

        await using var lateFlow = new FlowFixture();
        var lateBooked = await BookAsync(lateFlow);
        lateFlow.Clock.Advance(Duration.FromHours(31));
        var tooLate = await Changes(lateFlow).CancelAsync(lateBooked.Id);
        Assert.Equal(BookingChangeOutcome.TooLate, tooLate.Outcome);
        Assert.Equal(PaymentSessionStatus.Booked, tooLate.Session!.Status);
    }

    [Fact]
    public async Task Reschedule_holds_the_new_slot_before_releasing_the_old_and_keeps_the_interviewer()
    {
        await using var flow = new FlowFixture();
        var booked = await BookAsync(flow);
        var oldReservation = booked.ReservationId!.Value;

        var result = await Changes(flow).RescheduleAsync(booked.Id, LaterSameDay);

        Assert.Equal(BookingChangeOutcome.Rescheduled, result.Outcome);
        var session = result.Session!;
        Assert.Equal(PaymentSessionStatus.Booked, session.Status);
        Assert.Equal(booked.InterviewerId, session.InterviewerId);
        Assert.Equal(LaterSameDay, session.Slot);
        Assert.Equal(SlotText.Format(LaterSameDay, FlowFixture.London), session.SelectedTimeSlot);
        Assert.Equal(1, session.InviteSequence);
        Assert.NotEqual(oldReservation, session.ReservationId);
        Assert.Equal(ReservationStatus.Confirmed, (await flow.Reservations.GetAsync(session.ReservationId!.Value))!.Status);
        Assert.Equal(ReservationStatus.Released, (await flow.Reservations.GetAsync(oldReservation))!.Status);
        Assert.Equal(LaterSameDay, result.Interview!.Slot);
        Assert.Equal(1, result.Interview.Sequence);
        Assert.Equal(booked.InterviewerId, result.Interview.InterviewerId);
        Assert.Single(flow.Scheduler.Interviews);
        await flow.DrainOutboxAsync();
        var notice = Assert.Single(flow.Notifier.Notifications, n => n.Kind == BookingNotificationKind.Rescheduled);
        Assert.Equal(1, notice.Sequence);

        // The session's snapshot stays consistent: auto-booking still reads it and returns the same booking.
        var again = await flow.AutoBooking.BookAsync(booked.Id);
        Assert.Equal(BookingOutcome.AlreadyBooked, again.Outcome);
        var same = await Changes(flow).RescheduleAsync(booked.Id, LaterSameDay);
        Assert.Equal(BookingChangeOutcome.AlreadyAtSlot, same.Outcome);
    }

    [Fact]
    public async Task Reschedule_to_a_taken_slot_leaves_the_booking_as_it_was()
    {
        await using var flow = new FlowFixture();
        var booked = await BookAsync(flow);
        var taken = await flow.Reservations.TryHoldAsync(new HoldRequest(booked.InterviewerId!.Value, LaterSameDay, "someone-else", flow.Clock.GetCurrentInstant() + Duration.FromMinutes(30)));
        Assert.True(taken.Succeeded);

        var result = await Changes(flow).RescheduleAsync(booked.Id, LaterSameDay);

        Assert.Equal(BookingChangeOutcome.SlotTaken, result.Outcome);
        var session = await flow.Sessions.GetAsync(booked.Id);
        Assert.Equal(booked.Slot, session!.Slot);
        Assert.Equal(booked.ReservationId, session.ReservationId);
        Assert.Equal(ReservationStatus.Confirmed, (await flow.Reservations.GetAsync(booked.ReservationId!.Value))!.Status);
        Assert.Equal(booked.Slot, Assert.Single(flow.Scheduler.Interviews).Slot);
    }

    [Fact]
    public async Task Reschedule_outside_the_interviewers_hours_is_refused()
    {
        await using var flow = new FlowFixture();
        var booked = await BookAsync(flow);
        var night = new Interval(Instant.FromUtc(2026, 6, 3, 3, 0), Instant.FromUtc(2026, 6, 3, 3, 30)); // 23:00 in New York

        var result = await Changes(flow).RescheduleAsync(booked.Id, night);

        Assert.Equal(BookingChangeOutcome.InterviewerUnavailable, result.Outcome);
        Assert.Equal(booked.Slot, (await flow.Sessions.GetAsync(booked.Id))!.Slot);
        Assert.Empty(await flow.Reservations.GetActiveAsync([booked.InterviewerId!.Value], night));
    }

    [Fact]
    public async Task Reschedule_onto_the_interviewers_day_off_is_refused()
    {
        await using var flow = new FlowFixture();
        var booked = await BookAsync(flow);
        var interviewer = flow.Directory.Index.Get(booked.InterviewerId!.Value)!;
        var zone = interviewer.TimeZone;
        flow.Directory.AddOrUpdate(interviewer with { AvailabilityOverrides = [AvailabilityOverride.DayOff(LaterSameDay.Start.InZone(zone).Date)] });

        var result = await Changes(flow).RescheduleAsync(booked.Id, LaterSameDay);

        Assert.Equal(BookingChangeOutcome.InterviewerUnavailable, result.Outcome);
        Assert.Equal(booked.Slot, (await flow.Sessions.GetAsync(booked.Id))!.Slot);
    }

    [Fact]
    public async Task Reschedule_to_a_slot_of_another_length_is_a_typed_error()
    {
        await using var flow = new FlowFixture();
        var booked = await BookAsync(flow);

        var error = await Assert.ThrowsAsync<InvalidInterviewRequestException>(() =>
            Changes(flow).RescheduleAsync(booked.Id, new Interval(LaterSameDay.Start, LaterSameDay.Start + Duration.FromHours(1))));

        Assert.Equal("newSlot", error.Field);
    }

    [Fact]
    public async Task A_session_that_is_not_booked_is_neither_canceled_nor_moved()
    {
        await using var flow = new FlowFixture();
        var started = await flow.Booking.StartAsync(FlowFixture.Request());

        Assert.Equal(BookingChangeOutcome.NotBooked, (await Changes(flow).CancelAsync(started.Session!.Id)).Outcome);
        Assert.Equal(BookingChangeOutcome.NotBooked, (await Changes(flow).RescheduleAsync(started.Session.Id, LaterSameDay)).Outcome);
        Assert.Equal(BookingChangeOutcome.SessionNotFound, (await Changes(flow).CancelAsync(PaymentSessionId.New())).Outcome);
    }

    [Fact]
    public async Task Cancel_of_a_booking_whose_interview_the_scheduler_lost_still_frees_the_slot()
    {
        await using var flow = new FlowFixture();
        var session = await flow.StorePaidSessionAsync();
        await flow.Reservations.TryConfirmAsync(session.ReservationId!.Value, session.Id.Value);
        // Booked by an earlier instance whose interviews lived in its memory: the session names an interview nobody knows.
        var claimed = await flow.Sessions.TryTransitionAsync(new PaymentSessionTransition(session.Id, PaymentSessionStatus.Paid, PaymentSessionStatus.Booking, flow.Clock.GetCurrentInstant()));
        var booked = await flow.Sessions.TryTransitionAsync(new PaymentSessionTransition(session.Id, PaymentSessionStatus.Booking, PaymentSessionStatus.Booked, flow.Clock.GetCurrentInstant())
        {
            InterviewId = InterviewId.New(),
        });
        Assert.True(claimed.Succeeded && booked.Succeeded);

        var result = await Changes(flow).CancelAsync(session.Id);

        Assert.Equal(BookingChangeOutcome.Canceled, result.Outcome);
        Assert.Null(result.Interview);
        Assert.Equal(ReservationStatus.Released, (await flow.Reservations.GetAsync(session.ReservationId.Value))!.Status);
    }

    private static BookingChangeService Changes(FlowFixture flow) => flow.Get<BookingChangeService>();

    private static async Task<PaymentSession> BookAsync(FlowFixture flow)
    {
        var session = await flow.StorePaidSessionAsync();
        var booked = await flow.AutoBooking.BookAsync(session.Id);
        Assert.Equal(BookingOutcome.Booked, booked.Outcome);
        return booked.Session!;
    }
}
