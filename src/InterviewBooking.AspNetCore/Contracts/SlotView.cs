namespace InterviewBooking.AspNetCore.Contracts;

/// <summary>A slot: its instants and its text in the candidate's zone.</summary>
/// <param name="Start">When it starts.</param>
/// <param name="End">When it ends.</param>
/// <param name="Text">The slot as the candidate reads it (<c>Monday, 7 December 2026, 10:00-10:30 (+00:00)</c>).</param>
public sealed record SlotView(Instant Start, Instant End, string? Text);
