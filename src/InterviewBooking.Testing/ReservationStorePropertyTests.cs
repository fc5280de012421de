using System.Globalization;
using CsCheck;
using NodaTime.Testing;
using Xunit;

namespace InterviewBooking.Testing;

/// <summary>
/// Properties every <see cref="IReservationStore"/> keeps, checked on generated histories: it agrees with <see cref="ReservationModel"/>
/// after every step, and no two active reservations of one interviewer ever overlap or sit inside each other's buffers, no local day
/// holds more than the interviewer's cap and no candidate more active holds than the cap, sequentially or under concurrency. Each
/// history draws the interviewers' buffers and daily caps, and may change the buffers as it goes. An adapter runs
/// them by subclassing; every iteration gets a fresh store and clock and uses interviewer ids of its own, so a shared database works too.
/// </summary>
public abstract class ReservationStorePropertyTests
{
    private static readonly Instant Start = Instant.FromUtc(2026, 6, 1, 8, 0);
    private static readonly Instant Grid = Instant.FromUtc(2026, 6, 3, 9, 0);
    private const int CandidateCap = 2;

    /// <summary>Creates a store reading time from <paramref name="clock"/>; called once per generated history.</summary>
    /// <param name="clock">The store's clock, which the history moves.</param>
    protected abstract Task<IReservationStore> CreateStoreAsync(IClock clock);

    /// <summary>Iterations of the sequential property.</summary>
    protected virtual int SequentialIterations => 300;

    /// <summary>Iterations of the concurrent property.</summary>
    protected virtual int ConcurrentIterations => 60;

    private static readonly Gen<ReservationOp> Op = Gen.Frequency(
        (6, Gen.Select(Gen.Int[0, 1], Gen.Int[0, 7], Gen.Int[1, 3], Gen.Int[0, 2], Gen.Int[1, 40],
            (i, q, n, o, m) => (ReservationOp)new ReservationOp.Hold(i, q, n, o, m))),
        (5, Gen.Select(Gen.Enum<ChangeKind>(), Gen.Int[-1, 30], Gen.Frequency((5, Gen.Const(true)), (1, Gen.Const(false))),
            (k, p, owner) => (ReservationOp)new ReservationOp.Change(k, p, owner))),
        (2, Gen.Int[1, 45].Select(m => (ReservationOp)new ReservationOp.Advance(m))),
        (1, Gen.Select(Gen.Int[0, 1], Gen.Int[0, 2], Gen.Int[0, 2], (i, b, a) => (ReservationOp)new ReservationOp.ChangeBuffers(i, b, a))));

    // Each interviewer's rules at the start of a history: buffers of 0 to 2 quarters, a daily cap of 1 to 4 or none.
    private static readonly Gen<HoldRules[]> Rules = Gen.Select(Gen.Int[0, 2], Gen.Int[0, 2], Gen.Int[0, 4], (b, a, cap) => new HoldRules
    {
        BufferBefore = Duration.FromMinutes(15 * b),
        BufferAfter = Duration.FromMinutes(15 * a),
        MaxPerDay = cap == 0 ? null : cap,
    }).Array[2];

    /// <summary>After every step of a random history (holds, confirms, releases, cancels, clock moves), the store agrees with the model and no two active reservations of one interviewer overlap.</summary>
    [Fact]
    public Task AgreesWithTheModelAndNeverDoubleBooksUnderAnyHistory() =>
        Gen.Select(Rules, Op.Array[1, 60]).SampleAsync(t => RunSequentialAsync(t.Item1, t.Item2), iter: SequentialIterations, threads: 1, print: t => Print(t.Item2));

    /// <summary>Random holds and changes run all at once (while the clock jumps) never leave two active reservations of one interviewer overlapping.</summary>
    [Fact]
    public Task ConcurrentHoldsAndChangesNeverLeaveTwoActiveReservationsOverlapping() =>
        Gen.Select(Rules, Op.Array[8, 40], Gen.Int[0, 20])
            .SampleAsync(RunConcurrentAsync, iter: ConcurrentIterations, threads: 1);

