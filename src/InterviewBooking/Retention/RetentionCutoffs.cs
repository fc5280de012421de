namespace InterviewBooking;

/// <summary>
/// The instants one retention pass judges by, taken once from the clock and <see cref="RetentionOptions"/>: what finished before them may go
/// (<see cref="RetentionRules"/>). A store compares with them only, never with its own clock, so concurrent passes agree.
/// </summary>
/// <param name="Now">When the pass started.</param>
/// <param name="FinishedBefore"><see cref="Now"/> minus <see cref="RetentionOptions.FinishedRowAge"/>.</param>
/// <param name="PaidBefore"><see cref="Now"/> minus <see cref="RetentionOptions.DisputeWindow"/>: a paid session last changed after it stays.</param>
/// <param name="PaymentEventsProcessedBefore"><see cref="Now"/> minus <see cref="RetentionOptions.PaymentEventInboxAge"/>.</param>
public sealed record RetentionCutoffs(Instant Now, Instant FinishedBefore, Instant PaidBefore, Instant PaymentEventsProcessedBefore)
{
    /// <summary>The cutoffs of a pass at <paramref name="now"/> under <paramref name="options"/>.</summary>
    /// <param name="now">When the pass starts.</param>
    /// <param name="options">The ages.</param>
    /// <returns>The cutoffs.</returns>
    public static RetentionCutoffs At(Instant now, RetentionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new RetentionCutoffs(now, now - options.FinishedRowAge, now - options.DisputeWindow, now - options.PaymentEventInboxAge);
    }
}
