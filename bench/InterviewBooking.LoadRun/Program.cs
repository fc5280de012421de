using System.Globalization;
using InterviewBooking;
using InterviewBooking.InMemory;
using InterviewBooking.LoadRun;
using InterviewBooking.Stress;
using InterviewBooking.Stripe.Fakes;
using Microsoft.Extensions.DependencyInjection;

// The web API under load (bash bench/load-run.sh runs both): the web sample on 127.0.0.1, Stripe's API faked on 127.0.0.1.
// dotnet run -c Release --project bench/InterviewBooking.LoadRun -- --store inmemory --requests 3000 --duration 60
// PostgreSQL, 2 instances on one database: --store postgres --instances 2 (--connection, or INTERVIEWBOOKING_TEST_POSTGRES)
// Exit code: 0 no error and every invariant held; 1 an error or a violation; 2 bad options (or no PostgreSQL server named).
LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
    if (options.Store == StoreKind.Postgres && options.ConnectionString is null && Environment.GetEnvironmentVariable(StoreFactories.PostgresVariable) is not { Length: > 0 })
    {
        throw new ArgumentException($"--store postgres needs a server: pass --connection, or set {StoreFactories.PostgresVariable}.");
    }
}
catch (ArgumentException exception)
{
    Console.Error.WriteLine(exception.Message);
    Console.Error.WriteLine(LoadOptions.Usage);
    return 2;
}

var connection = options.ConnectionString ?? Environment.GetEnvironmentVariable(StoreFactories.PostgresVariable);
var market = new Marketplace(options.Interviewers, options.Warmup + options.Requests, options.Seed);
var clock = new LoadClock(Marketplace.Start, SystemClock.Instance);
var watch = new PaymentWatch();
var ledger = new Ledger();
using var api = new FakeStripeApi { UnixNow = () => clock.GetCurrentInstant().ToUnixTimeSeconds() };
await using var stripe = await LoopbackStripe.StartAsync(api);

// PostgreSQL: a schema of the run's own (dropped afterwards), the marketplace's interviewers written to its directory table before the
// hosts start and load it. In memory: written to the one host's directory.
await using var database = options.Store == StoreKind.Postgres ? new PostgresStoreFactory(connection!) : null;
if (database is not null)
{
    var seeding = await database.OpenInstanceAsync(clock, CancellationToken.None);
    await seeding.Directory!.AddOrUpdateAsync(market.Interviewers);
}

var hosts = new List<LoadHost>();
try
{
    for (var i = 0; i < options.Instances; i++)
    {
        hosts.Add(await LoadHost.StartAsync(i, stripe, clock, watch, database is null ? null : (connection!, database.Schema)));
    }

    if (database is null)
    {
        hosts[0].App.Services.GetRequiredService<InMemoryInterviewerDirectory>().AddOrUpdateRange(market.Interviewers);
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"load: {options.Store}, {options.Instances} instance(s) at {string.Join(", ", hosts.Select(h => h.BaseUrl))}, Stripe fake at {stripe.BaseUrl}; "
        + $"{market.Interviewers.Count} interviewers, {market.Slots.Count} slots ({market.Popular.Count} popular); at most {options.Requests} starts in {options.Duration.TotalSeconds:0} s"));
    using var load = new LoadGenerator(market, hosts, api, clock, watch, ledger, options);
    await load.RunAsync();
    var loadAverage = LoadAverage();

    // The hosts' outbox workers send what the webhooks wrote (notifications, calendar invites): the verdict reads the stores once it is empty.
    if (!await OutboxDrain.WaitAsync([.. hosts.Select(h => h.Stores().Outbox)], TimeSpan.FromSeconds(60)))
    {
        load.Figures.HarnessError("The outbox still had due items 60 s after the load.");
    }

    if (database is not null)
    {
        await DatabaseLedger.AddAllAsync(ledger, connection!, database.Schema);
    }

    var stores = database is null ? hosts[0].Stores() : await database.OpenInstanceAsync(clock, CancellationToken.None);
    var verdict = await Verdict.ReadAsync(
        stores, ledger, market, api, clock, watch, load.Figures, [.. hosts.SelectMany(h => h.Notifications)],
        new Dictionary<InterviewerId, InterviewerProfile>(), [.. hosts.Select(h => ($"instance {h.Index}", h.Directory))], CancellationToken.None);
    LoadReport.Print(Console.Out, options, load, verdict, loadAverage);
    return load.Errors == 0 && verdict.TotalViolations == 0 ? 0 : 1;
}
finally
{
    foreach (var host in hosts)
    {
        await host.DisposeAsync();
    }
}

static double LoadAverage() =>
    File.Exists("/proc/loadavg") && double.TryParse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture, out var average) ? average : double.NaN;
