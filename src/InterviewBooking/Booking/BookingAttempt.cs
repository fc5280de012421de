namespace InterviewBooking;

/// <summary>
/// What one auto-booking attempt of the payment event processor came to: the booking, or none because the compare-and-set was lost (the
/// session as that read it, to go round again from).
/// </summary>
/// <param name="Booking">The booking made or found; <see langword="null"/> when the claim was lost.</param>
/// <param name="Session">The session as the attempt left it.</param>
internal sealed record BookingAttempt(BookingResult? Booking, PaymentSession? Session)
{
    /// <summary>A booking made or found.</summary>
    public static BookingAttempt Made(BookingResult booking) => new(booking, booking.Session);

    /// <summary>No booking: another writer moved the session first.</summary>
    public static BookingAttempt Lost(PaymentSession? session) => new(null, session);
}
