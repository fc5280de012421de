using InterviewBooking.Testing;
using Microsoft.Extensions.DependencyInjection;
using NodaTime.Testing;

namespace InterviewBooking.InMemory.Tests;

/// <summary>The in-memory adapters wired into the core's payment and auto-booking path, events built by the simulated gateway.</summary>
public sealed class PaymentFlowTests : IDisposable
{
    private readonly FakeClock _clock = new(Instant.FromUtc(2025, 6, 9, 8, 0));
    private readonly ServiceProvider _provider;

    public PaymentFlowTests() => _provider = DependencyInjectionTests.Build(b => b.AddInMemoryStores().AddSimulatedPayments().AddOutboxWorker(), _clock);

    private IReservationStore Reservations => _provider.GetRequiredService<IReservationStore>();

    private IPaymentSessionStore Sessions => _provider.GetRequiredService<IPaymentSessionStore>();

    private SimulatedPaymentGateway Gateway => _provider.GetRequiredService<SimulatedPaymentGateway>();

    private RecordingInterviewScheduler Scheduler => _provider.GetRequiredService<RecordingInterviewScheduler>();

    private RecordingBookingNotifier Notifier => _provider.GetRequiredService<RecordingBookingNotifier>();

    private PaymentEventProcessor Processor => _provider.GetRequiredService<PaymentEventProcessor>();

    public void Dispose() => _provider.Dispose();

    // Delivers what the changes wrote to the outbox, as the worker would.
    private async Task DrainOutboxAsync()
    {
        var dispatcher = _provider.GetRequiredService<OutboxDispatcher>();
        while (await dispatcher.RunOnceAsync() > 0)
        {
        }
    }

    [Fact]
    public async Task A_paid_checkout_books_the_pre_matched_interviewer_once_whatever_the_deliveries()
    {
        var (session, reservation) = await StartAsync();

        var first = await Processor.ProcessAsync(Gateway.CompleteCheckout(session.Id));
        var repeats = await Concurrently.RunAsync(16, _ => Processor.ProcessAsync(Gateway.CompleteCheckout(session.Id)));

        Assert.Equal(PaymentEventOutcome.Booked, first.Outcome);
        Assert.All(repeats, r => Assert.Equal(PaymentEventOutcome.Booked, r.Outcome));
        var interview = Assert.Single(Scheduler.Interviews);
        Assert.Equal(session.InterviewerId, interview.InterviewerId);
        Assert.Equal(session.Id.Value, interview.Request.IdempotencyKey);
        var booked = (await Sessions.GetAsync(session.Id))!;
        Assert.Equal(PaymentSessionStatus.Booked, booked.Status);
        Assert.Equal(interview.Id, booked.InterviewId);
        Assert.Equal(ReservationStatus.Confirmed, (await Reservations.GetAsync(reservation.Id))!.Status);
        await DrainOutboxAsync();
        Assert.Equal(BookingNotificationKind.Booked, Assert.Single(Notifier.NotificationsFor(session.Id)).Kind);
    }

    [Fact]
    public async Task A_wrong_amount_is_flagged_for_refund_and_books_nothing()
    {
        var (session, reservation) = await StartAsync();

        var result = await Processor.ProcessAsync(Gateway.CompleteCheckout(session.Id, amount: new Money(1, "USD")));

        Assert.Equal(PaymentEventOutcome.RefundRequired, result.Outcome);
        Assert.Empty(Scheduler.Interviews);
        Assert.Equal(PaymentSessionStatus.RefundRequired, (await Sessions.GetAsync(session.Id))!.Status);
        Assert.False((await Reservations.GetAsync(reservation.Id))!.IsActiveAt(_clock.GetCurrentInstant()));
        await DrainOutboxAsync();
        var notice = Assert.Single(Notifier.NotificationsFor(session.Id));
        Assert.Equal(BookingNotificationKind.RefundRequired, notice.Kind);
        Assert.Equal(result.Detail, notice.Reason);
    }

