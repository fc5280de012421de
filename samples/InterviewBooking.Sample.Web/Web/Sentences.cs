namespace InterviewBooking.Sample.Web;

/// <summary>The library's typed outcomes and errors as sentences a candidate reads.</summary>
internal static class Sentences
{
    public static string Of(InvalidInterviewRequestException invalid) =>
        $"We could not use your request: {invalid.Message.TrimEnd('.')}. Please check the form and try again.";

    public static string Status(PaymentSessionStatus status) => status switch
    {
        PaymentSessionStatus.Pending => "Waiting for your payment. The slot is held for you until the time below.",
        PaymentSessionStatus.Processing => "Your payment is being processed. The interview is booked as soon as it clears.",
        PaymentSessionStatus.Paid or PaymentSessionStatus.Booking => "Paid. We are booking your interview.",
        PaymentSessionStatus.Booked => "Booked. See you at the interview.",
        PaymentSessionStatus.Expired => "The hold ran out before payment. Nothing was charged and the slot was freed.",
        PaymentSessionStatus.Canceled => "You left the checkout. Nothing was charged and the slot was freed.",
        PaymentSessionStatus.Failed => "The payment failed. Nothing was charged and the slot was freed.",
        PaymentSessionStatus.RefundRequired => "Paid, but the slot could not be kept for you. Your payment is being refunded in full.",
        PaymentSessionStatus.BookingCanceled => "Canceled. The refund below is on its way.",
        PaymentSessionStatus.Refunded => "Refunded: the money is on its way back to the card you paid with.",
        _ => status.ToString(),
    };

    public static string Start(BookingStartResult started) => started.Outcome switch
    {
        BookingStartOutcome.SlotTaken or BookingStartOutcome.PreviewUnavailable =>
            "Someone else has just taken this slot with this interviewer, so nothing was held or charged. Please pick another time below.",
        BookingStartOutcome.NoMatch => "No interviewer is free for that time any more. Please pick another time below.",
        BookingStartOutcome.PreviewRefused => "This offer is no longer valid (it may have expired). Please pick a time again.",
        BookingStartOutcome.HoldLimitReached => "You already hold as many unpaid slots as we allow. Please pay or leave one of them first.",
        BookingStartOutcome.CouponExhausted => "That coupon has been used up.",
        BookingStartOutcome.CheckoutFailed => "The payment provider did not answer, so nothing was held. Please try again in a minute.",
        _ => started.Reason ?? "We could not hold that slot.",
    };

    public static string Change(BookingChangeResult result) => result.Outcome switch
    {
        BookingChangeOutcome.TooLate => "It is too late to change this interview: it has started, or the new time is in the past.",
        BookingChangeOutcome.NotBooked => "Only a booked interview can be changed.",
        BookingChangeOutcome.SessionNotFound => "We could not find that booking.",
        BookingChangeOutcome.SlotTaken => "That time has just been taken. Please pick another time.",
        _ => (result.Reason ?? "We could not make that change.") + " Please pick another time.",
    };

    public static string Rating(InterviewLifecycleResult result) => result.Outcome switch
    {
        InterviewLifecycleOutcome.RatingRecorded => "Thank you: your rating is saved.",
        InterviewLifecycleOutcome.AlreadyGiven => "You have already rated this interview.",
        InterviewLifecycleOutcome.NotAllowed or InterviewLifecycleOutcome.NotBooked => "Only an interview that took place can be rated.",
        _ => "We could not save your rating; please try again.",
    };

    public static string Rebooking(RebookingResult result) => result.Outcome switch
    {
        RebookingOutcome.NoMatch => "No other interviewer is free at that time any more. Please pick another time below.",
        RebookingOutcome.ChoiceClosed => "The free rebooking can no longer be chosen: your refund has started.",
        RebookingOutcome.NotOffered => "A free rebooking is offered only after the interviewer canceled or did not show.",
        _ => "We could not rebook; please try again.",
    };

    public static string Interview(ScheduledInterview interview) => interview.Status switch
    {
        InterviewStatus.Completed => "The interview took place.",
        InterviewStatus.CandidateNoShow => "You did not join the interview. The refund below follows the no-show policy.",
        InterviewStatus.InterviewerNoShow => "The interviewer did not join the interview. We are sorry: you get the full price back, or a free new interview.",
        InterviewStatus.Canceled when interview.CanceledBy == InterviewParty.Interviewer =>
            "The interviewer canceled the interview. We are sorry: you get the full price back, or a free new interview.",
        InterviewStatus.Canceled when interview.CanceledBy == InterviewParty.Operator => "We canceled the interview.",
        InterviewStatus.Canceled => "You canceled the interview.",
        _ => "The interview is scheduled.",
    };

    public static string InterviewerAction(InterviewLifecycleResult result) => result.Outcome switch
    {
        InterviewLifecycleOutcome.Completed => "Marked completed. The candidate can now rate the interview.",
        InterviewLifecycleOutcome.NoShowRecorded => "The candidate's no-show is recorded; the booking ends with the no-show policy's refund.",
        InterviewLifecycleOutcome.FeedbackRecorded => "Your feedback is saved; the candidate can read it on their booking.",
        InterviewLifecycleOutcome.AlreadyRecorded => "That was recorded before.",
        InterviewLifecycleOutcome.AlreadyGiven => "You have already written feedback for this interview.",
        InterviewLifecycleOutcome.TooEarly => "Too early: " + result.Reason,
        InterviewLifecycleOutcome.NotAllowed => "Not possible now: " + result.Reason,
        _ => "We could not record that; please try again.",
    };
}
