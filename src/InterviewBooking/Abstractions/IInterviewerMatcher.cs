namespace InterviewBooking;

/// <summary>
/// Ranks interviewers for a request. Runs only before payment (in <see cref="BookingService"/>);
/// <see cref="AutoBookingService"/> has no dependency on it.
/// </summary>
public interface IInterviewerMatcher
{
    /// <summary>Finds interviewers free for the request's slot, best first, at most <paramref name="maxResults"/>.</summary>
    /// <exception cref="InvalidInterviewRequestException">The request is malformed.</exception>
    ValueTask<MatchResult> MatchAsync(InterviewRequest request, int maxResults, CancellationToken cancellationToken = default);
}
