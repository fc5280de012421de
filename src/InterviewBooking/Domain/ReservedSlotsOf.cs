using System.Collections;

namespace InterviewBooking;

/// <summary>
/// The slots of a list of reservations, each read off its reservation when asked for: <see cref="IReservationStore.GetActiveSlotsAsync"/>'s
/// default, which so allocates nothing a row on top of <see cref="IReservationStore.GetActiveAsync"/>.
/// </summary>
internal sealed class ReservedSlotsOf(IReadOnlyList<Reservation> reservations) : IReadOnlyList<ReservedSlot>
{
    public int Count => reservations.Count;

    public ReservedSlot this[int index] => ReservedSlot.Of(reservations[index]);

    public IEnumerator<ReservedSlot> GetEnumerator()
    {
        for (var i = 0; i < reservations.Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
