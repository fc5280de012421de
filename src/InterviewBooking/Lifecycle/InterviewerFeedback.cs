namespace InterviewBooking;

/// <summary>The interviewer's written feedback for the candidate.</summary>
/// <param name="Text">The feedback; personal, so it is never logged nor sent to a payment provider (<see cref="ToString"/> leaves it out).</param>
/// <param name="SubmittedAt">When it was given.</param>
public sealed record InterviewerFeedback(string Text, Instant SubmittedAt)
{
    /// <summary>The most characters a feedback may have.</summary>
    public const int MaxLength = 20_000;

    /// <summary>A description without the text, so a log line or an exception that prints the record never carries it.</summary>
    public override string ToString() => $"InterviewerFeedback {{ Length = {Text?.Length ?? 0}, SubmittedAt = {SubmittedAt} }}";
}
