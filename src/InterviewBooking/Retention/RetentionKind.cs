namespace InterviewBooking;

/// <summary>The kinds of rows retention removes, each in batches of its own (<see cref="IRetentionStore"/>).</summary>
public enum RetentionKind
{
    /// <summary>Reservations no longer active whose slot ended before <see cref="RetentionCutoffs.FinishedBefore"/>, with their audit trail.</summary>
    Reservations = 0,

    /// <summary>Settled payment sessions no dispute, refund or payout can reach, with their trail, interview, payout and disputes.</summary>
    PaymentSessions = 1,

    /// <summary>Outbox items delivered or dead-lettered before <see cref="RetentionCutoffs.FinishedBefore"/>.</summary>
    OutboxItems = 2,

    /// <summary>Inbox entries of payment events processed before <see cref="RetentionCutoffs.PaymentEventsProcessedBefore"/>.</summary>
    PaymentEvents = 3,
}
