namespace InterviewBooking.Benchmarks;

/// <summary>A reservation store that counts the reads a search makes (queries, interviewers asked for, reservations answered).</summary>
internal sealed class CountingReservationStore(IReservationStore inner) : ObservedReservationStore(inner)
{
    public int Queries { get; private set; }

    public long InterviewersAsked { get; private set; }

    public long ReservationsRead { get; private set; }

    public void Reset() => (Queries, InterviewersAsked, ReservationsRead) = (0, 0, 0);

    protected override void Observe(IReadOnlyCollection<InterviewerId> interviewerIds, Interval window, int answered)
    {
        Queries++;
        InterviewersAsked += interviewerIds.Count;
        ReservationsRead += answered;
    }
}
