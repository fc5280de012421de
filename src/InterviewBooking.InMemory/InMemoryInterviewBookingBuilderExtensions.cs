using InterviewBooking;
using InterviewBooking.InMemory;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the in-memory adapters: the embedded default, which never overrides an adapter registered before or after it.</summary>
public static class InMemoryInterviewBookingBuilderExtensions
{
    /// <summary>
    /// Adds the in-memory <see cref="IReservationStore"/>, <see cref="IPaymentSessionStore"/> (writing its changes' messages to the
    /// <see cref="IOutboxStore"/>, also registered as <see cref="InMemoryOutboxStore"/>), <see cref="ICouponRedemptionStore"/>,
    /// <see cref="IPaymentEventInbox"/>, <see cref="IPayoutStore"/> (also as <see cref="InMemoryPayoutStore"/>), <see cref="IInterviewerDirectory"/> (also as <see cref="InMemoryInterviewerDirectory"/>), <see cref="IInterviewScheduler"/>
    /// (also as <see cref="RecordingInterviewScheduler"/>, over an <see cref="InMemoryInterviewStore"/> also registered as <see cref="IInterviewStore"/>) and <see cref="IBookingNotifier"/> (also as <see cref="RecordingBookingNotifier"/>), all singletons.
    /// Retention is on (<c>AddRetention</c> with the <see cref="RetentionOptions"/> defaults: finished rows go after 30 days, inbox entries after
    /// 30 days, paid sessions no sooner than 180 days after their last change), through an <see cref="InMemoryRetentionStore"/> registered as
    /// <see cref="IRetentionStore"/>, so a long-running host's memory stays bounded; <c>AddRetention(o =&gt; o.Enabled = false)</c> keeps everything.
    /// </summary>
    /// <remarks>
    /// Every registration is a <c>TryAdd</c>: an adapter registered before stays, and one registered after is resolved instead
    /// (the last registration wins), so the order of the calls never matters. State lives in one process: use a durable adapter
    /// (PostgreSQL, say) when several host instances share the bookings.
    /// </remarks>
    /// <param name="builder">The builder returned by <c>AddInterviewBooking</c>.</param>
    /// <returns>The builder.</returns>
    public static IInterviewBookingBuilder AddInMemoryStores(this IInterviewBookingBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        // Holds reserve coupon uses in the coupon store payments redeem in, so the two share one instance when both are in memory.
        services.TryAddSingleton<InMemoryCouponRedemptionStore>();
        services.TryAddSingleton<ICouponRedemptionStore>(static provider => provider.GetRequiredService<InMemoryCouponRedemptionStore>());
        services.TryAddSingleton<IReservationStore>(static provider => new InMemoryReservationStore(
            provider.GetRequiredService<IClock>(), provider.GetRequiredService<ICouponRedemptionStore>() as InMemoryCouponRedemptionStore));
        services.TryAddSingleton(static provider => new InMemoryOutboxStore(provider.GetRequiredService<IClock>()));
        services.TryAddSingleton<IOutboxStore>(static provider => provider.GetRequiredService<InMemoryOutboxStore>());
        services.TryAddSingleton<IPaymentSessionStore>(static provider => new InMemoryPaymentSessionStore(provider.GetRequiredService<InMemoryOutboxStore>()));
        services.TryAddSingleton<IPaymentEventInbox, InMemoryPaymentEventInbox>();
        services.TryAddSingleton<InMemoryPayoutStore>();
        services.TryAddSingleton<IPayoutStore>(static provider => provider.GetRequiredService<InMemoryPayoutStore>());

        services.TryAddSingleton(static provider =>
        {
            var directory = new InMemoryInterviewerDirectory();
            foreach (var seed in provider.GetServices<InMemoryDirectorySeed>())
            {
                seed.Apply(directory);
            }

            return directory;
        });
        services.TryAddSingleton<IInterviewerDirectory>(static provider => provider.GetRequiredService<InMemoryInterviewerDirectory>());

        services.TryAddSingleton(static provider => new InMemoryInterviewStore(provider.GetRequiredService<InMemoryOutboxStore>()));
        services.TryAddSingleton<IInterviewStore>(static provider => provider.GetRequiredService<InMemoryInterviewStore>());
        services.TryAddSingleton(static provider => new RecordingInterviewScheduler(
            provider.GetRequiredService<InMemoryInterviewStore>(),
            provider.GetRequiredService<IMeetingLinkProvider>(),
            provider.GetRequiredService<IClock>()));
        services.TryAddSingleton<IInterviewScheduler>(static provider => provider.GetRequiredService<RecordingInterviewScheduler>());

        // Over these three stores only: a host that puts one of them elsewhere gets no completion store, and books in steps.
        services.TryAddSingleton<IBookingCompletionStore>(static provider =>
            provider.GetRequiredService<IPaymentSessionStore>() is InMemoryPaymentSessionStore sessions
            && provider.GetRequiredService<IReservationStore>() is InMemoryReservationStore reservations
            && provider.GetRequiredService<IInterviewStore>() is InMemoryInterviewStore interviews
            && sessions.Outbox is not null && sessions.Outbox == interviews.Outbox
                ? new InMemoryBookingCompletionStore(sessions, reservations, interviews)
                : null!);

        services.TryAddSingleton<RecordingBookingNotifier>();
        services.TryAddSingleton<IBookingNotifier>(static provider => provider.GetRequiredService<RecordingBookingNotifier>());

        // Retention covers whichever stores in use are these in-memory ones; a durable adapter registers its own IRetentionStore.
        services.TryAddSingleton(static provider => CreateRetentionStore(provider));
        services.TryAddSingleton<IRetentionStore>(static provider => provider.GetRequiredService<InMemoryRetentionStore>());
        return builder.AddRetention();
    }

