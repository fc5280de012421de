namespace InterviewBooking.AspNetCore.Contracts;

/// <summary>The free slots starting on one day of the candidate's zone.</summary>
/// <param name="Date">The day.</param>
/// <param name="Slots">Its slots, earliest first.</param>
public sealed record SlotDayView(LocalDate Date, IReadOnlyList<AlternativeView> Slots);
