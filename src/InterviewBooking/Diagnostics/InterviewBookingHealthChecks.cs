namespace InterviewBooking;

/// <summary>
/// The tags of InterviewBooking's health checks, so a host can split readiness from liveness
/// (<c>MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains(InterviewBookingHealthChecks.ReadyTag) })</c>).
/// Each check also carries its component's tag (<c>outbox</c>, <c>postgresql</c>, <c>smtp</c>).
/// </summary>
public static class InterviewBookingHealthChecks
{
    /// <summary>Checks of what an instance needs to serve, or should be watched (the stores, SMTP, the outbox): every check of the library carries it.</summary>
    public const string ReadyTag = "ready";

    /// <summary>
    /// The tag for a host's own liveness checks. No check of the library carries it: a database or mail server being down is no reason to
    /// restart a process, so a liveness probe should not run them.
    /// </summary>
    public const string LiveTag = "live";
}
