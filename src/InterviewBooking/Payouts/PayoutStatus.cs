namespace InterviewBooking;

/// <summary>
/// The life of a payout. <see cref="Pending"/> -> <see cref="Paid"/> | <see cref="Canceled"/> | <see cref="Held"/>;
/// <see cref="Held"/> -> <see cref="Pending"/> (dispute won) | <see cref="Canceled"/> (dispute lost) | <see cref="Paid"/> (the transfer
/// was already under way when the dispute opened); <see cref="Paid"/> -> <see cref="Reversed"/> (a dispute lost after it was paid).
/// <see cref="PayoutStateMachine"/> holds the table.
/// </summary>
public enum PayoutStatus
{
    /// <summary>Owed to the interviewer; paid by the worker once the hold-back has passed.</summary>
    Pending = 0,

    /// <summary>A dispute of the candidate's payment is open: nothing is paid until it closes.</summary>
    Held = 1,

    /// <summary>Transferred to the interviewer; <see cref="Payout.ProviderTransferId"/> names the transfer.</summary>
    Paid = 2,

    /// <summary>Never paid: the interviewer did not show, the interview was refunded, or a dispute was lost.</summary>
    Canceled = 3,

    /// <summary>Paid, then taken back after the candidate won a dispute; <see cref="Payout.ProviderReversalId"/> names the reversal.</summary>
    Reversed = 4,
}
