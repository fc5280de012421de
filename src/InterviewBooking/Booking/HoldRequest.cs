namespace InterviewBooking;

/// <summary>Asks to hold an interviewer's slot while a candidate pays.</summary>
/// <param name="InterviewerId">The interviewer.</param>
/// <param name="Slot">The slot, with both ends and a positive length.</param>
/// <param name="Owner">Who holds it: the payment session id.</param>
/// <param name="HeldUntil">When the hold stops blocking the slot unless confirmed.</param>
public sealed record HoldRequest(InterviewerId InterviewerId, Interval Slot, string Owner, Instant HeldUntil);
