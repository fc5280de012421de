namespace InterviewBooking.AspNetCore.Contracts;

/// <summary>Another slot to offer when the one asked for cannot be had. Nothing is held for it.</summary>
/// <param name="Interviewer">Who is free then.</param>
/// <param name="Score">Their score for the request.</param>
/// <param name="Slot">The slot.</param>
public sealed record AlternativeView(InterviewerView Interviewer, ScoreView Score, SlotView Slot)
{
    /// <summary>The view of an alternative.</summary>
    public static AlternativeView From(SlotAlternative alternative)
    {
        ArgumentNullException.ThrowIfNull(alternative);
        return new(
            new InterviewerView(alternative.Interviewer.Id.Value, alternative.Interviewer.Name, alternative.Interviewer.Company),
            ScoreView.From(alternative.Score),
            new SlotView(alternative.Slot.Start, alternative.Slot.End, alternative.SlotText));
    }
}
