namespace InterviewBooking;

/// <summary>The fields of a payment session that move together when its interview is rescheduled.</summary>
/// <param name="Slot">The new slot.</param>
/// <param name="SelectedTimeSlot">The new slot as the candidate reads it (<see cref="SlotText.Format"/>).</param>
/// <param name="SelectedDate">The new slot's date in the candidate's zone.</param>
/// <param name="InviteSequence">The invite's new revision.</param>
public sealed record RescheduledSlot(Interval Slot, string SelectedTimeSlot, LocalDate SelectedDate, int InviteSequence);
