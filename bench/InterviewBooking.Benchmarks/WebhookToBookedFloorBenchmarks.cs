using BenchmarkDotNet.Attributes;
using InterviewBooking.InMemory;
using InterviewBooking.PostgreSql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace InterviewBooking.Benchmarks;

/// <summary>
/// Webhook → booked on PostgreSQL with the outbox, against its floor: a verified "paid" event processed until the session is booked
/// (<see cref="PaymentEventProcessor.ProcessAsync"/>, the adapter's path), beside the same rows written by hand in one round trip and one
/// commit (<see cref="HandWrittenBooking"/>, the baseline; also prepared, as the adapter's statements are by default
/// (<see cref="PostgreSqlStoreOptions.PrepareBookingStatements"/>), so the ratio can be read against either). Each iteration books <see cref="BookingsPerInvocation"/> sessions started
/// beforehand (match, hold, session, checkout, outside the measured time); the reported time is per booking. The adapter runs twice: with
/// the completion store <c>AddPostgreSqlStores</c> registers (one atomic completion) and without it (in steps). The setup books one
/// session each way and checks that all left the same rows, then prints the round trips and the commits that wrote per booking.
/// </summary>
/// <remarks>
/// <c>dotnet run -c Release --project bench/InterviewBooking.Benchmarks -- --filter '*WebhookToBookedFloor*' --job short</c> with
/// <c>INTERVIEWBOOKING_TEST_POSTGRES</c> set (fsync on: a cluster of its own, see the README). The schema is dropped afterwards.
/// </remarks>
[InvocationCount(1)]
public class WebhookToBookedFloorBenchmarks
{
    private const int BookingsPerInvocation = 60;
    private static readonly DateTimeZone NewYork = WebhookBenchHost.NewYork;

    private readonly string _run = Guid.NewGuid().ToString("N")[..12];
    private readonly List<(PaymentSession Pending, PaymentEvent Paid)> _paid = [];
    private NpgsqlDataSource _pool = null!;
    private string _schema = null!;
    private ServiceProvider _provider = null!;
    private ServiceProvider _inSteps = null!;
    private HandWrittenBooking _floor = null!;
    private HandWrittenBooking _floorPrepared = null!;
    private int _candidate;
    private Instant _nextSlot = Instant.FromUtc(2030, 1, 7, 0, 0);

    [GlobalSetup]
    public async Task Setup()
    {
        _pool = Bench.DataSource(maxPoolSize: 8);
        _schema = "ib_bench_floor_" + _run;
        var options = new PostgreSqlStoreOptions { Schema = _schema };
        await new PostgreSqlBookingSchema(_pool, options).EnsureSchemaAsync();
        _provider = Build(completionStore: true);
        _inSteps = Build(completionStore: false);
        _floor = HandWritten(prepare: false);
        _floorPrepared = HandWritten(prepare: true);

        // Every way must leave the same rows: one session each, compared row by row (ids aside).
        await StartAsync(4);
        var (byAdapter, bySteps, byHand, byHandPrepared) = (_paid[0], _paid[1], _paid[2], _paid[3]);
        await AdapterAsync(_provider, byAdapter);
        await AdapterAsync(_inSteps, bySteps);
        await FloorAsync(_floor, byHand);
        await FloorAsync(_floorPrepared, byHandPrepared);
        var (adapterRows, stepRows, floorRows, preparedRows) = (
            await RowsAsync(byAdapter.Pending.Id), await RowsAsync(bySteps.Pending.Id), await RowsAsync(byHand.Pending.Id), await RowsAsync(byHandPrepared.Pending.Id));
        if (adapterRows != floorRows || stepRows != floorRows || preparedRows != floorRows)
        {
            throw new InvalidOperationException(
                $"The ways wrote different rows:\n adapter:  {adapterRows}\n in steps: {stepRows}\n floor:    {floorRows}\n prepared: {preparedRows}");
        }

        Console.WriteLine("// rows of one booking (every way): " + adapterRows);
        await StartAsync(3 * 32);
        var sessions = _paid.ToArray();
        NpgsqlRoundTrips.Report("booking, adapter", await NpgsqlRoundTrips.CountAsync(_pool, 32, i => AdapterAsync(_provider, sessions[i])));
        NpgsqlRoundTrips.Report("booking, adapter in steps", await NpgsqlRoundTrips.CountAsync(_pool, 32, i => AdapterAsync(_inSteps, sessions[32 + i])));
        NpgsqlRoundTrips.Report("booking, floor", await NpgsqlRoundTrips.CountAsync(_pool, 32, i => FloorAsync(_floor, sessions[64 + i])));
    }

