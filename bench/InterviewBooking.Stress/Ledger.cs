using System.Collections.Concurrent;

namespace InterviewBooking.Stress;

/// <summary>
/// The ids the stores handed out (sessions created, reservations held, interviews stored), recorded by the instrumented stores so the verdict
/// can read every one of them back from the stores. Ids only: every status, owner, slot and interviewer the verdict judges is read from the stores.
/// </summary>
internal sealed class Ledger
{
    private readonly ConcurrentDictionary<PaymentSessionId, byte> _sessions = new();
    private readonly ConcurrentDictionary<ReservationId, byte> _reservations = new();
    private readonly ConcurrentDictionary<InterviewId, byte> _interviews = new();
    private int _oneStepBookings;

    public IReadOnlyCollection<PaymentSessionId> Sessions => [.. _sessions.Keys];

    public IReadOnlyCollection<ReservationId> Reservations => [.. _reservations.Keys];

    public IReadOnlyCollection<InterviewId> Interviews => [.. _interviews.Keys];

    public void Session(PaymentSessionId id) => _sessions.TryAdd(id, 0);

    public void Reservation(ReservationId id) => _reservations.TryAdd(id, 0);

    public void Interview(InterviewId id) => _interviews.TryAdd(id, 0);

    /// <summary>Bookings the completion store wrote in one step (the rest went in steps), so a run shows both paths ran.</summary>
    public int OneStepBookings => Volatile.Read(ref _oneStepBookings);

    /// <summary>Records a booking completed in one step, with its interview.</summary>
    public void OneStepBooking(InterviewId interview)
    {
        Interview(interview);
        Interlocked.Increment(ref _oneStepBookings);
    }
}
