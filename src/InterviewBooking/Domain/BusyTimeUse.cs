namespace InterviewBooking;

/// <summary>Who asks an <see cref="IBusyTimeSource"/>, which decides how fresh its answer must be.</summary>
public enum BusyTimeUse
{
    /// <summary>Ranking and alternatives: a cached answer of any age will do (the source refreshes it in the background).</summary>
    Matching = 0,

    /// <summary>The check right before a hold: the source re-reads when its cached answer is older than its bound.</summary>
    Hold = 1,
}
