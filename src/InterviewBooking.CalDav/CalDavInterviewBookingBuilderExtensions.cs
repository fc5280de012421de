using InterviewBooking;
using InterviewBooking.CalDav;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the CalDAV busy-time reader.</summary>
public static class CalDavInterviewBookingBuilderExtensions
{
    /// <summary>
    /// Makes interviewers' CalDAV calendars the <see cref="IBusyTimeSource"/> the matcher and the hold check consult, replacing the
    /// default (none). The connections come from <typeparamref name="TResolver"/> (a singleton). The HTTP client is the named client
    /// <c>InterviewBooking.CalDav</c> with the standard resilience pipeline (retries of transient failures, a timeout per attempt of
    /// <see cref="CalDavOptions.RequestTimeout"/>, a circuit breaker). Booked interviews are written into the interviewer's calendar
    /// through the outbox (rescheduled ones updated, canceled ones deleted; the worker, <c>AddOutboxWorker</c>, delivers them).
    /// The options are validated when the host starts.
    /// </summary>
    /// <typeparam name="TResolver">The host's <see cref="ICalDavConnectionResolver"/>.</typeparam>
    /// <param name="builder">The builder returned by <c>AddInterviewBooking</c>.</param>
    /// <param name="configure">Sets the cache, the timeouts and what a failed read means.</param>
    /// <returns>The builder.</returns>
#pragma warning disable RS0027 // The code-only overload came first and hosts call it bare; the IConfiguration overload sits beside it.
    public static IInterviewBookingBuilder AddCalDavCalendars<TResolver>(this IInterviewBookingBuilder builder, Action<CalDavOptions>? configure = null)
#pragma warning restore RS0027
        where TResolver : class, ICalDavConnectionResolver
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.TryAddSingleton<ICalDavConnectionResolver, TResolver>();

        var options = services.AddOptions<CalDavOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CalDavOptions>, CalDavOptionsValidator>());
        services.AddHttpClient(CalDavClient.HttpClientName)
            .AddStandardResilienceHandler()
            .Configure(static (resilience, provider) => ConfigureResilience(resilience, provider.GetRequiredService<IOptions<CalDavOptions>>().Value));

        services.TryAddSingleton<CalDavClient>();
        services.TryAddSingleton<CalDavBusyTimeSource>();
        services.Replace(ServiceDescriptor.Singleton<IBusyTimeSource>(static provider => provider.GetRequiredService<CalDavBusyTimeSource>()));

        // Write-back: a message beside each booked, rescheduled and canceled notification, delivered by the outbox worker.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IOutboxMessageContributor, CalendarEventMessages>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IOutboxHandler, CalendarEventOutboxHandler>());
        return builder;
    }

    /// <summary>
    /// Adds the CalDAV calendars as the other overload does, with <see cref="CalDavOptions"/> bound from <paramref name="configuration"/>
    /// (<c>configuration.GetSection("...")</c>); durations accept <c>00:05:00</c> as well as NodaTime's form.
    /// </summary>
    /// <typeparam name="TResolver">The host's <see cref="ICalDavConnectionResolver"/>.</typeparam>
    /// <param name="builder">The builder returned by <c>AddInterviewBooking</c>.</param>
    /// <param name="configuration">The section holding the options.</param>
    /// <returns>The builder.</returns>
    public static IInterviewBookingBuilder AddCalDavCalendars<TResolver>(this IInterviewBookingBuilder builder, IConfiguration configuration)
        where TResolver : class, ICalDavConnectionResolver
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        builder.Services.AddOptions<CalDavOptions>().BindInterviewBookingSection(configuration);
        return builder.AddCalDavCalendars<TResolver>(configure: null);
    }

    private static void ConfigureResilience(HttpStandardResilienceOptions resilience, CalDavOptions options)
    {
        var attempt = options.RequestTimeout.ToTimeSpan();
        resilience.AttemptTimeout.Timeout = attempt;
        resilience.Retry.MaxRetryAttempts = 2;
        resilience.Retry.Delay = TimeSpan.FromMilliseconds(200);
        resilience.TotalRequestTimeout.Timeout = (attempt * 3) + TimeSpan.FromSeconds(2);
        resilience.CircuitBreaker.SamplingDuration = attempt * 2;
    }
}
