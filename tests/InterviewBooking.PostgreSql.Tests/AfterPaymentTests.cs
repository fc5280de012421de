using InterviewBooking.InMemory;
using Microsoft.Extensions.DependencyInjection;
using NodaTime.Testing;

namespace InterviewBooking.PostgreSql.Tests;

/// <summary>
/// A host that stops between scheduling an interview and marking the session booked, and another host that takes its claim over: with the
/// interviews in PostgreSQL both get the one interview, never a second.
/// </summary>
public sealed class ClaimTakeoverTests(PostgresSchemaFixture database) : IClassFixture<PostgresSchemaFixture>
{
    [Fact]
    public async Task A_host_taking_over_the_claim_of_a_host_that_stopped_after_scheduling_books_the_same_interview()
    {
        var clock = new FakeClock(Instant.FromUtc(2026, 3, 2, 8, 0));
        await using var hostA = MultiInstanceRaceTests.BuildHost(clock, b =>
        {
            b.AddInMemoryStores(MultiInstanceRaceTests.SeedDirectory).AddPostgreSqlStores(MultiInstanceRaceTests.Connection(), o => o.Schema = database.Schema);
            b.Services.AddSingleton<IInterviewScheduler>(p => new StallingScheduler(new InterviewScheduler(
                p.GetRequiredService<IInterviewStore>(), p.GetRequiredService<IMeetingLinkProvider>(), p.GetRequiredService<IClock>())));
        });
        await using var hostB = MultiInstanceRaceTests.BuildHost(
            clock, b => b.AddPostgreSqlStores(MultiInstanceRaceTests.Connection(), o => o.Schema = database.Schema).AddInMemoryStores(MultiInstanceRaceTests.SeedDirectory));
        var stalling = Assert.IsType<StallingScheduler>(hostA.GetRequiredService<IInterviewScheduler>());
        var sessions = hostA.GetRequiredService<IPaymentSessionStore>();
        var started = await hostA.GetRequiredService<BookingService>().StartAsync(MultiInstanceRaceTests.Request(0));
        var sessionId = started.Session!.Id;
        Assert.True((await sessions.TryTransitionAsync(
            new PaymentSessionTransition(sessionId, PaymentSessionStatus.Pending, PaymentSessionStatus.Paid, clock.GetCurrentInstant()) { EventId = "evt_paid" })).Succeeded);

        // Host A claims the session and schedules the interview, then stops before marking the session booked.
        var bookingA = Task.Run(() => hostA.GetRequiredService<AutoBookingService>().BookAsync(sessionId));
        try
        {
            var scheduledByA = await stalling.Scheduled.Task;

            // Past the claim timeout host B takes the claim over and books.
            clock.Advance(Duration.FromMinutes(3));
            var resultB = await hostB.GetRequiredService<AutoBookingService>().BookAsync(sessionId);

            Assert.Equal(BookingOutcome.Booked, resultB.Outcome);
            Assert.Equal(scheduledByA.Id, resultB.InterviewId);
            stalling.Resume.SetResult();
            var resultA = await bookingA;
            Assert.Equal(scheduledByA.Id, resultA.InterviewId);
        }
        finally
        {
            stalling.Resume.TrySetResult();
        }

        var booked = (await sessions.GetAsync(sessionId))!;
        Assert.Equal(PaymentSessionStatus.Booked, booked.Status);
        Assert.Equal(1L, await database.ScalarAsync<long>($"SELECT count(*) FROM {database.Table("interviews")} WHERE idempotency_key = $1", sessionId.Value));
        Assert.Equal(
            [PaymentSessionStatus.Pending, PaymentSessionStatus.Paid, PaymentSessionStatus.Booking, PaymentSessionStatus.Booking, PaymentSessionStatus.Booked],
            (await sessions.GetHistoryAsync(sessionId)).Select(h => h.To));
    }