    [IterationSetup]
    public void StartSessions() => StartAsync(BookingsPerInvocation).GetAwaiter().GetResult();

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _provider.DisposeAsync();
        await _inSteps.DisposeAsync();
        await using (var drop = _pool.CreateCommand($"DROP SCHEMA IF EXISTS \"{_schema}\" CASCADE"))
        {
            await drop.ExecuteNonQueryAsync();
        }

        await _pool.DisposeAsync();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = BookingsPerInvocation, Description = "webhook → booked, floor (one statement)")]
    public async Task Floor()
    {
        foreach (var paid in _paid)
        {
            await FloorAsync(_floor, paid);
        }
    }

    // The same statement prepared on the connection: the floor without its parsing and planning, as the adapter runs by default.
    [Benchmark(OperationsPerInvoke = BookingsPerInvocation, Description = "webhook → booked, floor prepared")]
    public async Task FloorPrepared()
    {
        foreach (var paid in _paid)
        {
            await FloorAsync(_floorPrepared, paid);
        }
    }

    [Benchmark(OperationsPerInvoke = BookingsPerInvocation, Description = "webhook → booked, adapter")]
    public async Task Adapter()
    {
        foreach (var paid in _paid)
        {
            await AdapterAsync(_provider, paid);
        }
    }

    // The adapter without IBookingCompletionStore: confirm, schedule and mark booked as three commits (what a custom scheduler still gets).
    [Benchmark(OperationsPerInvoke = BookingsPerInvocation, Description = "webhook → booked, adapter in steps (no completion store)")]
    public async Task AdapterInSteps()
    {
        foreach (var paid in _paid)
        {
            await AdapterAsync(_inSteps, paid);
        }
    }

    /// <summary>
    /// A stopwatch cross-check for a busy machine (<c>-- webhook-floor-stopwatch [bookings]</c>): the four ways, and the adapter with
    /// <see cref="PostgreSqlStoreOptions.PrepareBookingStatements"/> off, book in turn, one session each, so a burst of load falls on all of
    /// them alike; the medians of the single bookings are printed with their ratios to the floor's.
    /// </summary>
    internal static async Task StopwatchAsync(int bookings, TextWriter output)
    {
        var bench = new WebhookToBookedFloorBenchmarks();
        await bench.Setup();
        // A pool of its own, whose connections never had the statements prepared.
        var unpreparedPool = Bench.DataSource(maxPoolSize: 8);
        var services = new ServiceCollection();
        services.AddWebhookBenchHost(unpreparedPool, bench._schema, prepareBookingStatements: false);
        var unprepared = services.BuildServiceProvider();
        try
        {
            (string Name, Func<(PaymentSession, PaymentEvent), Task> Book)[] ways =
            [
                ("floor", paid => FloorAsync(bench._floor, paid)),
                ("floor prepared", paid => FloorAsync(bench._floorPrepared, paid)),
                ("adapter", paid => AdapterAsync(bench._provider, paid)),
                ("adapter in steps", paid => AdapterAsync(bench._inSteps, paid)),
                ("adapter unprepared", paid => AdapterAsync(unprepared, paid)), // PrepareBookingStatements off: the adapter before it
            ];
            var times = ways.Select(_ => new List<double>()).ToArray();
            for (var done = 0; done < bookings; done += BookingsPerInvocation / ways.Length)
            {
                await bench.StartAsync(BookingsPerInvocation);
                var sessions = bench._paid.ToArray();
                for (var i = 0; i < sessions.Length; i++)
                {
                    var watch = System.Diagnostics.Stopwatch.StartNew();
                    await ways[i % ways.Length].Book(sessions[i]);
                    times[i % ways.Length].Add(watch.Elapsed.TotalMilliseconds);
                }
            }

            var floor = Median(times[0]);
            for (var w = 0; w < ways.Length; w++)
            {
                var median = Median(times[w]);
                output.WriteLine(FormattableString.Invariant(
                    $"{ways[w].Name,-18} median {median:0.000} ms over {times[w].Count} bookings; floor / it {floor / median:0.00}"));
            }
        }
        finally
        {
            await unprepared.DisposeAsync();
            await unpreparedPool.DisposeAsync();
            await bench.Cleanup();
        }

        static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
    }

    private static Task FloorAsync(HandWrittenBooking floor, (PaymentSession Pending, PaymentEvent Paid) booking) =>
        floor.BookAsync(booking.Pending, booking.Paid, SystemClock.Instance.GetCurrentInstant());

    private HandWrittenBooking HandWritten(bool prepare) => new(
        _pool,
        _schema,
        _provider.GetRequiredService<IMeetingLinkProvider>(),
        [.. _provider.GetServices<IOutboxMessageContributor>()],
        _provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<InterviewBookingOptions>>().Value,
        prepare);

    private static async Task AdapterAsync(ServiceProvider adapter, (PaymentSession Pending, PaymentEvent Paid) booking)
    {
        if ((await adapter.GetRequiredService<PaymentEventProcessor>().ProcessAsync(booking.Paid)).Outcome != PaymentEventOutcome.Booked)
        {
            throw new InvalidOperationException("A paid session was not booked.");
        }
    }

    // Starts the next sessions (match, hold, session, checkout), reads each back as the webhook finds it, and makes its paid event.
    private async Task StartAsync(int count)
    {
        _paid.Clear();
        var booking = _provider.GetRequiredService<BookingService>();
        var gateway = _provider.GetRequiredService<SimulatedPaymentGateway>();
        var sessions = _provider.GetRequiredService<IPaymentSessionStore>();
        for (var i = 0; i < count; i++)
        {
            var start = _nextSlot;
            _nextSlot += Duration.FromMinutes(30);
            var started = await booking.StartAsync(new InterviewRequest
            {
                CandidateId = new CandidateId($"candidate-{_candidate++}"),
                CandidateName = "Casey",
                CandidateEmail = "casey@example.org",
                ExperienceYears = 5,
                SkillCategories = ["Backend"],
                Skills = ["Java"],
                RequestedSlot = new Interval(start, start + Duration.FromMinutes(30)),
                CandidateTimeZone = NewYork,
                PlanId = "mock-30",
            });
            var paid = gateway.CompleteCheckout(started.Session!.Id);
            _paid.Add(((await sessions.GetAsync(started.Session.Id))!, paid));
        }
    }

    // What one booking left, with its ids replaced: the session's columns and trail, the hold and its trail, the interview and its trail, the outbox.
    private async Task<string> RowsAsync(PaymentSessionId id)
    {
        var s = $"\"{_schema}\"";
        await using var command = _pool.CreateCommand($"""
            SELECT concat_ws(' | ',
                p.status, p.version, p.status_reason, p.last_event_id IS NULL, p.interview_id = i.id, p.provider_payment_reference IS NOT NULL,
                (SELECT string_agg(concat(h.version, ':', h.from_status, '>', h.to_status, ':', h.reason, ':', h.event_id IS NOT NULL), ',' ORDER BY h.version)
                   FROM {s}.payment_session_history h WHERE h.session_id = p.id),
                r.status, (SELECT string_agg(concat(rh.from_status, '>', rh.to_status, ':', rh.reason), ',' ORDER BY rh.entry_id)
                   FROM {s}.reservation_history rh WHERE rh.reservation_id = r.id),
                i.status, i.sequence, i.version, i.interviewer_id = p.interviewer_id, i.slot = tstzrange(p.slot_start, p.slot_end, '[)'),
                i.requested_slot = i.slot, i.reservation_id = r.id, i.meeting_link IS NOT NULL, i.request - 'reservation_id' - 'candidate_id',
                (SELECT string_agg(concat(ih.version, ':', ih.from_status, '>', ih.to_status), ',') FROM {s}.interview_history ih WHERE ih.interview_id = i.id),
                (SELECT string_agg(concat(replace(o.key, p.id, '*'), ':', o.kind, ':', o.status, ':', o.data), ',' ORDER BY o.key)
                   FROM {s}.outbox o WHERE o.session_id = p.id))
            FROM {s}.payment_sessions p
            JOIN {s}.reservations r ON r.id = p.reservation_id
            JOIN {s}.interviews i ON i.payment_session_id = p.id
            WHERE p.id = $1
            """);
        command.Parameters.Add(Sql.Text(id.Value));
        return (string?)await command.ExecuteScalarAsync() ?? "(no booking)";
    }

    private ServiceProvider Build(bool completionStore)
    {
        var services = new ServiceCollection();
        services.AddWebhookBenchHost(_pool, _schema);
        if (!completionStore)
        {
            services.RemoveAll<IBookingCompletionStore>();
        }

        return services.BuildServiceProvider();
    }
}
