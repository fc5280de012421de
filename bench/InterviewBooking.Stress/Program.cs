using System.Diagnostics;
using InterviewBooking.InMemory;
using InterviewBooking.Stress;
using InterviewBooking.Stripe.Fakes;

// dotnet run -c Release --project bench/InterviewBooking.Stress -- --store inmemory --candidates 5000 --fault-rate 0.1 --json stress.json
// PostgreSQL: export INTERVIEWBOOKING_TEST_POSTGRES="$(bash eng/start-postgres.sh)", then --store postgres --instances 2 --candidates 2000
// Exit code: 0 every invariant held; 1 an invariant was violated; 2 bad options (or no PostgreSQL server named).
StressOptions options;
IStoreFactory factory;
try
{
    options = StressOptions.Parse(args);
    factory = StoreFactories.Create(options);
}
catch (ArgumentException exception)
{
    Console.Error.WriteLine(exception.Message);
    Console.Error.WriteLine(StressOptions.Usage);
    return 2;
}

await using (factory)
{
    var market = new Marketplace(options.InterviewerCount, options.Candidates, options.Seed);
    var clock = new StressClock(Marketplace.Start);
    var faults = new FaultInjector(options.FaultRate, options.Seed);
    var ledger = new Ledger();
    var watch = new PaymentWatch();
    using var stripe = new FakeStripeApi();
    stripe.FailWhen = request =>
    {
        if (!faults.Strikes())
        {
            return false;
        }

        faults.Count(request.Path switch
        {
            var path when path.StartsWith("/v1/refunds", StringComparison.Ordinal) => "stripe.refund",
            var path when path.StartsWith("/v1/transfers", StringComparison.Ordinal) => "stripe.transfer",
            _ => "stripe.checkout",
        });
        return true;
    };
    // A refund or transfer Stripe makes whose answer is lost: the worker's retry must find it (or get it back for its key), not pay twice.
    stripe.LoseAnswerWhen = request =>
    {
        if (request is not { Method: "POST", Path: "/v1/refunds" or "/v1/transfers" } || !faults.Strikes())
        {
            return false;
        }

        faults.Count(request.Path == "/v1/refunds" ? "stripe.refund.answer_lost" : "stripe.transfer.answer_lost");
        return true;
    };

    // The directory is written once, through the stores' own directory: in memory the one every instance shares, on PostgreSQL the table
    // every instance's directory loads when it opens (and follows through notifications afterwards).
    var seeding = await factory.OpenInstanceAsync(clock, CancellationToken.None);
    await seeding.Directory!.AddOrUpdateAsync(market.Interviewers);
    async Task<HostInstance> StartInstanceAsync(int index) =>
        HostInstance.Create(index, await factory.OpenInstanceAsync(clock, CancellationToken.None), market, clock, stripe, faults, ledger, watch);

    var started = new List<HostInstance>();
    for (var i = 0; i < options.Instances; i++)
    {
        started.Add(await StartInstanceAsync(i));
    }

    var instances = new HostPool(started, StartInstanceAsync);

    Console.WriteLine(
        $"stress: store {factory.Name}, {options.Instances} instance(s), {options.Candidates} candidates, {options.InterviewerCount} interviewers, "
        + $"{market.Slots.Count} slots ({market.Popular.Count} popular), fault rate {options.FaultRate:0.###}, seed {options.Seed}");

    var simulation = new Simulation(market, clock, stripe, instances, watch, options.FaultRate, options.Seed, options.Parallelism);
    var stopwatch = Stopwatch.StartNew();
    await simulation.RunAsync();
    await simulation.DrainOutboxAsync();
    // Then time runs past the last interview, so every reminder and feedback request comes due; a last drain finishes any retries.
    // One-minute steps: a failed delivery waits at least a step, so coarse steps would make late (and so skipped) reminders of the harness's own.
    // Meanwhile the interviews that ended are completed, or a party's no-show reported (a free rebooking after some interviewer no-shows).
    var after = new AfterInterviews(market, instances, watch, simulation.Figures, options.Seed);
    await after.AddAsync(ledger.Sessions);
    await simulation.RunFollowUpsAsync(market.Slots.Max(s => s.End) + Duration.FromHours(2), Duration.FromMinutes(1), after.RunDueAsync);
    await simulation.DrainOutboxAsync();
    // Past the window in which a candidate may choose a rebooking instead of the refund: those refunds are due now.
    clock.Advance(new InterviewBooking.InterviewBookingOptions().RebookingChoiceWindow + Duration.FromHours(1));
    await simulation.DrainOutboxAsync();
    // A share of the completed interviews is disputed, before or after its payout; past the hold-back the payouts follow.
    var disputes = new DisputeDriver(clock, stripe, instances, simulation, ledger, options.Seed);
    await disputes.RunAsync(await factory.OpenInstanceAsync(clock, CancellationToken.None));
    var elapsed = stopwatch.Elapsed;

    var verdictStores = await factory.OpenInstanceAsync(clock, CancellationToken.None);
    var verdict = await Verdict.ReadAsync(
        verdictStores, ledger, market, stripe, clock, watch, simulation.Figures, [.. instances.All.SelectMany(i => i.Notifier.Notifications)],
        simulation.DirectoryEdits, [.. instances.All.Select(i => ($"instance {i.Index}", i.Directory.Directory))], CancellationToken.None);
    var report = new StressReport(options, factory.Name, market, simulation.Figures, faults, watch, ledger.OneStepBookings, verdict, elapsed, clock.GetCurrentInstant() - Marketplace.Start);
    report.Print(Console.Out);
    if (options.JsonPath is { } path)
    {
        await report.WriteJsonAsync(path);
        Console.WriteLine($"stress: JSON written to {path}");
    }

    foreach (var instance in instances.All)
    {
        await instance.DisposeAsync();
    }

    return verdict.TotalViolations == 0 ? 0 : 1;
}
