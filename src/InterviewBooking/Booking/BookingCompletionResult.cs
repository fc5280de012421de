namespace InterviewBooking;

/// <summary>What <see cref="IBookingCompletionStore.TryCompleteAsync"/> did.</summary>
/// <param name="Outcome">Completed, or the guard that refused (nothing was written then).</param>
/// <param name="Session">The session as it is now (booked, when completed); <see langword="null"/> when it does not exist.</param>
public sealed record BookingCompletionResult(BookingCompletionOutcome Outcome, PaymentSession? Session)
{
    /// <summary>The interview stored under the key: the completion's when completed, the one already there when the key was taken.</summary>
    public ScheduledInterview? Interview { get; init; }

    /// <summary>Whether everything was written.</summary>
    public bool Succeeded => Outcome == BookingCompletionOutcome.Completed;

    /// <summary>
    /// A refusal, named from what the store reads after it, in the order every store uses: the session moved (gone, or not in the change's
    /// status at its version), else the key is taken (an interview is under it), else the hold.
    /// </summary>
    /// <param name="completion">The completion refused.</param>
    /// <param name="session">The session as it is now.</param>
    /// <param name="stored">The interview under the completion's key now, if any.</param>
    public static BookingCompletionResult Refused(BookingCompletion completion, PaymentSession? session, ScheduledInterview? stored)
    {
        ArgumentNullException.ThrowIfNull(completion);
        var booked = completion.Booked;
        var outcome = session is null || session.Status != booked.From || session.Version != booked.ExpectedVersion ? BookingCompletionOutcome.SessionMoved
            : stored is not null ? BookingCompletionOutcome.InterviewKeyTaken
            : BookingCompletionOutcome.HoldNotConfirmable;
        return new BookingCompletionResult(outcome, session) { Interview = stored };
    }
}

/// <summary>The outcome of a booking completion.</summary>
public enum BookingCompletionOutcome
{
    /// <summary>The hold is confirmed, the interview stored and the session booked.</summary>
    Completed,

    /// <summary>The session is no longer in the expected status at the expected version (another worker moved it on, or it is gone).</summary>
    SessionMoved,

    /// <summary>An interview is already stored under the key (<see cref="BookingCompletionResult.Interview"/>).</summary>
    InterviewKeyTaken,

    /// <summary>The hold is not the owner's held one of the interview's interviewer and slot, or its time ran out.</summary>
    HoldNotConfirmable,
}
