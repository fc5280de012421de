using System.Collections.Concurrent;
using System.Globalization;
using InterviewBooking.Stripe;
using InterviewBooking.Stripe.Fakes;

namespace InterviewBooking.Stress;

/// <summary>
/// A discrete-event simulation in simulated time. Candidates arrive and start bookings; each does at the checkout what its fate says;
/// the fake Stripe emits the events a real one would (completed, async succeeded or failed, expired), each delivered 1 to 3 times, in
/// shuffled order, those due at the same instant concurrently, to a random host instance through its real webhook handler with a fresh
/// signature; any answer but 2xx is delivered again later with a growing back-off, as Stripe does, for a bounded number of attempts.
/// The clock only moves forward: to the next due action, and now and then by a jump in the middle of a batch.
/// Every instance runs its outbox worker every <see cref="WorkerTick"/> of simulated time; with faults on, a few instances are killed in
/// the middle of a delivery (before or after the notifier's effect) and replaced, their leases left to run out.
/// </summary>
internal sealed class Simulation(
    Marketplace market, StressClock clock, FakeStripeApi stripe, HostPool instances, PaymentWatch watch, double faultRate, int seed, int parallelism)
{
    public const int MaxStartAttempts = 5;
    public const int MaxDeliveryAttempts = 100;
    private static readonly Duration Sweep = Duration.FromMinutes(5);
    private static readonly Duration WorkerTick = Duration.FromSeconds(30);

    // The worker ticks (counted over every instance) at which the ticking instance's next delivery kills it.
    private static readonly int[] KillAtTicks = [25, 150, 400];

    // Due times are rounded up to this step, so that what falls due together (arrivals, duplicate deliveries) runs concurrently.
    private static readonly long StepTicks = Duration.FromSeconds(15).BclCompatibleTicks;

    private readonly PriorityQueue<Func<Task>, (Instant Due, long Sequence)> _queue = new();
    private readonly ConcurrentQueue<(Instant Due, Func<Task> Action)> _incoming = new();
    private readonly Random _random = new(seed ^ 0x5EED);
    private readonly Lock _randomGate = new();
    private readonly ConcurrentDictionary<InterviewerId, InterviewerProfile> _directoryEdits = new();
    private long _sequence;
    private int _pending;
    private int _events;
    private int _workerTicks;

    public SimulationFigures Figures { get; } = new();

    /// <summary>The profile each interviewer edited during the run was last given: what the directory holds at the end, on every instance.</summary>
    public IReadOnlyDictionary<InterviewerId, InterviewerProfile> DirectoryEdits => _directoryEdits;

    public async Task RunAsync()
    {
        foreach (var candidate in market.Candidates)
        {
            Schedule(candidate.ArrivesAt, () => ArriveAsync(candidate, 0, candidate.HasCoupon));
        }

        ScheduleDirectoryEdits();
        Schedule(Marketplace.Start + Sweep, SweepAsync, counts: false);
        for (var slot = 0; slot < instances.Count; slot++)
        {
            var ticking = slot;
            Schedule(Marketplace.Start + WorkerTick, () => WorkerTickAsync(ticking), counts: false);
        }

        while (true)
        {
            while (_incoming.TryDequeue(out var item))
            {
                _queue.Enqueue(item.Action, (item.Due, Interlocked.Increment(ref _sequence)));
            }

            if (!_queue.TryPeek(out _, out var first))
            {
                break;
            }

            clock.AdvanceTo(first.Due);
            var now = clock.GetCurrentInstant();
            var batch = new List<Func<Task>>();
            while (_queue.TryPeek(out var action, out var key) && key.Due <= now)
            {
                batch.Add(_queue.Dequeue());
            }

            // Now and then the clock jumps while a batch runs (a slow host, a long pause): claims go stale and holds run out mid-flight.
            if (faultRate > 0 && Draw(r => r.NextDouble()) < 0.2)
            {
                var at = Draw(r => r.Next(batch.Count));
                var jump = Duration.FromSeconds(Draw(r => r.Next(20, 151)));
                var action = batch[at];
                batch[at] = () =>
                {
                    clock.Advance(jump);
                    Figures.Count(ref Figures.ClockJumps);
                    return action();
                };
            }

            Figures.Count(ref Figures.Batches);
            if (Environment.GetEnvironmentVariable("STRESS_TRACE") is not null && Figures.Batches % 50 == 0)
            {
                Console.Error.WriteLine($"t={now} batch={batch.Count} queued={_queue.Count} pending={_pending} deliveries={Figures.Deliveries} answers={string.Join(",", Figures.Answers)}");
            }

            await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (action, _) => await action());
        }
    }

    /// <summary>
    /// After the last action: runs every instance's worker until the outbox is drained. Each round first moves the clock past the longest
    /// back-off and lease, so every failed or abandoned item is due; a round that leases nothing without a failure means nothing is left.
    /// </summary>
    public async Task DrainOutboxAsync()
    {
        var options = new OutboxWorkerOptions();
        HostInstance.ConfigureWorker(options);
        for (var round = 0; round < 200; round++)
        {
            clock.Advance(options.BackoffCap + options.LeaseDuration);
            var (leased, failed) = (0, false);
            for (var slot = 0; slot < instances.Count; slot++)
            {
                var (slotLeased, slotFailed) = await RunWorkerAsync(slot, maxBatches: int.MaxValue);
                leased += slotLeased;
                failed |= slotFailed;
            }

            Figures.Count(ref Figures.DrainRounds);
            if (leased == 0 && !failed)
            {
                return;
            }
        }

        Figures.HarnessError("The outbox was not drained within 200 rounds.");
    }

    /// <summary>
    /// After the drain: lets simulated time run past the last interview (and its feedback request) in steps of <paramref name="step"/>, every
    /// instance's worker running at each, so each reminder comes due and is delivered (or missed) as a host would deliver it; at each step
    /// first <paramref name="eachStep"/> (the interviews that ended are completed or their no-shows reported).
    /// </summary>
    public async Task RunFollowUpsAsync(Instant until, Duration step, Func<Instant, Task>? eachStep = null)
    {
        while (clock.GetCurrentInstant() < until)
        {
            clock.Advance(step);
            if (eachStep is not null)
            {
                await eachStep(clock.GetCurrentInstant());
            }

            for (var slot = 0; slot < instances.Count; slot++)
            {
                await RunWorkerAsync(slot, maxBatches: int.MaxValue);
            }

            Figures.Count(ref Figures.FollowUpSteps);
        }
    }

    /// <summary>One instance's worker, every <see cref="WorkerTick"/>: a few batches, a kill when one is planned, a fresh instance after it.</summary>
    private async Task WorkerTickAsync(int slot)
    {
        var tick = Interlocked.Increment(ref _workerTicks);
        if (faultRate > 0 && Array.IndexOf(KillAtTicks, tick) is var kill and >= 0)
        {
            instances[slot].Kill.Arm(kill % 2 == 0 ? KillPoint.AfterEffect : KillPoint.BeforeEffect);
        }

        await RunWorkerAsync(slot, maxBatches: 8);
        if (Volatile.Read(ref _pending) > 0)
        {
            Schedule(clock.GetCurrentInstant() + WorkerTick, () => WorkerTickAsync(slot), counts: false);
        }
    }

    /// <summary>Runs the slot's worker until a batch comes back empty (or <paramref name="maxBatches"/>); replaces the instance if it was killed.</summary>
    private async Task<(int Leased, bool Failed)> RunWorkerAsync(int slot, int maxBatches)
    {
        var instance = instances[slot];
        var (leased, failed) = (0, false);
        for (var batch = 0; batch < maxBatches && !instance.Kill.IsDead; batch++)
        {
            int count;
            try
            {
                count = await instance.Outbox.RunOnceAsync();
            }
            catch (InjectedFaultException)
            {
                // The lease itself failed (a database timeout): the worker polls again.
                failed = true;
                continue;
            }

            leased += count;
            if (count == 0)
            {
                break;
            }
        }

        if (instance.Kill.IsDead)
        {
            Figures.Count(ref Figures.InstancesKilled);
            await instances.ReplaceAsync(slot);
            failed = true;
        }

        return (leased, failed);
    }

    private void Schedule(Instant due, Func<Task> action, bool counts = true)
    {
        if (counts)
        {
            Interlocked.Increment(ref _pending);
        }

        var ticks = due.ToUnixTimeTicks();
        due = Instant.FromUnixTimeTicks((ticks + StepTicks - 1) / StepTicks * StepTicks);
        _incoming.Enqueue((due, async () =>
        {
            try
            {
                await Task.Yield();
                await action();
            }
#pragma warning disable CA1031 // A harness failure is reported in the verdict, never lost in a worker.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                Figures.HarnessError(exception.ToString());
            }
            finally
            {
                if (counts)
                {
                    Interlocked.Decrement(ref _pending);
                }
            }
        }));
    }

    /// <summary>At most this many profiles are edited while candidates arrive, each once (so the last edit of each is known).</summary>
    private const int MaxDirectoryEdits = 60;

    // While candidates arrive, profiles are edited through one instance after another: a new company, which no rule reads, so the bookings'
    // invariants stay as they were while every instance's directory must follow edits made on the others, under load.
    private void ScheduleDirectoryEdits()
    {
        var edits = Math.Min(MaxDirectoryEdits, market.Interviewers.Count);
        var first = Marketplace.Start;
        var last = market.Candidates.Count == 0 ? first : market.Candidates.Max(c => c.ArrivesAt);
        for (var k = 0; k < edits; k++)
        {
            var n = k;
            var edited = market.Interviewers[n] with { Company = $"Company (edit {n})" };
            Schedule(
                first + ((last - first) * (n + 1) / (edits + 1)),
                async () =>
                {
                    await instances[n % instances.Count].Directory.AddOrUpdateAsync([edited]);
                    _directoryEdits[edited.Id] = edited;
                    Figures.Count(ref Figures.DirectoryEdits);
                },
                counts: false);
        }
    }

    private T Draw<T>(Func<Random, T> draw)
    {
        lock (_randomGate)
        {
            return draw(_random);
        }
    }

    private Duration Between(Duration low, Duration high) =>
        low + Duration.FromSeconds(Draw(r => r.NextDouble()) * (high - low).TotalSeconds);

    private HostInstance AnyInstance() => instances[Draw(r => r.Next(instances.Count))];

    /// <summary>One candidate in this many double-clicks their first start (the same idempotency key twice, at once).</summary>
    private const int DoubleClickEvery = 8;

    private async Task ArriveAsync(Candidate candidate, int attempt, bool withCoupon)
    {
        // First the slot the candidate prefers; after a refusal, another slot.
        var slot = attempt == 0 ? market.Slots[candidate.PreferredSlot] : market.Slots[Draw(r => r.Next(market.Slots.Count))];
        var request = market.Request(candidate, slot, withCoupon, idempotencyKey: $"start-{attempt}");
        Figures.Count(ref Figures.StartAttempts);
        BookingStartResult result;
        try
        {
            if (attempt == 0 && candidate.Index % DoubleClickEvery == 0)
            {
                // A double click: the same request under the same key on two instances at once. One session comes of it; the other
                // answer replays it (or, when the first holds the slot before the second matches, finds it).
                var clicks = await Task.WhenAll(AnyInstance().Booking.StartAsync(request), AnyInstance().Booking.StartAsync(request));
                result = clicks.OrderByDescending(c => c.Succeeded && !c.Replayed).ThenByDescending(c => c.Succeeded).First();
            }
            else
            {
                result = await AnyInstance().Booking.StartAsync(request);
            }
        }
        catch (InvalidInterviewRequestException exception)
        {
            Figures.HarnessError($"The harness built an invalid request: {exception.Message}");
            return;
        }
#pragma warning disable CA1031 // A failed start is what a host answers with a 500; the candidate tries again.
        catch (Exception)
#pragma warning restore CA1031
        {
            Figures.Count(ref Figures.StartFailures);
            RetryStart(candidate, attempt, withCoupon);
            return;
        }

        Figures.StartOutcome(result.Outcome);
        switch (result.Outcome)
        {
            case BookingStartOutcome.Started when result.Succeeded:
                Figures.Count(ref Figures.CandidatesStarted);
                Figures.Fate(candidate.Fate);
                PlanCheckout(candidate, result.Session!);
                break;
            case BookingStartOutcome.Started:
                // A replay of the double click's session before its checkout was attached (or after it closed): nothing to pay yet.
                RetryStart(candidate, attempt, withCoupon);
                break;
            case BookingStartOutcome.CouponExhausted:
                RetryStart(candidate, attempt, withCoupon: false);
                break;
            default:
                RetryStart(candidate, attempt, withCoupon);
                break;
        }
    }

    private void RetryStart(Candidate candidate, int attempt, bool withCoupon)
    {
        if (attempt + 1 >= MaxStartAttempts)
        {
            Figures.Count(ref Figures.CandidatesGaveUp);
            return;
        }

        Schedule(clock.GetCurrentInstant() + Duration.FromMinutes(1), () => ArriveAsync(candidate, attempt + 1, withCoupon));
    }

    private void PlanCheckout(Candidate candidate, PaymentSession session)
    {
        var checkout = session.ProviderReference!;
        var now = clock.GetCurrentInstant();
        var soon = now + Between(Duration.FromMinutes(1), Duration.FromMinutes(10));
        switch (candidate.Fate)
        {
            case Fate.PaysAtOnce:
                Schedule(soon, () => PayAsync(candidate, checkout, "paid", late: false, settle: null));
                break;
            case Fate.PaysAtTheLastMinute:
                Schedule(session.ExpiresAt - Between(Duration.FromSeconds(60), Duration.FromSeconds(150)), () => PayAsync(candidate, checkout, "paid", late: true, settle: null));
                break;
            case Fate.PaysLaterSucceeds or Fate.PaysLaterFails:
                var settleAt = session.ExpiresAt + Between(Duration.Zero, Duration.FromMinutes(60));
                Schedule(soon, () => PayAsync(candidate, checkout, "unpaid", late: false, settle: (settleAt, candidate.Fate == Fate.PaysLaterSucceeds)));
                break;
            default:
                // Abandons: Stripe expires the checkout when the hold ends (the sweep).
                break;
        }
    }

    private Task PayAsync(Candidate candidate, string checkoutId, string paymentStatus, bool late, (Instant At, bool Succeeds)? settle)
    {
        watch.Paid(candidate.Id);
        if (stripe.TryComplete(checkoutId, clock.GetCurrentInstant().ToUnixTimeSeconds(), paymentStatus) is null)
        {
            Figures.Count(ref Figures.CheckoutsClosedBeforePaying);
            return Task.CompletedTask;
        }

        Figures.Count(ref Figures.Payments);
        Emit(StripeCheckoutEvents.Completed, checkoutId, late);
        if (settle is { } s)
        {
            Schedule(s.At, () =>
            {
                stripe.Settle(checkoutId, s.Succeeds);
                Emit(s.Succeeds ? StripeCheckoutEvents.AsyncPaymentSucceeded : StripeCheckoutEvents.AsyncPaymentFailed, checkoutId, late: false);
                return Task.CompletedTask;
            });
        }

        return Task.CompletedTask;
    }

    /// <summary>Stripe's side: expires open checkouts whose time has come, as long as anything else is going on.</summary>
    private Task SweepAsync()
    {
        var now = clock.GetCurrentInstant();
        var open = 0;
        foreach (var checkout in stripe.Checkouts.Where(c => c.Status == "open"))
        {
            if (checkout.ExpiresAt <= now.ToUnixTimeSeconds() && stripe.TryExpire(checkout.Id))
            {
                Emit(StripeCheckoutEvents.Expired, checkout.Id, late: false);
            }
            else
            {
                open++;
            }
        }

        if (open > 0 || Volatile.Read(ref _pending) > 0)
        {
            Schedule(now + Sweep, SweepAsync, counts: false);
        }

        return Task.CompletedTask;
    }

    /// <summary>Stripe emits an event: 1 to 3 deliveries, shuffled; late ones arrive after the hold has ended.</summary>
    private void Emit(string type, string checkoutId, bool late)
    {
        var now = clock.GetCurrentInstant();
        var eventId = string.Create(CultureInfo.InvariantCulture, $"evt_stress_{Interlocked.Increment(ref _events):D7}");
        var body = StripeEvents.Body(type, stripe.CheckoutJson(checkoutId), eventId, now);
        Figures.Emitted(type);
        var copies = Draw(r => r.NextDouble() switch { < 0.15 => 3, < 0.40 => 2, _ => 1 });
        for (var copy = 0; copy < copies; copy++)
        {
            var delay = late
                ? Between(Duration.FromMinutes(3), Duration.FromMinutes(20))
                : copy == 0 ? Between(Duration.Zero, Duration.FromSeconds(60)) : Between(Duration.Zero, Duration.FromMinutes(5));
            Schedule(now + delay, () => DeliverAsync(body, eventId, 1));
        }
    }

    private async Task DeliverAsync(string body, string eventId, int attempt)
    {
        var header = StripeEvents.Sign(body, clock.GetCurrentInstant(), HostInstance.WebhookSecret);
        Figures.Count(ref Figures.Deliveries);
        StripeWebhookResult? result = null;
        try
        {
            using (watch.HandlingWebhook())
            {
                result = await AnyInstance().Webhooks.HandleAsync(body, header);
            }
        }
#pragma warning disable CA1031 // An exception out of the handler is what a host answers with a 500; Stripe delivers again.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Figures.Answer("500 (exception escaped the handler)");
            Figures.Note($"handler threw {exception.GetType().Name}", exception.Message);
        }

        if (result is not null)
        {
            Figures.Answer($"{result.HttpStatusCode} {result.Status}");
            if (result.HttpStatusCode is >= 200 and < 300)
            {
                Figures.Answered(attempt);
                return;
            }

            if (result.Status == StripeWebhookStatus.Rejected)
            {
                Figures.Note($"rejected {result.Rejection}", result.Detail);
            }
        }

        if (attempt >= MaxDeliveryAttempts)
        {
            Figures.Undelivered(eventId);
            return;
        }

        Figures.Count(ref Figures.Redeliveries);
        var backoff = Duration.FromMinutes(Math.Min(60, 1 << Math.Min(attempt - 1, 6))) + Between(Duration.Zero, Duration.FromSeconds(30));
        Schedule(clock.GetCurrentInstant() + backoff, () => DeliverAsync(body, eventId, attempt + 1));
    }
}

