namespace InterviewBooking;

/// <summary>What <see cref="IBookingCompletionStore.TryCompleteAsync"/> writes at once: the hold confirmed, the interview stored, the session booked.</summary>
/// <param name="Owner">The hold's owner (the payment session id).</param>
/// <param name="Interview">The interview to store, built but not stored yet; its request names the hold (<see cref="InterviewScheduleRequest.ReservationId"/>).</param>
/// <param name="Booked">The session's change to <see cref="PaymentSessionStatus.Booked"/>, at its expected version, naming the interview and the hold, with its outbox messages.</param>
public sealed record BookingCompletion(string Owner, ScheduledInterview Interview, PaymentSessionTransition Booked)
{
    /// <summary>The hold to confirm: the interview's reservation.</summary>
    public ReservationId ReservationId => Interview.ReservationId;

    /// <summary>Checks that the parts belong together, before a store writes anything.</summary>
    /// <param name="completion">The completion.</param>
    /// <param name="paramName">The caller's parameter, for the error.</param>
    /// <exception cref="ArgumentNullException"><paramref name="completion"/> or one of its parts is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">
    /// The owner is blank; the interview has no id, reservation or key; the change is not Booking → Booked at an expected version, or names
    /// another session, interview or reservation than the interview's.
    /// </exception>
    public static void Validate(BookingCompletion completion, string paramName)
    {
        ArgumentNullException.ThrowIfNull(completion, paramName);
        ArgumentNullException.ThrowIfNull(completion.Interview, paramName);
        ArgumentNullException.ThrowIfNull(completion.Booked, paramName);
        ArgumentException.ThrowIfNullOrWhiteSpace(completion.Owner, paramName);
        var (interview, booked) = (completion.Interview, completion.Booked);
        if (interview.Id.IsEmpty || interview.ReservationId.IsEmpty || string.IsNullOrWhiteSpace(interview.Request?.IdempotencyKey))
        {
            throw new ArgumentException("A completion's interview needs an id, a reservation and an idempotency key.", paramName);
        }

        if (booked.From != PaymentSessionStatus.Booking || booked.To != PaymentSessionStatus.Booked || booked.ExpectedVersion is null)
        {
            throw new ArgumentException(
                $"A completion books a claimed session at its version: Booking -> Booked with ExpectedVersion; got {booked.From} -> {booked.To} at {booked.ExpectedVersion?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no version"}.",
                paramName);
        }

        if (booked.SessionId != interview.Request.PaymentSessionId || booked.InterviewId != interview.Id || booked.ReservationId != interview.ReservationId)
        {
            throw new ArgumentException(
                $"A completion's change must name the interview's session '{interview.Request.PaymentSessionId}', interview '{interview.Id}' and reservation '{interview.ReservationId}'; "
                + $"it names '{booked.SessionId}', '{booked.InterviewId}' and '{booked.ReservationId}'.",
                paramName);
        }
    }
}