    private async Task RunSequentialAsync(HoldRules[] drawn, ReservationOp[] ops)
    {
        // The history changes buffers as it goes: on a copy, so a replay while shrinking starts from the rules drawn.
        HoldRules[] rules = [.. drawn];
        var clock = new FakeClock(Start);
        var store = await CreateStoreAsync(clock);
        var interviewers = NewInterviewers();
        var model = new ReservationModel();
        for (var step = 0; step < ops.Length; step++)
        {
            var now = clock.GetCurrentInstant();
            var at = string.Create(CultureInfo.InvariantCulture, $"step {step} ({ops[step]})");
            switch (ops[step])
            {
                case ReservationOp.Hold hold:
                {
                    var request = Request(hold, interviewers, rules, now);
                    var (repeat, refusal, inTheWay) = model.Decide(request, now);
                    var result = await store.TryHoldAsync(request);
                    if (repeat is not null)
                    {
                        Assert.True(result.Succeeded, $"{at}: a repeated hold by its owner returns the hold");
                        Assert.Equal(repeat.Id, result.Reservation!.Id);
                    }
                    else if (refusal is not null)
                    {
                        Assert.False(result.Succeeded, $"{at}: refused as {refusal}");
                        Assert.True(refusal == result.Refusal, $"{at}: expected refusal {refusal}, got {result.Refusal}");
                        Assert.True(result.ConflictingReservationId is null || inTheWay.Any(b => b.Id == result.ConflictingReservationId), $"{at}: names a reservation in the way");
                    }
                    else
                    {
                        Assert.True(result.Succeeded, $"{at}: no rule refuses, so the hold is made (got {result.Refusal})");
                        Assert.Equal(ReservationStatus.Held, result.Reservation!.Status);
                        Assert.Equal(request.HeldUntil, result.Reservation.HeldUntil);
                        Assert.Equal(request.Rules.BufferBefore, result.Reservation.BufferBefore);
                        Assert.Equal(request.Rules.BufferAfter, result.Reservation.BufferAfter);
                        Assert.Equal(request.Candidate, result.Reservation.Candidate);
                        model.Reservations.Add(result.Reservation);
                    }

                    break;
                }

                case ReservationOp.ChangeBuffers change:
                    rules[change.Interviewer] = rules[change.Interviewer] with
                    {
                        BufferBefore = Duration.FromMinutes(15 * change.QuartersBefore),
                        BufferAfter = Duration.FromMinutes(15 * change.QuartersAfter),
                    };
                    break;

                case ReservationOp.Change change:
                {
                    var target = change.Pick < 0 || model.Reservations.Count == 0 ? null : model.Reservations[change.Pick % model.Reservations.Count];
                    var id = target?.Id ?? ReservationId.New();
                    var owner = target is null ? "owner-0" : change.AsOwner ? target.Owner : "an-intruder";
                    var result = change.Kind switch
                    {
                        ChangeKind.Confirm => await store.TryConfirmAsync(id, owner),
                        ChangeKind.Release => await store.TryReleaseAsync(id, owner),
                        _ => await store.TryCancelAsync(id, owner),
                    };
                    if (target is null)
                    {
                        Assert.Equal(ReservationUpdateOutcome.NotFound, result.Outcome);
                        break;
                    }

                    if (!change.AsOwner)
                    {
                        Assert.Equal(ReservationUpdateOutcome.NotOwner, result.Outcome);
                        break;
                    }

                    var (outcome, status) = ReservationModel.Decide(change.Kind, target, now);
                    Assert.True(outcome == result.Outcome, $"{at}: expected {outcome}, got {result.Outcome} (was {target.Status}, held until {target.HeldUntil}, now {now})");
                    model.Reservations[model.Reservations.IndexOf(target)] = target with { Status = status };
                    break;
                }

                case ReservationOp.Advance advance:
                    clock.Advance(Duration.FromMinutes(advance.Minutes));
                    break;
            }

            await AssertAgreesAsync(store, model, interviewers, rules, clock.GetCurrentInstant(), at);
        }
    }

    private async Task RunConcurrentAsync(HoldRules[] rules, ReservationOp[] ops, int advanceAfter)
    {
        var clock = new FakeClock(Start);
        var store = await CreateStoreAsync(clock);
        var interviewers = NewInterviewers();
        var made = new System.Collections.Concurrent.ConcurrentBag<Reservation>();
        var tasks = ops.Select((op, index) => Task.Run(async () =>
        {
            if (index == advanceAfter)
            {
                clock.Advance(Duration.FromMinutes(15));
            }

            switch (op)
            {
                case ReservationOp.Hold hold:
                    // A quarter of an hour's margin: the clock may jump between reading it here and the store reading it.
                    var held = await store.TryHoldAsync(Request(hold, interviewers, rules, clock.GetCurrentInstant() + Duration.FromMinutes(15)));
                    if (held.Reservation is { } reservation)
                    {
                        made.Add(reservation);
                    }

                    break;
                case ReservationOp.Change change when !made.IsEmpty:
                    var target = made.ElementAt(Math.Abs(change.Pick) % made.Count);
                    _ = change.Kind switch
                    {
                        ChangeKind.Confirm => await store.TryConfirmAsync(target.Id, target.Owner),
                        ChangeKind.Release => await store.TryReleaseAsync(target.Id, target.Owner),
                        _ => await store.TryCancelAsync(target.Id, target.Owner),
                    };
                    break;
            }
        })).ToArray();
        await Task.WhenAll(tasks);

        var now = clock.GetCurrentInstant();
        var all = new List<Reservation>();
        foreach (var reservation in made.DistinctBy(r => r.Id))
        {
            all.Add((await store.GetAsync(reservation.Id))!);
        }

        // Buffers only change in the sequential property, so the rules drawn hold for the whole race.
        AssertRulesHold(all.Where(r => r.IsActiveAt(now)), interviewers, rules, now, "after the race");
        AssertRulesHold(await store.GetActiveAsync(interviewers, new Interval(null, null)), interviewers, rules, now, "reported active after the race");
    }

