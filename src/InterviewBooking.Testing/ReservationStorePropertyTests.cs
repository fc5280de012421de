using System.Globalization;
using CsCheck;
using NodaTime.Testing;
using Xunit;

namespace InterviewBooking.Testing;

/// <summary>
/// Properties every <see cref="IReservationStore"/> keeps, checked on generated histories: it agrees with <see cref="ReservationModel"/>
/// after every step, and no two active reservations of one interviewer ever overlap, sequentially or under concurrency. An adapter runs
/// them by subclassing; every iteration gets a fresh store and clock and uses interviewer ids of its own, so a shared database works too.
/// </summary>
public abstract class ReservationStorePropertyTests
{
    private static readonly Instant Start = Instant.FromUtc(2026, 6, 1, 8, 0);
    private static readonly Instant Grid = Instant.FromUtc(2026, 6, 3, 9, 0);

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
        (2, Gen.Int[1, 45].Select(m => (ReservationOp)new ReservationOp.Advance(m))));

    /// <summary>After every step of a random history (holds, confirms, releases, cancels, clock moves), the store agrees with the model and no two active reservations of one interviewer overlap.</summary>
    [Fact]
    public Task AgreesWithTheModelAndNeverDoubleBooksUnderAnyHistory() =>
        Op.Array[1, 60].SampleAsync(RunSequentialAsync, iter: SequentialIterations, threads: 1, print: Print);

    /// <summary>Random holds and changes run all at once (while the clock jumps) never leave two active reservations of one interviewer overlapping.</summary>
    [Fact]
    public Task ConcurrentHoldsAndChangesNeverLeaveTwoActiveReservationsOverlapping() =>
        Gen.Select(Op.Array[8, 40], Gen.Int[0, 20])
            .SampleAsync(RunConcurrentAsync, iter: ConcurrentIterations, threads: 1);

    private async Task RunSequentialAsync(ReservationOp[] ops)
    {
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
                    var request = Request(hold, interviewers, now);
                    var blocking = model.Blocking(request.InterviewerId, request.Slot, now);
                    var result = await store.TryHoldAsync(request);
                    var same = blocking.SingleOrDefault(b => b.Status == ReservationStatus.Held && b.Slot == request.Slot && b.Owner == request.Owner);
                    if (same is not null)
                    {
                        Assert.True(result.Succeeded, $"{at}: a repeated hold by its owner returns the hold");
                        Assert.Equal(same.Id, result.Reservation!.Id);
                    }
                    else if (blocking.Count > 0)
                    {
                        Assert.False(result.Succeeded, $"{at}: overlaps {blocking[0].Id}, which is active");
                        Assert.True(result.ConflictingReservationId is null || blocking.Any(b => b.Id == result.ConflictingReservationId), $"{at}: names a blocking reservation");
                    }
                    else
                    {
                        Assert.True(result.Succeeded, $"{at}: nothing active overlaps, so the hold is made");
                        Assert.Equal(ReservationStatus.Held, result.Reservation!.Status);
                        Assert.Equal(request.HeldUntil, result.Reservation.HeldUntil);
                        model.Reservations.Add(result.Reservation);
                    }

                    break;
                }

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

            await AssertAgreesAsync(store, model, interviewers, clock.GetCurrentInstant(), at);
        }
    }

    private async Task RunConcurrentAsync(ReservationOp[] ops, int advanceAfter)
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
                    var held = await store.TryHoldAsync(Request(hold, interviewers, clock.GetCurrentInstant() + Duration.FromMinutes(15)));
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

        AssertNoOverlap(all.Where(r => r.IsActiveAt(now)), "after the race");
        AssertNoOverlap(await store.GetActiveAsync(interviewers, new Interval(null, null)), "reported active after the race");
    }

    private static async Task AssertAgreesAsync(IReservationStore store, ReservationModel model, InterviewerId[] interviewers, Instant now, string at)
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
        }

        var active = await store.GetActiveAsync(interviewers, new Interval(null, null));
        var expectedActive = model.Reservations.Where(r => r.IsActiveAt(now)).Select(r => r.Id.Value).Order(StringComparer.Ordinal).ToArray();
        var actualActive = active.Select(r => r.Id.Value).Order(StringComparer.Ordinal).ToArray();
        Assert.True(expectedActive.SequenceEqual(actualActive), $"{at}: active should be [{string.Join(", ", expectedActive)}], is [{string.Join(", ", actualActive)}]");
        AssertNoOverlap(active, at);
    }

    private static void AssertNoOverlap(IEnumerable<Reservation> active, string at)
    {
        foreach (var book in active.GroupBy(r => r.InterviewerId))
        {
            var sorted = book.OrderBy(r => r.Slot.Start).ToArray();
            for (var i = 1; i < sorted.Length; i++)
            {
                Assert.False(
                    Reservation.Overlaps(sorted[i - 1].Slot, sorted[i].Slot),
                    $"{at}: {sorted[i - 1].Id} and {sorted[i].Id} of {book.Key} are both active over {sorted[i].Slot}");
            }
        }
    }

    private static HoldRequest Request(ReservationOp.Hold hold, InterviewerId[] interviewers, Instant from)
    {
        var start = Grid + Duration.FromMinutes(15 * hold.Quarter);
        return new HoldRequest(
            interviewers[hold.Interviewer],
            new Interval(start, start + Duration.FromMinutes(15 * hold.Quarters)),
            string.Create(CultureInfo.InvariantCulture, $"owner-{hold.Owner}"),
            from + Duration.FromMinutes(hold.Minutes));
    }

    private static InterviewerId[] NewInterviewers()
    {
        var run = Guid.NewGuid().ToString("N")[..12];
        return [new($"interviewer-a-{run}"), new($"interviewer-b-{run}")];
    }

    private static string Print(ReservationOp[] ops) => string.Join(Environment.NewLine, ops.Select((o, i) => $"{i}: {o}"));
}
