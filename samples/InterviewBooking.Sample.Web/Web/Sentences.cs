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
}
