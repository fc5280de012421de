namespace InterviewBooking;

/// <summary>One local day of the candidate with its free slots, earliest first, each with the best interviewer for it.</summary>
/// <param name="Date">The day, in the candidate's zone (the local date the slot starts on).</param>
/// <param name="Slots">The slots starting that day, earliest first.</param>
public sealed record SlotSearchDay(LocalDate Date, IReadOnlyList<SlotAlternative> Slots);
