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
