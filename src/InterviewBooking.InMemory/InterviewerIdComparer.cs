namespace InterviewBooking.InMemory;

/// <summary>Orders interviewer ids by their text, ordinally, so listings are deterministic.</summary>
internal sealed class InterviewerIdComparer : IComparer<InterviewerId>
{
    public static InterviewerIdComparer Instance { get; } = new();

    public int Compare(InterviewerId x, InterviewerId y) => string.CompareOrdinal(x.Value, y.Value);
}
