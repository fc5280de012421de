using InterviewBooking;
using InterviewBooking.AspNetCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds InterviewBooking's health checks.</summary>
public static class InterviewBookingHealthCheckBuilderExtensions
{
    /// <summary>The outbox check's name.</summary>
    internal const string OutboxCheckName = "interviewbooking-outbox";

    /// <summary>
    /// Adds the outbox check (<c>interviewbooking-outbox</c>: due items, the oldest one's wait and dead letters under the thresholds of
    /// <see cref="InterviewBookingHealthCheckOptions"/>; <see cref="HealthStatus.Degraded"/> past one) and the checks of the adapters
    /// registered, before or after this call (<c>AddPostgreSqlStores</c>: <c>interviewbooking-postgresql</c>; <c>AddSmtpNotifications</c>:
    /// <c>interviewbooking-smtp</c>). Every check is tagged <see cref="InterviewBookingHealthChecks.ReadyTag"/> and its component
    /// (<c>outbox</c>, <c>postgresql</c>, <c>smtp</c>). The thresholds are validated when the host starts.
    /// </summary>
    /// <param name="builder">The host's health checks.</param>
    /// <param name="configure">Sets the thresholds.</param>
    /// <returns>The builder.</returns>
#pragma warning disable RS0027 // The code-only overload came first and hosts call it bare; the IConfiguration overload sits beside it, as in the core.
    public static IHealthChecksBuilder AddInterviewBookingHealthChecks(this IHealthChecksBuilder builder, Action<InterviewBookingHealthCheckOptions>? configure = null)
#pragma warning restore RS0027
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<InterviewBookingHealthCheckOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<InterviewBookingHealthCheckOptions>, InterviewBookingHealthCheckOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<HealthCheckServiceOptions>, AdapterHealthCheckRegistrations>());

        // The outbox check goes the adapters' way, whose registrations keep one check per name: a second call adds nothing twice.
        services.AddSingleton(new AdapterHealthCheck(new HealthCheckRegistration(
            OutboxCheckName,
            static provider => ActivatorUtilities.CreateInstance<OutboxHealthCheck>(provider),
            HealthStatus.Degraded,
            [InterviewBookingHealthChecks.ReadyTag, "outbox"],
            TimeSpan.FromSeconds(10))));
        return builder;
    }

    /// <summary>
    /// Adds the checks as the other overload does, with <see cref="InterviewBookingHealthCheckOptions"/> bound from
    /// <paramref name="configuration"/> (<c>configuration.GetSection("...")</c>); <c>MaxDueAge</c> accepts <c>00:05:00</c> as well as NodaTime's form.
    /// </summary>
    /// <param name="builder">The host's health checks.</param>
    /// <param name="configuration">The section holding the thresholds.</param>
    /// <returns>The builder.</returns>
    public static IHealthChecksBuilder AddInterviewBookingHealthChecks(this IHealthChecksBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        builder.Services.AddOptions<InterviewBookingHealthCheckOptions>().BindInterviewBookingSection(configuration);
        return builder.AddInterviewBookingHealthChecks(configure: null);
    }
}
