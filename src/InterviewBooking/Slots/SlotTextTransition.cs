namespace InterviewBooking;

/// <summary>
/// The zone transition that makes a local time of slot text unreadable: the time falls in the gap it skips (the clocks go forward)
/// or in the hour it repeats (the clocks go back).
/// </summary>
/// <param name="ZoneId">The zone's id.</param>
/// <param name="LocalTime">The local date and time the text gave.</param>
/// <param name="At">The instant of the transition.</param>
/// <param name="OffsetBefore">The zone's UTC offset before the transition.</param>
/// <param name="OffsetAfter">The zone's UTC offset after it.</param>
public sealed record SlotTextTransition(string ZoneId, LocalDateTime LocalTime, Instant At, Offset OffsetBefore, Offset OffsetAfter)
{
    /// <summary>Whether the local time does not exist (a gap); otherwise it occurs twice.</summary>
    public bool IsGap => OffsetAfter > OffsetBefore;
}
