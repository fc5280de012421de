namespace InterviewBooking;

/// <summary>Which rule refused a hold (<see cref="HoldResult.Refusal"/>).</summary>
public enum HoldRefusal
{
    /// <summary>An active reservation of the interviewer overlaps the slot itself.</summary>
    SlotTaken = 0,

    /// <summary>An active reservation of the interviewer lies inside the buffers (its own or the hold's), though not on the slot.</summary>
    Buffer = 1,

    /// <summary>The interviewer's <see cref="HoldRules.MaxPerDay"/> active reservations already start on the slot's local day.</summary>
    DailyCap = 2,

    /// <summary>The candidate already has <see cref="HoldRequest.MaxActiveCandidateHolds"/> active holds.</summary>
    CandidateHoldCap = 3,

    /// <summary>The coupon's uses (paid, or reserved by active holds) reached its limit.</summary>
    CouponExhausted = 4,

    /// <summary>The interviewer's outside calendar (<see cref="IBusyTimeSource"/>, re-read before the hold) is busy at the slot or could not be read.</summary>
    CalendarBusy = 5,
}