    [Fact]
    public async Task An_expired_checkout_releases_the_hold()
    {
        var (session, reservation) = await StartAsync();

        var result = await Processor.ProcessAsync(Gateway.ExpireCheckout(session.Id));

        Assert.Equal(PaymentEventOutcome.Released, result.Outcome);
        Assert.Equal(PaymentSessionStatus.Expired, (await Sessions.GetAsync(session.Id))!.Status);
        Assert.Equal(ReservationStatus.Released, (await Reservations.GetAsync(reservation.Id))!.Status);
    }

    [Fact]
    public async Task An_async_payment_books_once_it_succeeds()
    {
        var (session, _) = await StartAsync();

        var started = await Processor.ProcessAsync(Gateway.CompleteCheckout(session.Id, paid: false));
        var succeeded = await Processor.ProcessAsync(Gateway.SucceedAsyncPayment(session.Id));

        Assert.Equal(PaymentEventOutcome.AwaitingPayment, started.Outcome);
        Assert.Equal(PaymentEventOutcome.Booked, succeeded.Outcome);
        Assert.Single(Scheduler.Interviews);
    }

    [Fact]
    public async Task A_hold_that_ran_out_is_taken_again_for_the_same_interviewer_when_still_free()
    {
        var (session, reservation) = await StartAsync();
        _clock.Advance(Duration.FromMinutes(31));

        var result = await Processor.ProcessAsync(Gateway.CompleteCheckout(session.Id));

        Assert.Equal(PaymentEventOutcome.Booked, result.Outcome);
        var booked = (await Sessions.GetAsync(session.Id))!;
        Assert.NotEqual(reservation.Id, booked.ReservationId);
        var renewed = (await Reservations.GetAsync(booked.ReservationId!.Value))!;
        Assert.Equal(ReservationStatus.Confirmed, renewed.Status);
        Assert.Equal(session.InterviewerId, renewed.InterviewerId);
    }

    [Fact]
    public async Task A_slot_taken_after_the_hold_ran_out_is_flagged_for_refund_never_rebooked_elsewhere()
    {
        var (session, reservation) = await StartAsync();
        _clock.Advance(Duration.FromMinutes(31));
        var taker = await Reservations.TryHoldAsync(
            new HoldRequest(reservation.InterviewerId, reservation.Slot, "someone-else", _clock.GetCurrentInstant() + Duration.FromMinutes(30)));
        Assert.True(taker.Succeeded);

        var result = await Processor.ProcessAsync(Gateway.CompleteCheckout(session.Id));

        Assert.Equal(PaymentEventOutcome.RefundRequired, result.Outcome);
        Assert.Empty(Scheduler.Interviews);
        await DrainOutboxAsync();
        Assert.Equal(BookingNotificationKind.RefundRequired, Assert.Single(Notifier.NotificationsFor(session.Id)).Kind);
    }

    private async Task<(PaymentSession Session, Reservation Reservation)> StartAsync()
    {
        var now = _clock.GetCurrentInstant();
        var sessionId = PaymentSessionId.New();
        var interviewer = new InterviewerId("iv-" + Guid.NewGuid().ToString("N"));
        var slot = PaymentSessionSamples.DefaultSlot(now);
        var hold = await Reservations.TryHoldAsync(new HoldRequest(interviewer, slot, sessionId.Value, now + Duration.FromMinutes(30)));
        var session = await Sessions.CreateAsync(
            PaymentSessionSamples.Pending(now, id: sessionId, interviewerId: interviewer, reservationId: hold.Reservation!.Id, slot: slot));
        var checkout = await Gateway.CreateCheckoutAsync(session);
        var attached = await Sessions.TryAttachCheckoutAsync(session.Id, checkout.ProviderReference, checkout.RedirectUrl);
        Assert.True(attached.Succeeded);
        return (attached.Session!, hold.Reservation);
    }
}
