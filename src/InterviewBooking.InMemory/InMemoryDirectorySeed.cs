namespace InterviewBooking.InMemory;

/// <summary>A registered callback that fills the in-memory directory when it is created.</summary>
internal sealed class InMemoryDirectorySeed(Action<InMemoryInterviewerDirectory> seed)
{
    public void Apply(InMemoryInterviewerDirectory directory) => seed(directory);
}
