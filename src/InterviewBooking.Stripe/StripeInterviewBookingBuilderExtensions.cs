using System.Reflection;
using InterviewBooking;
using InterviewBooking.Stripe;
using InterviewBooking.Stripe.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Stripe;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Stripe adapter.</summary>
public static class StripeInterviewBookingBuilderExtensions
{
    /// <summary>Adds the Stripe adapter as the other overload does. Binds <see cref="StripePaymentOptions"/> from <paramref name="configuration"/> (<c>configuration.GetSection("...")</c>); durations accept <c>00:00:30</c> as well as NodaTime's form.</summary>
    /// <param name="builder">The builder returned by <c>AddInterviewBooking</c>.</param>
    /// <param name="configuration">The section holding the options.</param>
    /// <returns>The builder.</returns>
    public static IInterviewBookingBuilder AddStripePayments(this IInterviewBookingBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        builder.Services.AddOptions<StripePaymentOptions>().BindInterviewBookingSection(configuration);
        return builder.AddStripePayments(static _ => { });
    }

    /// <summary>
    /// Adds Stripe Checkout as the <see cref="IPaymentGateway"/> (<see cref="StripePaymentGateway"/>, replacing the simulated default whatever
    /// the order of the calls), <see cref="StripeWebhookHandler"/>, <see cref="StripeCheckoutService"/>, and an <see cref="IStripeClient"/> built
    /// from the options unless the host registers its own (another base address, its own <see cref="HttpClient"/>).
    /// <see cref="StripePaymentOptions"/> are validated when the host starts, and so is the hold: <see cref="InterviewBookingOptions.HoldDuration"/>
    /// must fit a Checkout Session's lifetime (32 minutes to 23 hours 58 minutes: Stripe's 30 minutes to 24 hours, less a margin).
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddInterviewBooking</c>.</param>
    /// <param name="configure">Sets the keys, URLs and payment method types.</param>
    /// <returns>The builder.</returns>
    /// <remarks>The webhook handler de-duplicates through <see cref="IPaymentEventInbox"/>, which a store adapter registers (<c>AddInMemoryStores</c>, say).</remarks>
    public static IInterviewBookingBuilder AddStripePayments(this IInterviewBookingBuilder builder, Action<StripePaymentOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;

        services.AddOptions<StripePaymentOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StripePaymentOptions>, StripePaymentOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<InterviewBookingOptions>, StripeHoldDurationValidator>());

        services.TryAddSingleton<IStripeClient>(static provider => CreateClient(provider.GetRequiredService<IOptions<StripePaymentOptions>>().Value));
        services.TryAddSingleton<StripePaymentGateway>();
        services.Replace(ServiceDescriptor.Singleton<IPaymentGateway>(static provider => provider.GetRequiredService<StripePaymentGateway>()));
        services.TryAddSingleton<StripeWebhookHandler>();
        services.TryAddSingleton<StripeCheckoutService>();
        // The provider-neutral faces a web host maps (MapStripeWebhook, the return check, abandoning a checkout).
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPaymentWebhookReceiver, StripeWebhookReceiver>());
        services.Replace(ServiceDescriptor.Singleton<ICheckoutControl, StripeCheckoutControl>());
        return builder;
    }

    /// <summary>
    /// Adds Stripe Connect as the <see cref="IPayoutGateway"/> (<see cref="StripePayoutGateway"/>, replacing the simulated default whatever the
    /// order of the calls), with the default <see cref="IStripeConnectedAccountResolver"/> over <see cref="StripePayoutOptions.ConnectedAccounts"/>
    /// unless the host registered its own. Call <c>AddStripePayments</c> too (the client and its key) and <c>AddPayouts</c> (the ledger).
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddInterviewBooking</c>.</param>
    /// <param name="configure">Configures <see cref="StripePayoutOptions"/>, or <see langword="null"/> when a resolver of the host's names the accounts.</param>
    /// <returns>The builder.</returns>
#pragma warning disable RS0027 // The configure-action overload is the primary one; the IConfiguration overload sits beside it.
    public static IInterviewBookingBuilder AddStripePayouts(this IInterviewBookingBuilder builder, Action<StripePayoutOptions>? configure = null)
#pragma warning restore RS0027
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<StripePayoutOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StripePayoutOptions>, StripePayoutOptionsValidator>());
        services.TryAddSingleton<IStripeConnectedAccountResolver, ConfiguredConnectedAccountResolver>();
        services.TryAddSingleton<StripePayoutGateway>();
        services.Replace(ServiceDescriptor.Singleton<IPayoutGateway>(static provider => provider.GetRequiredService<StripePayoutGateway>()));
        return builder;
    }

    /// <summary>Adds Stripe Connect payouts as the other overload does, with <see cref="StripePayoutOptions"/> bound from <paramref name="configuration"/>.</summary>
    /// <param name="builder">The builder returned by <c>AddInterviewBooking</c>.</param>
    /// <param name="configuration">The section holding the options (<c>ConnectedAccounts</c>).</param>
    /// <returns>The builder.</returns>
    public static IInterviewBookingBuilder AddStripePayouts(this IInterviewBookingBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        builder.Services.AddOptions<StripePayoutOptions>().BindInterviewBookingSection(configuration);
        return builder.AddStripePayouts();
    }

    private static StripeClient CreateClient(StripePaymentOptions options)
    {
        var http = new SystemNetHttpClient(
            httpClient: null,
            maxNetworkRetries: options.MaxNetworkRetries,
            appInfo: new AppInfo { Name = "InterviewBooking", Version = typeof(StripePaymentGateway).Assembly.GetName().Version?.ToString() },
            enableTelemetry: false);
        return new StripeClient(new StripeClientOptions
        {
            ApiKey = options.SecretKey,
            HttpClient = http,
            ApiBase = options.ApiBase?.ToString().TrimEnd('/'),
        });
    }
}
