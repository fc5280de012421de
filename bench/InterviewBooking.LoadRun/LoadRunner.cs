using System.Globalization;
using InterviewBooking.InMemory;
using InterviewBooking.Stress;
using InterviewBooking.Stripe.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewBooking.LoadRun;

/// <summary>What one run measured and what the verdict found afterwards.</summary>
internal sealed record LoadRunResult(Latencies Latencies, int Errors, int Conflicts, Verdict Verdict)
{
    public bool Succeeded => Errors == 0 && Verdict.TotalViolations == 0;
}

/// <summary>
/// One load run: the Stripe fake on loopback, the hosts (on a PostgreSQL schema of the run's own, or in memory), the marketplace's
/// interviewers in their directory, the load, the outbox drained, then the stress verdict read from the stores.
/// </summary>
internal static class LoadRunner
{
    /// <param name="connection">The PostgreSQL server, for <see cref="StoreKind.Postgres"/>.</param>
    public static async Task<LoadRunResult> RunAsync(LoadOptions options, string? connection, TextWriter output)
    {
        var market = new Marketplace(options.Interviewers, options.Warmup + options.Requests, options.Seed);
        var clock = new LoadClock(Marketplace.Start, SystemClock.Instance);
        var watch = new PaymentWatch();
        var ledger = new Ledger();
        using var api = new FakeStripeApi { UnixNow = () => clock.GetCurrentInstant().ToUnixTimeSeconds() };
        await using var stripe = await LoopbackStripe.StartAsync(api);

        // PostgreSQL: a schema of the run's own (dropped afterwards), the marketplace's interviewers written to its directory table
        // before the hosts start and load it. In memory: written to the one host's directory.
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

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"load: {options.Store}, {options.Instances} instance(s) at {string.Join(", ", hosts.Select(h => h.BaseUrl))}, Stripe fake at {stripe.BaseUrl}; "
                + $"{market.Interviewers.Count} interviewers, {market.Slots.Count} slots ({market.Popular.Count} popular); at most {options.Requests} starts in {options.Duration.TotalSeconds:0} s"));
            using var load = new LoadGenerator(market, hosts, api, clock, watch, ledger, options);
            await load.RunAsync();
            var loadAverage = LoadAverage();

            // The hosts' outbox workers send what the webhooks wrote (notifications, calendar invites): the verdict reads the stores
            // once nothing is due.
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
            LoadReport.Print(output, options, load, verdict, loadAverage);
            return new LoadRunResult(load.Latencies, load.Errors, load.Conflicts, verdict);
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }
        }
    }

    private static double LoadAverage() =>
        File.Exists("/proc/loadavg") && double.TryParse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture, out var average) ? average : double.NaN;
}
