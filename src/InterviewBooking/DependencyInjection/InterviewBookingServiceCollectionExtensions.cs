using InterviewBooking;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
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
#pragma warning disable RS0027 // The code-only overload came first and every host calls it; the IConfiguration overloads sit beside it.
    public static IInterviewBookingBuilder AddInterviewBooking(this IServiceCollection services, Action<InterviewBookingOptions>? configure = null)
#pragma warning restore RS0027
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.AddInterviewBookingCore(configure);
    }

    /// <summary>Adds the booking flow with <see cref="InterviewBookingOptions"/> bound from <paramref name="configuration"/>; see the overload with a configure action.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section holding the options (<c>configuration.GetSection("InterviewBooking")</c>).</param>
    /// <returns>A builder for adapter registrations.</returns>
    public static IInterviewBookingBuilder AddInterviewBooking(this IServiceCollection services, IConfiguration configuration) =>
        services.AddInterviewBooking(configuration, static _ => { });

    /// <summary>
    /// Adds the booking flow as <see cref="AddInterviewBooking(IServiceCollection, Action{InterviewBookingOptions}?)"/> does, with
    /// <see cref="InterviewBookingOptions"/> bound from <paramref name="configuration"/> (<c>configuration.GetSection("InterviewBooking")</c>),
    /// then <paramref name="configure"/>. Durations accept the .NET form (<c>00:35:00</c>, <c>1.00:00:00</c>) and NodaTime's (<c>0:00:35:00</c>).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section holding the options (plans, add-ons, coupons, hold and refund rules).</param>
    /// <param name="configure">Runs after binding, for what configuration cannot say.</param>
    /// <returns>A builder for adapter registrations.</returns>
    public static IInterviewBookingBuilder AddInterviewBooking(this IServiceCollection services, IConfiguration configuration, Action<InterviewBookingOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<InterviewBookingOptions>().BindInterviewBookingSection(configuration);
        return services.AddInterviewBookingCore(configure);
    }

    private static InterviewBookingBuilder AddInterviewBookingCore(this IServiceCollection services, Action<InterviewBookingOptions>? configure)
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
        services.TryAddSingleton<IBusyTimeSource, NoBusyTimeSource>();
        services.TryAddSingleton<IInterviewerMatcher, ScoringInterviewerMatcher>();
        services.TryAddSingleton<BookingService>();
        services.TryAddSingleton<SlotSearchService>();
        services.TryAddSingleton<BookingPreviewService>();
        services.TryAddSingleton<AutoBookingService>();
        services.TryAddSingleton<PaymentEventProcessor>();
        services.TryAddSingleton<BookingChangeService>();
        services.TryAddSingleton<InterviewLifecycleService>();
        services.TryAddSingleton<RebookingService>();
        services.TryAddSingleton<IMeetingLinkProvider, TemplateMeetingLinkProvider>();

        // The outbox handlers of session effects; the outbox worker resolves them by kind.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IOutboxHandler, RefundOutboxHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IOutboxHandler, CheckoutExpiryOutboxHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IOutboxHandler, FeedbackReminderOutboxHandler>());
        services.AddSingleton<IOutboxHandler>(static provider => FollowUpOutboxHandler.Reminders(
            provider.GetRequiredService<IPaymentSessionStore>(), provider.GetRequiredService<IInterviewStore>(),
            provider.GetRequiredService<IBookingNotifier>(), provider.GetRequiredService<IClock>(), provider.GetService<ILogger<FollowUpOutboxHandler>>()));
        services.AddSingleton<IOutboxHandler>(static provider => FollowUpOutboxHandler.FeedbackRequests(
            provider.GetRequiredService<IPaymentSessionStore>(), provider.GetRequiredService<IInterviewStore>(),
            provider.GetRequiredService<IBookingNotifier>(), provider.GetRequiredService<IClock>(), provider.GetService<ILogger<FollowUpOutboxHandler>>()));

        return new InterviewBookingBuilder(services);
    }

    /// <summary>
    /// Adds the <see cref="PaymentSessionSweeper"/> and a hosted service that runs it every <see cref="PaymentSessionSweeperOptions.Interval"/>
    /// (run it in every instance: each change is a compare-and-set, so one instance makes it). Options are validated when the host starts.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddInterviewBooking</c>.</param>
    /// <param name="configure">Configures <see cref="PaymentSessionSweeperOptions"/>.</param>
    /// <returns>The builder.</returns>
#pragma warning disable RS0027 // As above: the code-only overload came first; the IConfiguration overload sits beside it.
    public static IInterviewBookingBuilder AddPaymentSessionSweeper(this IInterviewBookingBuilder builder, Action<PaymentSessionSweeperOptions>? configure = null)
#pragma warning restore RS0027
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<PaymentSessionSweeperOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PaymentSessionSweeperOptions>, PaymentSessionSweeperOptionsValidator>());
        builder.Services.TryAddSingleton<PaymentSessionSweeper>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PaymentSessionSweeperService>());
        return builder;
    }

    /// <summary>
    /// Adds the sweeper as the other overload does, with <see cref="PaymentSessionSweeperOptions"/> bound from <paramref name="configuration"/>
    /// (<c>configuration.GetSection("...")</c>); durations accept <c>00:01:00</c> as well as NodaTime's form.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddInterviewBooking</c>.</param>
    /// <param name="configuration">The section holding the options.</param>
    /// <returns>The builder.</returns>
    public static IInterviewBookingBuilder AddPaymentSessionSweeper(this IInterviewBookingBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        builder.Services.AddOptions<PaymentSessionSweeperOptions>().BindInterviewBookingSection(configuration);
        return builder.AddPaymentSessionSweeper(configure: null);
    }

    private sealed class InterviewBookingBuilder(IServiceCollection services) : IInterviewBookingBuilder
    {
        public IServiceCollection Services { get; } = services;
    }
}
