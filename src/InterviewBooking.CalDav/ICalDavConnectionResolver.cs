namespace InterviewBooking.CalDav;

/// <summary>Supplies the calendar connection of an interviewer; implemented by the host, which keeps the credentials.</summary>
public interface ICalDavConnectionResolver
{
    /// <summary>The interviewer's calendar connection, or <see langword="null"/> when they have none (only their windows count).</summary>
    /// <param name="interviewer">The interviewer.</param>
    /// <param name="cancellationToken">Cancels the look-up.</param>
    /// <returns>The connection, or <see langword="null"/>.</returns>
    ValueTask<CalDavConnection?> ResolveAsync(InterviewerId interviewer, CancellationToken cancellationToken = default);
}
