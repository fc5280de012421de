using InterviewBooking;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers interviewer payouts and dispute handling.</summary>
public static class PayoutInterviewBookingBuilderExtensions
{
    /// <summary>
    /// Adds the payout ledger's outbox handlers (an interview completed or its interviewer absent, the payment after the hold-back, the
    /// reversal after a lost dispute) and <see cref="DisputeService"/>. Options are validated when the host starts.
    /// </summary>
    /// <remarks>
    /// The <see cref="IPayoutStore"/> comes from a store adapter (<c>AddInMemoryStores</c>, <c>AddPostgreSqlStores</c>) and the
    /// <see cref="IPayoutGateway"/> from a payment adapter (<c>AddSimulatedPayments</c> records them; <c>AddStripePayouts</c> transfers with
    /// Stripe Connect). The outbox worker (<c>AddOutboxWorker</c>) delivers the handlers' items.
    /// </remarks>
    /// <param name="builder">The builder returned by <c>AddInterviewBooking</c>.</param>
    /// <param name="configure">Configures <see cref="PayoutOptions"/> (a rate per plan is required).</param>
    /// <returns>The builder.</returns>
#pragma warning disable RS0027 // The configure-action overload is the primary one; the IConfiguration overload sits beside it.
    public static IInterviewBookingBuilder AddPayouts(this IInterviewBookingBuilder builder, Action<PayoutOptions>? configure = null)
#pragma warning restore RS0027
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<PayoutOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PayoutOptions>, PayoutOptionsValidator>());
        services.TryAddSingleton<DisputeService>();
        if (services.Any(static d => d.ServiceType == typeof(PayoutHandlersMarker)))
        {
            return builder;
        }

        services.AddSingleton<PayoutHandlersMarker>();
        services.AddSingleton<IOutboxHandler>(static provider => InterviewOutcomeOutboxHandler.Completed(
            provider.GetRequiredService<IPayoutStore>(), provider.GetRequiredService<IPaymentSessionStore>(), provider.GetRequiredService<IOutboxStore>(),
            provider.GetRequiredService<IOptionsMonitor<PayoutOptions>>(), provider.GetRequiredService<IClock>(), provider.GetService<ILogger<InterviewOutcomeOutboxHandler>>()));
        services.AddSingleton<IOutboxHandler>(static provider => InterviewOutcomeOutboxHandler.InterviewerNoShow(
            provider.GetRequiredService<IPayoutStore>(), provider.GetRequiredService<IPaymentSessionStore>(), provider.GetRequiredService<IOutboxStore>(),
            provider.GetRequiredService<IOptionsMonitor<PayoutOptions>>(), provider.GetRequiredService<IClock>(), provider.GetService<ILogger<InterviewOutcomeOutboxHandler>>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IOutboxHandler, PayoutOutboxHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IOutboxHandler, PayoutReversalOutboxHandler>());
        return builder;
    }

    /// <summary>Adds payouts as the other overload does, with <see cref="PayoutOptions"/> bound from <paramref name="configuration"/> (durations accept <c>3.00:00:00</c>).</summary>
    /// <param name="builder">The builder returned by <c>AddInterviewBooking</c>.</param>
    /// <param name="configuration">The section holding the options (<c>configuration.GetSection("Payouts")</c>).</param>
    /// <returns>The builder.</returns>
    public static IInterviewBookingBuilder AddPayouts(this IInterviewBookingBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        builder.Services.AddOptions<PayoutOptions>().BindInterviewBookingSection(configuration);
        return builder.AddPayouts();
    }

    // Registered once with the two factory-made outcome handlers, so calling AddPayouts again adds no second handler of a kind.
    private sealed class PayoutHandlersMarker;
}
