using InterviewBooking.InMemory;

namespace InterviewBooking.Properties.Tests.Reservations;

public sealed class InMemoryReservationStorePropertyTests : ReservationStorePropertyTests
{
    protected override IReservationStore CreateStore(IClock clock) => new InMemoryReservationStore(clock);
}
