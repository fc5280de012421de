using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace InterviewBooking;

/// <summary>
/// A health check a package contributes, registered as a singleton by its <c>Add…</c> method (<c>AddPostgreSqlStores</c>,
/// <c>AddSmtpNotifications</c>; the outbox check goes the same way). <c>AddInterviewBookingHealthChecks()</c> (InterviewBooking.AspNetCore)
/// adds every one registered to the host's health checks, one per name, in whatever order the calls came, so the web package references
/// no adapter and a host writes no check of its own.
/// </summary>
public sealed class AdapterHealthCheck
{
    /// <summary>Wraps an adapter's check.</summary>
    /// <param name="registration">The check: its name (unique; a second contribution under one name is ignored), factory, failure status, tags and timeout.</param>
    /// <exception cref="ArgumentNullException"><paramref name="registration"/> is <see langword="null"/>.</exception>
    public AdapterHealthCheck(HealthCheckRegistration registration)
    {
        Registration = registration ?? throw new ArgumentNullException(nameof(registration));
    }

    /// <summary>The check as the host's health check service runs it.</summary>
    public HealthCheckRegistration Registration { get; }
}
