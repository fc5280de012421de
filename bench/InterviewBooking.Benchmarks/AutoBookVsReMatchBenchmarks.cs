using BenchmarkDotNet.Attributes;
using InterviewBooking.InMemory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace InterviewBooking.Benchmarks;

/// <summary>
/// What happens after payment, on the in-memory default over generated data (<see cref="MatchingData"/>): auto-booking from the match
/// stored in the payment session (claim, confirm the hold, schedule, mark booked, notify), against the flow we replace, which ran the
/// matcher again before scheduling. Each iteration first swaps in a freshly seeded reservation store (about ten reservations per
/// interviewer, the same every time, so iterations do not fill the popular slots) and starts and marks paid
/// <see cref="SessionsPerIteration"/> sessions (not measured); each invocation books one of them. The ratio column is re-match / auto-book.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(SessionsPerIteration)]
public class AutoBookVsReMatchBenchmarks
{
    private const int SessionsPerIteration = 512;

    private readonly Queue<(PaymentSessionId Id, InterviewRequest Request)> _paid = new();
    private readonly SwappableReservationStore _reservations = new();
    private MatchingData _data = null!;
    private ServiceProvider _provider = null!;
    private BookingService _booking = null!;
    private AutoBookingService _autoBooking = null!;
    private IInterviewerMatcher _matcher = null!;
    private IPaymentSessionStore _sessions = null!;
    private int _maxHoldAttempts;
    private int _nextRequest;

    [Params(1_000, 10_000, 100_000)]
    public int InterviewerCount { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _data = MatchingData.Generate(InterviewerCount);
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(MatchingData.Clock());
        services.AddSingleton<IReservationStore>(_reservations);
        services.AddInterviewBooking(o => o.Plans.Add(new InterviewPlan { Id = "mock-60", Name = "60-minute mock", Duration = Duration.FromHours(1), PriceMinorUnits = 8900 }))
            .AddInMemoryStores(directory => directory.AddOrUpdateRange(_data.Interviewers))
            .AddSimulatedPayments();
        _provider = services.BuildServiceProvider();
        _booking = _provider.GetRequiredService<BookingService>();
        _autoBooking = _provider.GetRequiredService<AutoBookingService>();
        _matcher = _provider.GetRequiredService<IInterviewerMatcher>();
        _sessions = _provider.GetRequiredService<IPaymentSessionStore>();
        _maxHoldAttempts = _provider.GetRequiredService<IOptions<InterviewBookingOptions>>().Value.MaxHoldAttempts;
    }

    [IterationSetup]
    public void StartAndPaySessions()
    {
        _paid.Clear();
        var clock = _provider.GetRequiredService<IClock>();
        _reservations.Inner = new InMemoryReservationStore(clock);
        _data.ReserveAsync(_reservations.Inner).GetAwaiter().GetResult();
        for (var tries = 0; _paid.Count < SessionsPerIteration; tries++)
        {
            if (tries == 4 * SessionsPerIteration)
            {
                throw new InvalidOperationException($"Only {_paid.Count} of {tries} requests found a free interviewer.");
            }

            var request = _data.Requests[_nextRequest++ % _data.Requests.Length] with { CandidateId = new CandidateId($"candidate-{_nextRequest}") };
            var started = _booking.StartAsync(request).GetAwaiter().GetResult();
            if (!started.Succeeded)
            {
                continue;
            }

            var session = started.Session!;
            var paid = _sessions.TryTransitionAsync(
                new PaymentSessionTransition(session.Id, PaymentSessionStatus.Pending, PaymentSessionStatus.Paid, clock.GetCurrentInstant())).GetAwaiter().GetResult();
            if (!paid.Succeeded)
            {
                throw new InvalidOperationException($"Session {session.Id} could not be marked paid (it is {paid.Session?.Status}).");
            }

            _paid.Enqueue((session.Id, request));
        }

        // Promote the new store and sessions now, so that no measured invocation pays for collecting them.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    [GlobalCleanup]
    public void Cleanup() => _provider.Dispose();

    /// <summary>After payment: book from the stored match (the corrected flow).</summary>
    [Benchmark(Baseline = true)]
    public async Task<BookingOutcome> AutoBookFromStoredMatch()
    {
        var (id, _) = _paid.Dequeue();
        return (await _autoBooking.BookAsync(id)).Outcome;
    }

    /// <summary>After payment: run the matcher again, then book (the flow we replace, which re-matched before scheduling).</summary>
    [Benchmark]
    public async Task<BookingOutcome> ReMatchThenBook()
    {
        var (id, request) = _paid.Dequeue();
        await _matcher.MatchAsync(request, _maxHoldAttempts);
        return (await _autoBooking.BookAsync(id)).Outcome;
    }

    /// <summary>The reservation store the services use, replaced by a freshly seeded one before each iteration.</summary>
    private sealed class SwappableReservationStore : IReservationStore
    {
        public InMemoryReservationStore Inner { get; set; } = null!;

        public Task<HoldResult> TryHoldAsync(HoldRequest request, CancellationToken cancellationToken = default) => Inner.TryHoldAsync(request, cancellationToken);

        public Task<Reservation?> GetAsync(ReservationId id, CancellationToken cancellationToken = default) => Inner.GetAsync(id, cancellationToken);

        public Task<ReservationUpdateResult> TryConfirmAsync(ReservationId id, string owner, CancellationToken cancellationToken = default) => Inner.TryConfirmAsync(id, owner, cancellationToken);

        public Task<ReservationUpdateResult> TryReleaseAsync(ReservationId id, string owner, CancellationToken cancellationToken = default) => Inner.TryReleaseAsync(id, owner, cancellationToken);

        public Task<ReservationUpdateResult> TryCancelAsync(ReservationId id, string owner, CancellationToken cancellationToken = default) => Inner.TryCancelAsync(id, owner, cancellationToken);

        public Task<IReadOnlyList<ReservationStatusChange>> GetHistoryAsync(ReservationId id, CancellationToken cancellationToken = default) => Inner.GetHistoryAsync(id, cancellationToken);

        public Task<IReadOnlyList<Reservation>> GetActiveAsync(IReadOnlyCollection<InterviewerId> interviewerIds, Interval window, CancellationToken cancellationToken = default) =>
            Inner.GetActiveAsync(interviewerIds, window, cancellationToken);
    }
}
