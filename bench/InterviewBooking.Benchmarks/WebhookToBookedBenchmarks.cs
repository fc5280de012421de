using BenchmarkDotNet.Attributes;
using InterviewBooking.InMemory;
using InterviewBooking.PostgreSql;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace InterviewBooking.Benchmarks;

/// <summary>
/// What the outbox adds to webhook → booked on PostgreSQL: a verified "paid" event processed until the session is booked
/// (<see cref="PaymentEventProcessor.ProcessAsync"/>: mark paid, claim, confirm the hold, schedule, mark booked), with the Booked
/// notification written to the outbox in the booking's own statement, against the same flow whose session store drops the transition's
/// outbox messages (the baseline: what the flow cost before the outbox). No notification is delivered in either: the worker does that later.
/// Each iteration books <see cref="BookingsPerInvocation"/> sessions started beforehand; the reported time is per booking.
/// </summary>
/// <remarks>
/// <c>dotnet run -c Release --project bench/InterviewBooking.Benchmarks -- --filter '*WebhookToBooked*' --job short</c> with
/// <c>INTERVIEWBOOKING_TEST_POSTGRES</c> set.
/// </remarks>
[InvocationCount(1)]
public class WebhookToBookedBenchmarks
{
    private const int BookingsPerInvocation = 60;
    private static readonly DateTimeZone NewYork = WebhookBenchHost.NewYork;

    private readonly string _run = Guid.NewGuid().ToString("N")[..12];
    private NpgsqlDataSource _pool = null!;
    private PostgreSqlStoreOptions _options = null!;
    private ServiceProvider _withOutbox = null!;
    private ServiceProvider _withoutOutbox = null!;
    private readonly List<PaymentEvent> _paid = [];
    private Instant _nextSlot = Instant.FromUtc(2030, 1, 7, 0, 0);

    [GlobalSetup]
    public void Setup()
    {
        _pool = Bench.DataSource(maxPoolSize: 8);
        _options = new PostgreSqlStoreOptions { Schema = "ib_bench_webhook_" + _run };
        new PostgreSqlBookingSchema(_pool, _options).EnsureSchemaAsync().GetAwaiter().GetResult();
        _withOutbox = Build(dropOutbox: false);
        _withoutOutbox = Build(dropOutbox: true);
    }

    [IterationSetup(Target = nameof(WithOutbox))]
    public void StartWithOutbox() => Start(_withOutbox);

    [IterationSetup(Target = nameof(WithoutOutbox))]
    public void StartWithoutOutbox() => Start(_withoutOutbox);

    [GlobalCleanup]
    public void Cleanup()
    {
        _withOutbox.Dispose();
        _withoutOutbox.Dispose();
        using (var drop = _pool.CreateCommand($"DROP SCHEMA IF EXISTS \"{_options.Schema}\" CASCADE"))
        {
            drop.ExecuteNonQuery();
        }

        _pool.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = BookingsPerInvocation, Description = "webhook → booked, no outbox")]
    public Task WithoutOutbox() => BookAsync(_withoutOutbox);

    [Benchmark(OperationsPerInvoke = BookingsPerInvocation, Description = "webhook → booked + outbox row")]
    public Task WithOutbox() => BookAsync(_withOutbox);

    private async Task BookAsync(ServiceProvider provider)
    {
        var events = provider.GetRequiredService<PaymentEventProcessor>();
        foreach (var paid in _paid)
        {
            if ((await events.ProcessAsync(paid)).Outcome != PaymentEventOutcome.Booked)
            {
                throw new InvalidOperationException("A paid session was not booked.");
            }
        }
    }

    // Starts the next sessions (match, hold, session, checkout) and makes their paid events, outside the measured time.
    private void Start(ServiceProvider provider)
    {
        _paid.Clear();
        var booking = provider.GetRequiredService<BookingService>();
        var gateway = provider.GetRequiredService<SimulatedPaymentGateway>();
        for (var i = 0; i < BookingsPerInvocation; i++)
        {
            var start = _nextSlot;
            _nextSlot += Duration.FromMinutes(30);
            var started = booking.StartAsync(new InterviewRequest
            {
                CandidateId = new CandidateId("candidate-" + i),
                CandidateName = "Casey",
                CandidateEmail = "casey@example.org",
                ExperienceYears = 5,
                SkillCategories = ["Backend"],
                Skills = ["Java"],
                RequestedSlot = new Interval(start, start + Duration.FromMinutes(30)),
                CandidateTimeZone = NewYork,
                PlanId = "mock-30",
            }).GetAwaiter().GetResult();
            _paid.Add(gateway.CompleteCheckout(started.Session!.Id));
        }
    }

    private ServiceProvider Build(bool dropOutbox)
    {
        var services = new ServiceCollection();
        services.AddWebhookBenchHost(_pool, _options.Schema);
        if (dropOutbox)
        {
            services.AddSingleton<IPaymentSessionStore>(new DroppingOutbox(new PostgreSqlPaymentSessionStore(_pool, _options)));
        }

        return services.BuildServiceProvider();
    }

    /// <summary>The session store as it was before the outbox: every transition's messages dropped.</summary>
    private sealed class DroppingOutbox(IPaymentSessionStore inner) : IPaymentSessionStore
    {
        public Task<PaymentSession> CreateAsync(PaymentSession session, CancellationToken cancellationToken = default) => inner.CreateAsync(session, cancellationToken);

        public Task<PaymentSession?> GetAsync(PaymentSessionId id, CancellationToken cancellationToken = default) => inner.GetAsync(id, cancellationToken);

        public Task<PaymentSession?> FindByIdempotencyKeyAsync(CandidateId candidateId, string idempotencyKey, CancellationToken cancellationToken = default) =>
            inner.FindByIdempotencyKeyAsync(candidateId, idempotencyKey, cancellationToken);

        public Task<PaymentSessionUpdateResult> TryAttachCheckoutAsync(PaymentSessionId id, string providerReference, Uri checkoutUrl, CancellationToken cancellationToken = default) =>
            inner.TryAttachCheckoutAsync(id, providerReference, checkoutUrl, cancellationToken);

        public Task<PaymentSessionUpdateResult> TryTransitionAsync(PaymentSessionTransition transition, CancellationToken cancellationToken = default) =>
            inner.TryTransitionAsync(transition with { Outbox = [] }, cancellationToken);

        public Task<IReadOnlyList<PaymentSessionStatusChange>> GetHistoryAsync(PaymentSessionId id, CancellationToken cancellationToken = default) =>
            inner.GetHistoryAsync(id, cancellationToken);

        public Task<IReadOnlyList<PaymentSession>> ListByStatusAsync(
            PaymentSessionStatus status, Instant changedBefore, int maxItems, CancellationToken cancellationToken = default) =>
            inner.ListByStatusAsync(status, changedBefore, maxItems, cancellationToken);
    }
}
