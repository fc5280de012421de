namespace InterviewBooking;

/// <summary>What interviewers are paid per completed interview, and when (<c>AddPayouts</c>); validated when the host starts.</summary>
public sealed class PayoutOptions
{
    /// <summary>How long after the interview is completed it is paid out, so a dispute can still hold it (zero to 180 days). Default 72 hours.</summary>
    public Duration HoldBack { get; set; } = Duration.FromHours(72);

    /// <summary>The ISO 4217 currency of every payout. Default "USD".</summary>
    public string Currency { get; set; } = "USD";

    /// <summary>What the interviewer is paid per plan; a completed interview of a plan not listed is dead-lettered for an operator.</summary>
    public IList<PayoutRate> Plans { get; } = [];

    /// <summary>What the interviewer is paid on top per add-on booked (a feedback report, say); add-ons not listed add nothing.</summary>
    public IList<PayoutRate> AddOns { get; } = [];
}

/// <summary>The amount paid for a plan or an add-on.</summary>
public sealed class PayoutRate
{
    /// <summary>The plan's or add-on's id, as <see cref="InterviewBookingOptions.Plans"/> and <see cref="InterviewBookingOptions.AddOns"/> name it.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>The amount in minor units of <see cref="PayoutOptions.Currency"/>; not negative.</summary>
    public long AmountMinorUnits { get; set; }
}
