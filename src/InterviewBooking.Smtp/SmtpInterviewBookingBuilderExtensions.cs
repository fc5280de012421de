using InterviewBooking;
using InterviewBooking.Smtp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the SMTP notifier.</summary>
public static class SmtpInterviewBookingBuilderExtensions
{
    /// <summary>Adds SMTP notifications as the other overload does. Binds <see cref="SmtpNotifierOptions"/> from <paramref name="configuration"/> (<c>configuration.GetSection("...")</c>); durations accept <c>00:00:30</c> as well as NodaTime's form.</summary>
    /// <param name="builder">The builder returned by <c>AddInterviewBooking</c>.</param>
    /// <param name="configuration">The section holding the options.</param>
    /// <returns>The builder.</returns>
    public static IInterviewBookingBuilder AddSmtpNotifications(this IInterviewBookingBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        builder.Services.AddOptions<SmtpNotifierOptions>().BindInterviewBookingSection(configuration);
        return builder.AddSmtpNotifications(static _ => { });
    }

    /// <summary>
    /// Makes <see cref="SmtpBookingNotifier"/> the <see cref="IBookingNotifier"/> (a singleton, also resolvable as itself), replacing any
    /// notifier registered before; the in-memory default registered after does not override it. Adds the calendar invites
    /// (<c>AddCalendarInvites</c>), whose organizer must be set too. Both options are validated when the host starts. Contributes the health
    /// check <c>interviewbooking-smtp</c> (the server answers <c>EHLO</c> and <c>NOOP</c>; tagged <c>ready</c> and <c>smtp</c>; degraded when
    /// not) that <c>AddInterviewBookingHealthChecks()</c> adds to the host's checks.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddInterviewBooking</c>.</param>
    /// <param name="configure">Sets the server, the sender and the retries.</param>
    /// <returns>The builder.</returns>
    public static IInterviewBookingBuilder AddSmtpNotifications(this IInterviewBookingBuilder builder, Action<SmtpNotifierOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;

        builder.AddCalendarInvites();
        services.AddOptions<SmtpNotifierOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SmtpNotifierOptions>, SmtpNotifierOptionsValidator>());

        services.TryAddSingleton<SmtpBookingNotifier>();
        services.Replace(ServiceDescriptor.Singleton<IBookingNotifier>(static provider => provider.GetRequiredService<SmtpBookingNotifier>()));

        // The server answers; AddInterviewBookingHealthChecks (InterviewBooking.AspNetCore) adds it to the host's checks.
        services.AddSingleton(new AdapterHealthCheck(new HealthCheckRegistration(
            SmtpHealthCheck.Name,
            static provider => new SmtpHealthCheck(provider.GetRequiredService<IOptions<SmtpNotifierOptions>>()),
            HealthStatus.Degraded,
            SmtpHealthCheck.Tags,
            SmtpHealthCheck.MaxDuration.ToTimeSpan() + TimeSpan.FromSeconds(1))));
        return builder;
    }
}