    private static async Task AssertAgreesAsync(IReservationStore store, ReservationModel model, InterviewerId[] interviewers, HoldRules[] rules, Instant now, string at)
    {
        foreach (var expected in model.Reservations)
        {
            var actual = await store.GetAsync(expected.Id);
            Assert.NotNull(actual);
            Assert.True(
                ReservationModel.Effective(expected, now) == ReservationModel.Effective(actual, now),
                $"{at}: {expected.Id} should be {ReservationModel.Effective(expected, now)}, is {ReservationModel.Effective(actual, now)}");
            Assert.Equal(expected.Slot, actual.Slot);
            Assert.Equal(expected.InterviewerId, actual.InterviewerId);
            Assert.Equal(expected.Owner, actual.Owner);
            Assert.Equal(expected.BufferBefore, actual.BufferBefore);
            Assert.Equal(expected.BufferAfter, actual.BufferAfter);
        }

        var active = await store.GetActiveAsync(interviewers, new Interval(null, null));
        var expectedActive = model.Reservations.Where(r => r.IsActiveAt(now)).Select(r => r.Id.Value).Order(StringComparer.Ordinal).ToArray();
        var actualActive = active.Select(r => r.Id.Value).Order(StringComparer.Ordinal).ToArray();
        Assert.True(expectedActive.SequenceEqual(actualActive), $"{at}: active should be [{string.Join(", ", expectedActive)}], is [{string.Join(", ", actualActive)}]");
        AssertRulesHold(active, interviewers, rules, now, at);
    }

    /// <summary>No two active reservations of one interviewer crowd (slots or buffers), no day over the cap, no candidate over the cap.</summary>
    private static void AssertRulesHold(IEnumerable<Reservation> active, InterviewerId[] interviewers, HoldRules[] rules, Instant now, string at)
    {
        var list = active.ToList();
        foreach (var book in list.GroupBy(r => r.InterviewerId))
        {
            var sorted = book.OrderBy(r => r.Slot.Start).ToArray();
            for (var i = 1; i < sorted.Length; i++)
            {
                Assert.False(
                    Reservation.Crowds(sorted[i - 1], sorted[i]),
                    $"{at}: {sorted[i - 1].Id} and {sorted[i].Id} of {book.Key} are both active, inside each other's buffers, over {sorted[i].Slot}");
            }

            if (rules[Array.IndexOf(interviewers, book.Key)].MaxPerDay is { } cap)
            {
                var busiest = sorted.GroupBy(r => r.Slot.Start.InUtc().Date).Max(day => day.Count());
                Assert.True(busiest <= cap, $"{at}: {busiest} active reservations of {book.Key} on one day, over the cap of {cap}");
            }
        }

        foreach (var candidate in list.Where(r => r.Status == ReservationStatus.Held && r.HeldUntil > now).GroupBy(r => r.Candidate))
        {
            Assert.True(candidate.Count() <= CandidateCap, $"{at}: candidate {candidate.Key} has {candidate.Count()} active holds, over the cap of {CandidateCap}");
        }
    }

    private static HoldRequest Request(ReservationOp.Hold hold, InterviewerId[] interviewers, HoldRules[] rules, Instant from)
    {
        var start = Grid + Duration.FromMinutes(15 * hold.Quarter);
        var owner = string.Create(CultureInfo.InvariantCulture, $"owner-{hold.Owner}");
        return new HoldRequest(
            interviewers[hold.Interviewer],
            new Interval(start, start + Duration.FromMinutes(15 * hold.Quarters)),
            owner,
            from + Duration.FromMinutes(hold.Minutes))
        {
            Rules = rules[hold.Interviewer],
            Candidate = new CandidateId(interviewers[0].Value + "-" + owner),
            MaxActiveCandidateHolds = CandidateCap,
        };
    }

    private static InterviewerId[] NewInterviewers()
    {
        var run = Guid.NewGuid().ToString("N")[..12];
        return [new($"interviewer-a-{run}"), new($"interviewer-b-{run}")];
    }

    private static string Print(ReservationOp[] ops) => string.Join(Environment.NewLine, ops.Select((o, i) => $"{i}: {o}"));
}
