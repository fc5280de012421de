using InterviewBooking.AspNetCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds InterviewBooking's health checks.</summary>
public static class InterviewBookingHealthCheckBuilderExtensions
{
    /// <summary>The tag of checks a load balancer should wait for before sending traffic (stores, SMTP, the outbox).</summary>
    public const string ReadyTag = "ready";

    /// <summary>The tag of checks that only say the process is alive.</summary>
    public const string LiveTag = "live";

    /// <summary>
    /// Adds the outbox check (dead letters under <see cref="InterviewBookingHealthCheckOptions.MaxDeadLetters"/>), tagged
    /// <see cref="ReadyTag"/>. Adapters add their own (<c>AddInterviewBookingPostgreSql()</c>, <c>AddInterviewBookingSmtp()</c>) from their packages.
    /// </summary>
    /// <param name="builder">The host's health checks.</param>
    /// <param name="configure">Sets the thresholds.</param>
    /// <returns>The builder.</returns>
    public static IHealthChecksBuilder AddInterviewBookingHealthChecks(this IHealthChecksBuilder builder, Action<InterviewBookingHealthCheckOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<InterviewBookingHealthCheckOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        return builder.AddCheck<OutboxHealthCheck>("interviewbooking-outbox", HealthStatus.Unhealthy, [ReadyTag]);
    }
}
