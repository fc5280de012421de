namespace InterviewBooking;

/// <summary>
/// A compare-and-set change of a payout's status: it applies only while the payout is in <see cref="From"/> (and, when set, at
/// <see cref="ExpectedVersion"/>). The optional fields are written with the new status.
/// </summary>
/// <param name="InterviewId">The payout to change.</param>
/// <param name="From">The status the caller saw.</param>
/// <param name="To">The new status; the pair must be allowed by <see cref="PayoutStateMachine"/>.</param>
/// <param name="At">When the change happens.</param>
public sealed record PayoutTransition(InterviewId InterviewId, PayoutStatus From, PayoutStatus To, Instant At)
{
    /// <summary>When set, the change applies only at this version.</summary>
    public long? ExpectedVersion { get; init; }

    /// <summary>Why; stored as <see cref="Payout.StatusReason"/> and in the audit trail.</summary>
    public string? Reason { get; init; }

    /// <summary>For <see cref="PayoutStatus.Paid"/>: the provider's transfer (required).</summary>
    public string? ProviderTransferId { get; init; }

    /// <summary>For <see cref="PayoutStatus.Reversed"/>: the provider's reversal (required).</summary>
    public string? ProviderReversalId { get; init; }
}

/// <summary>The result of a compare-and-set on a payout.</summary>
/// <param name="Succeeded">Whether this call made the change.</param>
/// <param name="Payout">The payout as it is now: after the change, or as another writer left it; <see langword="null"/> when there is none.</param>
public sealed record PayoutUpdateResult(bool Succeeded, Payout? Payout);

/// <summary>One entry of a payout's audit trail.</summary>
/// <param name="InterviewId">The payout's interview.</param>
/// <param name="From">The status before; <see langword="null"/> for the payout's creation.</param>
/// <param name="To">The status after.</param>
/// <param name="At">When.</param>
/// <param name="Reason">Why, when said.</param>
public sealed record PayoutStatusChange(InterviewId InterviewId, PayoutStatus? From, PayoutStatus To, Instant At, string? Reason);
