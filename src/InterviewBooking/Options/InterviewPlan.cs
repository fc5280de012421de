namespace InterviewBooking;

/// <summary>A bookable plan: a fixed interview length at a fixed price.</summary>
public sealed class InterviewPlan
{
    /// <summary>The plan's id, as requests name it (e.g. "mock-30").</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>A name for receipts and invites.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The interview's length; a requested slot must be exactly this long.</summary>
    public Duration Duration { get; set; }

    /// <summary>The price in minor units of <see cref="InterviewBookingOptions.Currency"/>.</summary>
    public long PriceMinorUnits { get; set; }

    /// <summary>
    /// Whether the plan promises the interviewer's written feedback (a feedback report, say): once the interview is completed the
    /// interviewer is reminded through the outbox until they give it.
    /// </summary>
    public bool IncludesWrittenFeedback { get; set; }
}
