namespace InterviewBooking;

/// <summary>An add-on the candidate asks for, by id, with a quantity.</summary>
/// <param name="AddOnId">The id of an add-on configured in <see cref="InterviewBookingOptions.AddOns"/>.</param>
/// <param name="Quantity">How many; at least 1 and at most the add-on's maximum.</param>
public sealed record AddOnSelection(string AddOnId, int Quantity = 1);
