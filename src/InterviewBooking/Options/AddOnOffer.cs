namespace InterviewBooking;

/// <summary>An add-on a candidate may book with a plan (a written report, a recording, say).</summary>
public sealed class AddOnOffer
{
    /// <summary>The add-on's id, as requests name it.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>A name for receipts.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The price of one, in minor units.</summary>
    public long PriceMinorUnits { get; set; }

    /// <summary>The plans it can be added to; empty means every plan.</summary>
    public IList<string> PlanIds { get; } = [];

    /// <summary>The most a request may ask for. Default 1.</summary>
    public int MaxQuantity { get; set; } = 1;

    /// <summary>
    /// Whether the add-on promises the interviewer's written feedback (a feedback report, say): once the interview is completed the
    /// interviewer is reminded through the outbox until they give it.
    /// </summary>
    public bool IncludesWrittenFeedback { get; set; }
}