/// <summary>What the simulation did (its own counts; the verdict never relies on them).</summary>
internal sealed class SimulationFigures
{
    private readonly ConcurrentDictionary<string, int> _startOutcomes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _fates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _emitted = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _answers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _notes = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _undelivered = new();
    private readonly ConcurrentQueue<string> _samples = new();
    private readonly ConcurrentQueue<string> _harnessErrors = new();

    public int StartAttempts;
    public int StartFailures;
    public int CandidatesStarted;
    public int CandidatesGaveUp;
    public int Payments;
    public int CheckoutsClosedBeforePaying;
    public int Deliveries;
    public int Redeliveries;
    public int ClockJumps;
    public int Batches;
    public int InstancesKilled;
    public int DrainRounds;
    public int DirectoryEdits;
    public int DisputeEvents;

    public int FollowUpSteps;
    public int InterviewsCompleted;
    public int CandidateNoShows;
    public int InterviewerNoShows;
    public int FeedbackGiven;
    public int RatingsGiven;
    public int Rebookings;
    public int RebookingsRefused;
    private int _mostAttempts;

    /// <summary>The most deliveries one event copy needed before a 2xx answer.</summary>
    public int MostAttempts => Volatile.Read(ref _mostAttempts);

    public void Answered(int attempt)
    {
        var most = Volatile.Read(ref _mostAttempts);
        while (attempt > most)
        {
            var seen = Interlocked.CompareExchange(ref _mostAttempts, attempt, most);
            if (seen == most)
            {
                return;
            }

            most = seen;
        }
    }

