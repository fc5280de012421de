namespace InterviewBooking;

/// <summary>Makes the link where the candidate and the interviewer meet (a video room, say). The host supplies one; the default builds it from a URL template.</summary>
public interface IMeetingLinkProvider
{
    /// <summary>A working link for the interview, or <see langword="null"/> when none can be made now (the interview then says "link pending").</summary>
    ValueTask<Uri?> CreateLinkAsync(InterviewId interviewId, InterviewScheduleRequest request, CancellationToken cancellationToken = default);
}
