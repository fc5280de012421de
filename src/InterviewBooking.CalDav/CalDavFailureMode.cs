namespace InterviewBooking.CalDav;

/// <summary>What a calendar that cannot be read means for its interviewer (<see cref="CalDavOptions.OnFailure"/>).</summary>
public enum CalDavFailureMode
{
    /// <summary>Offer none of the interviewer's slots until the calendar is read again (the default): never book over unknown busy time.</summary>
    RefuseSlots = 0,

    /// <summary>Offer the interviewer's windows alone, as if they had no calendar.</summary>
    WindowsOnly = 1,
}
