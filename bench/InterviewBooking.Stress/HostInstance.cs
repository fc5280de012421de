using InterviewBooking.InMemory;
using InterviewBooking.Stripe;
using InterviewBooking.Stripe.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Stripe;

namespace InterviewBooking.Stress;

/// <summary>
/// One simulated host: its own service provider with the library registered as a host registers it (core, store adapter, Stripe), over the
/// shared stores behind fault-injecting decorators, the shared clock, and the real Stripe.net client pointed at the fake Stripe API.
/// </summary>
internal sealed class HostInstance : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private HostInstance(int index, ServiceProvider provider, InstanceDirectory directory)
    {
        Index = index;
        _provider = provider;
        Booking = provider.GetRequiredService<BookingService>();
        Webhooks = provider.GetRequiredService<StripeWebhookHandler>();
        Notifier = provider.GetRequiredService<RecordingBookingNotifier>();
        Outbox = provider.GetRequiredService<OutboxDispatcher>();
        Kill = provider.GetRequiredService<KillSwitch>();
        Directory = directory;
        Sessions = provider.GetRequiredService<IPaymentSessionStore>();
        Lifecycle = provider.GetRequiredService<InterviewLifecycleService>();
        Rebooking = provider.GetRequiredService<RebookingService>();
        AutoBooking = provider.GetRequiredService<AutoBookingService>();
    }

    public AutoBookingService AutoBooking { get; }

    public IPaymentSessionStore Sessions { get; }

    public InterviewLifecycleService Lifecycle { get; }

    public RebookingService Rebooking { get; }

    public int Index { get; }

    public BookingService Booking { get; }

    public StripeWebhookHandler Webhooks { get; }

    public RecordingBookingNotifier Notifier { get; }

    /// <summary>This instance's outbox worker, driven by the simulation in simulated time (the hosted loop would poll in real time).</summary>
    public OutboxDispatcher Outbox { get; }

    public KillSwitch Kill { get; }

    /// <summary>This instance's interviewer directory (its matcher reads its index) and its edit.</summary>
    public InstanceDirectory Directory { get; }


    /// <summary>The worker's settings: many attempts (a notification fails on any of several faulty calls), back-off within simulated minutes.</summary>
    public static void ConfigureWorker(OutboxWorkerOptions options)
    {
        options.BatchSize = 16;
        options.LeaseDuration = Duration.FromMinutes(2);
        options.MaxAttempts = 30;
        options.BackoffBase = Duration.FromSeconds(15);
        options.BackoffCap = Duration.FromMinutes(10);
    }

    public const string WebhookSecret = "whsec_stress_endpoint_secret";

    public static HostInstance Create(
        int index, StoreSet shared, Marketplace market, StressClock clock, FakeStripeApi stripe, FaultInjector faults, Ledger ledger, PaymentWatch watch)
    {
        var directory = shared.Directory ?? throw new ArgumentException("The stores come without an interviewer directory.", nameof(shared));
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(clock);

        // Registered before the adapters, so their TryAdd registrations keep these.
        var interviews = new InstrumentedInterviewStore(shared.Interviews, faults, ledger);
        services.AddSingleton<IReservationStore>(new InstrumentedReservationStore(shared.Reservations, faults, ledger));
        services.AddSingleton<IPaymentSessionStore>(new InstrumentedPaymentSessionStore(shared.Sessions, faults, ledger));
        services.AddSingleton<IPaymentEventInbox>(new InstrumentedPaymentEventInbox(shared.Inbox, faults));
        services.AddSingleton<ICouponRedemptionStore>(new InstrumentedCouponRedemptionStore(shared.Coupons, faults));
        services.AddSingleton<IInterviewStore>(interviews);
        services.AddSingleton<IInterviewerDirectory>(directory.Directory);
        if (shared.Completions is { } completions && index % 2 == 1)
        {
            // Every other instance books a session claimed as it is marked paid in one step, as a host on the default scheduler does; a
            // decorated scheduler turns that path off, so these instances fault the completion instead. The others book in steps with
            // the scheduler's faults, and both kinds race over the same sessions.
            services.AddSingleton<IBookingCompletionStore>(new InstrumentedBookingCompletionStore(completions, faults, ledger));
            services.AddSingleton<IInterviewScheduler>(provider =>
                new InterviewScheduler(interviews, provider.GetRequiredService<IMeetingLinkProvider>(), clock));
        }
        else
        {
            services.AddSingleton<IInterviewScheduler>(provider => new InstrumentedScheduler(
                new InterviewScheduler(interviews, provider.GetRequiredService<IMeetingLinkProvider>(), clock), faults));
        }
        var kill = new KillSwitch();
        services.AddSingleton(kill);
        services.AddSingleton<IOutboxStore>(new InstrumentedOutboxStore(shared.Outbox, faults, kill));
        services.AddSingleton(shared.Payouts);
        services.AddSingleton<IBookingNotifier>(provider => new InstrumentedNotifier(provider.GetRequiredService<RecordingBookingNotifier>(), faults, kill));
        services.AddSingleton<IInterviewerMatcher>(provider => new CountingMatcher(
            ActivatorUtilities.CreateInstance<ScoringInterviewerMatcher>(provider), watch));
        services.AddSingleton<IStripeClient>(stripe.CreateClient());

        services.AddInterviewBooking(market.Configure)
            .AddInMemoryStores()
            .AddOutboxWorker(ConfigureWorker)
            .AddStripePayments(o =>
            {
                o.SecretKey = FakeStripeApi.ApiKey;
                o.WebhookSecret = WebhookSecret;
                o.SuccessUrl = "https://shop.example.test/bookings/{PAYMENT_SESSION_ID}/paid?checkout={CHECKOUT_SESSION_ID}";
                o.CancelUrl = "https://shop.example.test/bookings/{PAYMENT_SESSION_ID}";
            })
            .AddPayouts(Marketplace.ConfigurePayouts)
            .AddStripePayouts(o =>
            {
                foreach (var interviewer in market.Interviewers)
                {
                    o.ConnectedAccounts[interviewer.Id.Value] = Marketplace.ConnectedAccount(interviewer.Id);
                }
            });

        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        provider.GetRequiredService<IStartupValidator>().Validate();
        return new HostInstance(index, provider, directory);
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