    private static InMemoryRetentionStore CreateRetentionStore(IServiceProvider provider)
    {
        var sessions = provider.GetRequiredService<IPaymentSessionStore>() as InMemoryPaymentSessionStore;
        var interviews = provider.GetRequiredService<IInterviewStore>() as InMemoryInterviewStore;
        var payouts = provider.GetRequiredService<IPayoutStore>() as InMemoryPayoutStore;
        var outbox = provider.GetRequiredService<IOutboxStore>() as InMemoryOutboxStore;
        var decidable = sessions is not null && interviews is not null && payouts is not null && outbox is not null;
        return new InMemoryRetentionStore(
            provider.GetRequiredService<IReservationStore>() as InMemoryReservationStore,
            decidable ? sessions : null,
            interviews,
            payouts,
            outbox,
            provider.GetRequiredService<IPaymentEventInbox>() as InMemoryPaymentEventInbox);
    }

    /// <summary>
    /// Adds the in-memory adapters (<see cref="AddInMemoryStores(IInterviewBookingBuilder)"/>) and seeds the directory when it is first resolved.
    /// Several seeds apply in registration order.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddInterviewBooking</c>.</param>
    /// <param name="seedDirectory">Adds interviewers to the directory (<see cref="InMemoryInterviewerDirectory.AddOrUpdate"/>).</param>
    /// <returns>The builder.</returns>
    /// <remarks>The seed runs only when the directory in use is the one these registrations create.</remarks>
    public static IInterviewBookingBuilder AddInMemoryStores(this IInterviewBookingBuilder builder, Action<InMemoryInterviewerDirectory> seedDirectory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(seedDirectory);
        builder.Services.AddSingleton(new InMemoryDirectorySeed(seedDirectory));
        return builder.AddInMemoryStores();
    }

    /// <summary>
    /// Adds <see cref="SimulatedPaymentGateway"/> as the <see cref="IPaymentGateway"/> (unless one is registered) and as itself, so tests
    /// and samples can build its payment events, with its <see cref="ICheckoutControl"/> and its webhook (an
    /// <see cref="IPaymentWebhookReceiver"/> named <c>simulated</c>: a web host maps it with <c>MapPaymentWebhook("/webhooks/simulated", "simulated")</c>
    /// and pays a checkout by posting <c>{"type":"checkout.completed","checkout":"cs_sim_…"}</c> with any <c>Simulated-Signature</c> header), and
    /// <see cref="SimulatedPayoutGateway"/> as the <see cref="IPayoutGateway"/> (unless one is registered) and as itself, which records the
    /// payouts it would have paid.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddInterviewBooking</c>.</param>
    /// <returns>The builder.</returns>
    public static IInterviewBookingBuilder AddSimulatedPayments(this IInterviewBookingBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<SimulatedPaymentGateway>();
        builder.Services.TryAddSingleton<IPaymentGateway>(static provider => provider.GetRequiredService<SimulatedPaymentGateway>());
        builder.Services.TryAddSingleton<ICheckoutControl, SimulatedCheckoutControl>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IPaymentWebhookReceiver, SimulatedWebhookReceiver>());
        builder.Services.TryAddSingleton<SimulatedPayoutGateway>();
        builder.Services.TryAddSingleton<IPayoutGateway>(static provider => provider.GetRequiredService<SimulatedPayoutGateway>());
        return builder;
    }
}
