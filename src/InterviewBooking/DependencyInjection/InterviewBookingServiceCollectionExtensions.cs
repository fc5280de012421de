using InterviewBooking;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the InterviewBooking core.</summary>
public static class InterviewBookingServiceCollectionExtensions
{
    /// <summary>
    /// Adds the booking flow (<see cref="BookingService"/>, <see cref="AutoBookingService"/>, <see cref="PaymentEventProcessor"/>,
    /// <see cref="BookingChangeService"/>, <see cref="SlotSearchService"/>, <see cref="BookingPreviewService"/>), the default meeting link provider,
    /// the default scoring matcher, server-side pricing and the system clock. Options are validated when the host starts.
    /// Stores, directory, payment gateway, scheduler and notifier come from an adapter package on the returned builder.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures <see cref="InterviewBookingOptions"/> (plans are required).</param>
    /// <returns>A builder for adapter registrations.</returns>
    public static IInterviewBookingBuilder AddInterviewBooking(this IServiceCollection services, Action<InterviewBookingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);

        var options = services.AddOptions<InterviewBookingOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<InterviewBookingOptions>, InterviewBookingOptionsValidator>());

        services.TryAddSingleton<IClock>(SystemClock.Instance);
        services.TryAddSingleton<PriceCalculator>();
        services.TryAddSingleton<IInterviewerMatcher, ScoringInterviewerMatcher>();
        services.TryAddSingleton<BookingService>();
        services.TryAddSingleton<SlotSearchService>();
        services.TryAddSingleton<BookingPreviewService>();
        services.TryAddSingleton<AutoBookingService>();
        services.TryAddSingleton<PaymentEventProcessor>();
        services.TryAddSingleton<BookingChangeService>();
        services.TryAddSingleton<IMeetingLinkProvider, TemplateMeetingLinkProvider>();

        return new InterviewBookingBuilder(services);
    }

    private sealed class InterviewBookingBuilder(IServiceCollection services) : IInterviewBookingBuilder
    {
        public IServiceCollection Services { get; } = services;
    }
}
