namespace InterviewBooking.Testing;

/// <summary>One adapter's stores, all over one clock, and its <see cref="IRetentionStore"/>: what <see cref="RetentionContractTests"/> runs against.</summary>
/// <param name="Retention">The retention side under test.</param>
/// <param name="Reservations">The reservations it purges.</param>
/// <param name="Sessions">The payment sessions it purges (writing their messages to <paramref name="Outbox"/>).</param>
/// <param name="Interviews">The interviews that go with their sessions.</param>
/// <param name="Payouts">The payouts and disputes that go with their sessions.</param>
/// <param name="Outbox">The outbox it purges.</param>
/// <param name="Inbox">The payment event inbox it purges.</param>
public sealed record RetentionStores(
    IRetentionStore Retention,
    IReservationStore Reservations,
    IPaymentSessionStore Sessions,
    IInterviewStore Interviews,
    IPayoutStore Payouts,
    IOutboxStore Outbox,
    IPaymentEventInbox Inbox);