    /// <summary>Schedules through the real scheduler, then waits until the test lets it return: a worker that stopped after scheduling.</summary>
    private sealed class StallingScheduler(IInterviewScheduler inner) : IInterviewScheduler
    {
        public TaskCompletionSource<ScheduledInterview> Scheduled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Resume { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<ScheduledInterview> ScheduleAsync(InterviewScheduleRequest request, CancellationToken cancellationToken = default)
        {
            var interview = await inner.ScheduleAsync(request, cancellationToken);
            Scheduled.TrySetResult(interview);
            await Resume.Task;
            return interview;
        }

        public Task<ScheduledInterview> RescheduleAsync(InterviewId id, Interval slot, ReservationId reservationId, CancellationToken cancellationToken = default) =>
            inner.RescheduleAsync(id, slot, reservationId, cancellationToken);

        public Task<ScheduledInterview> CancelAsync(InterviewId id, CancellationToken cancellationToken = default) => inner.CancelAsync(id, cancellationToken);
    }
}

/// <summary>Reschedule and cancel on the PostgreSQL stores: what the session, interview, reservation rows and audit trails hold after each.</summary>
public sealed class BookingChangeTests(PostgresSchemaFixture database) : IClassFixture<PostgresSchemaFixture>
{
    [Fact]
    public async Task Reschedule_then_cancel_keep_the_interviewer_and_leave_a_full_trail()
    {
        var clock = new FakeClock(Instant.FromUtc(2026, 3, 2, 8, 0));
        await using var host = MultiInstanceRaceTests.BuildHost(
            clock, b => b.AddInMemoryStores(MultiInstanceRaceTests.SeedDirectory).AddPostgreSqlStores(MultiInstanceRaceTests.Connection(), o => o.Schema = database.Schema));
        var sessions = host.GetRequiredService<IPaymentSessionStore>();
        var reservations = host.GetRequiredService<IReservationStore>();
        var interviews = host.GetRequiredService<IInterviewStore>();
        var changes = host.GetRequiredService<BookingChangeService>();
        var started = await host.GetRequiredService<BookingService>().StartAsync(MultiInstanceRaceTests.Request(0));
        var sessionId = started.Session!.Id;
        var gateway = host.GetRequiredService<SimulatedPaymentGateway>();
        Assert.Equal(PaymentEventOutcome.Booked, (await host.GetRequiredService<PaymentEventProcessor>().ProcessAsync(gateway.CompleteCheckout(sessionId))).Outcome);
        var booked = (await sessions.GetAsync(sessionId))!;
        var oldReservation = booked.ReservationId!.Value;

        clock.Advance(Duration.FromMinutes(10));
        var newSlot = new Interval(booked.Slot!.Value.Start + Duration.FromDays(1), booked.Slot.Value.End + Duration.FromDays(1));
        var moved = await changes.RescheduleAsync(sessionId, newSlot);
        var movedAgain = await changes.RescheduleAsync(sessionId, newSlot);

        Assert.Equal(BookingChangeOutcome.Rescheduled, moved.Outcome);
        Assert.Equal(BookingChangeOutcome.AlreadyAtSlot, movedAgain.Outcome);
        var afterMove = (await sessions.GetAsync(sessionId))!;
        var newReservation = afterMove.ReservationId!.Value;
        Assert.NotEqual(oldReservation, newReservation);
        Assert.Equal(newSlot, afterMove.Slot);
        Assert.Equal(SlotText.Format(newSlot, afterMove.CandidateTimeZone), afterMove.SelectedTimeSlot);
        Assert.Equal(SlotText.LocalDateOf(newSlot, afterMove.CandidateTimeZone), afterMove.SelectedDate);
        Assert.Equal(1, afterMove.InviteSequence);
        var interview = (await interviews.GetAsync(booked.InterviewId!.Value))!;
        Assert.Equal((newSlot, newReservation, 1, InterviewStatus.Scheduled), (interview.Slot, interview.ReservationId, interview.Sequence, interview.Status));
        Assert.Equal(booked.InterviewerId, interview.InterviewerId);
        Assert.Equal(
            [ReservationChangeReasons.Held, ReservationChangeReasons.Confirmed, ReservationChangeReasons.Canceled],
            (await reservations.GetHistoryAsync(oldReservation)).Select(h => h.Reason));

        clock.Advance(Duration.FromMinutes(10));
        var canceled = await changes.CancelAsync(sessionId, "candidate asked");
        var canceledAgain = await changes.CancelAsync(sessionId, "candidate asked");

        Assert.Equal(BookingChangeOutcome.Canceled, canceled.Outcome);
        Assert.Equal(BookingChangeOutcome.AlreadyCanceled, canceledAgain.Outcome);
        var afterCancel = (await sessions.GetAsync(sessionId))!;
        Assert.Equal(PaymentSessionStatus.BookingCanceled, afterCancel.Status);
        Assert.Equal(new RefundDecision(booked.Price.Total, 100, canceled.Refund!.Policy), afterCancel.Refund);
        Assert.Equal(
            $"booking_canceled|{booked.Price.Total.MinorUnits}|{booked.Price.Total.Currency}|100|1",
            await database.ScalarAsync<string>(
                $"SELECT concat_ws('|', status, refund_minor_units, refund_currency, refund_percent, invite_sequence) FROM {database.Table("payment_sessions")} WHERE id = $1",
                sessionId.Value));
        Assert.Equal(InterviewStatus.Canceled, (await interviews.GetAsync(interview.Id))!.Status);
        Assert.Equal(ReservationStatus.Released, (await reservations.GetAsync(newReservation))!.Status);
        Assert.Equal(
            [ReservationChangeReasons.Held, ReservationChangeReasons.Confirmed, ReservationChangeReasons.Canceled],
            (await reservations.GetHistoryAsync(newReservation)).Select(h => h.Reason));
        var trail = await sessions.GetHistoryAsync(sessionId);
        Assert.Equal(
            [PaymentSessionStatus.Pending, PaymentSessionStatus.Paid, PaymentSessionStatus.Booking, PaymentSessionStatus.Booked, PaymentSessionStatus.Booked, PaymentSessionStatus.BookingCanceled],
            trail.Select(h => h.To));
        Assert.Equal(("candidate asked", clock.GetCurrentInstant()), (trail[^1].Reason, trail[^1].At));
        Assert.Equal([1L, 3L, 4L, 5L, 6L, 7L], trail.Select(h => h.Version)); // version 2 attached the checkout: no status change
        Assert.NotNull(trail[1].EventId); // paid by the gateway's event
    }
}
