namespace InterviewBooking;

/// <summary>What one <see cref="RetentionPurger.PurgeAsync"/> pass removed, by kind; rows another instance removed first are not counted.</summary>
/// <param name="Reservations">Reservations removed.</param>
/// <param name="PaymentSessions">Payment sessions removed (their interviews, payouts and disputes went with them).</param>
/// <param name="OutboxItems">Finished outbox items removed.</param>
/// <param name="PaymentEvents">Payment event inbox entries removed.</param>
/// <param name="Complete">Whether every kind ran out of rows to remove; <see langword="false"/> when <see cref="RetentionOptions.MaxBatchesPerPass"/> stopped one.</param>
public sealed record RetentionPassResult(int Reservations, int PaymentSessions, int OutboxItems, int PaymentEvents, bool Complete)
{
    /// <summary>How many rows the pass removed in all.</summary>
    public int Total => Reservations + PaymentSessions + OutboxItems + PaymentEvents;
}
