namespace InterviewBooking;

/// <summary>The result of a compare-and-set on an interview.</summary>
/// <param name="Succeeded">Whether this call made the change.</param>
/// <param name="Interview">The interview as it is now: after the change, or as another writer left it; <see langword="null"/> when it does not exist.</param>
public sealed record InterviewUpdateResult(bool Succeeded, ScheduledInterview? Interview);