    public IReadOnlyDictionary<string, int> StartOutcomes => Sorted(_startOutcomes);

    public IReadOnlyDictionary<string, int> Fates => Sorted(_fates);

    public IReadOnlyDictionary<string, int> EventsEmitted => Sorted(_emitted);

    public int Events => _emitted.Values.Sum();

    public IReadOnlyDictionary<string, int> Answers => Sorted(_answers);

    /// <summary>Distinct unexpected answers (rejections, exceptions), with how often each came.</summary>
    public IReadOnlyDictionary<string, int> Notes => Sorted(_notes);

    public IReadOnlyList<string> NoteSamples => [.. _samples];

    public IReadOnlyList<string> UndeliveredEvents => [.. _undelivered];

    public IReadOnlyList<string> HarnessErrors => [.. _harnessErrors];

    public void Count(ref int counter) => Interlocked.Increment(ref counter);

    public void StartOutcome(BookingStartOutcome outcome) => Add(_startOutcomes, outcome.ToString());

    public void Fate(Fate fate) => Add(_fates, fate.ToString());

    public void Emitted(string type) => Add(_emitted, type);

    public void Answer(string answer) => Add(_answers, answer);

    /// <summary>Counts an unexpected answer by kind, keeping the first few details.</summary>
    public void Note(string kind, string detail)
    {
        Add(_notes, kind);
        if (_samples.Count < 10)
        {
            _samples.Enqueue($"{kind}: {detail}");
        }
    }

    public void Undelivered(string eventId) => _undelivered.Enqueue(eventId);

    public void HarnessError(string error) => _harnessErrors.Enqueue(error);

    private static void Add(ConcurrentDictionary<string, int> counts, string key) => counts.AddOrUpdate(key, 1, static (_, n) => n + 1);

    private static SortedDictionary<string, int> Sorted(ConcurrentDictionary<string, int> counts) => new(counts, StringComparer.Ordinal);
}
