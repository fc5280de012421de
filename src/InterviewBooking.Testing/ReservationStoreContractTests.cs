using Xunit;

namespace InterviewBooking.Testing;

/// <summary>
/// The behaviour every <see cref="IReservationStore"/> must have. An adapter's test project subclasses this and implements
/// <see cref="CreateStoreAsync"/>; the tests use fresh interviewer ids, so a store shared between tests works too.
/// </summary>
public abstract class ReservationStoreContractTests : StoreContractTestBase
{
    private static readonly Duration HoldLength = Duration.FromMinutes(15);

    /// <summary>Creates the store under test, reading time from <paramref name="clock"/> (a <see cref="NodaTime.Testing.FakeClock"/> the tests move).</summary>
    /// <param name="clock">The store's clock.</param>
    protected abstract Task<IReservationStore> CreateStoreAsync(IClock clock);

    /// <summary>A hold stores what was asked, as <see cref="ReservationStatus.Held"/>, stamped with the clock's time.</summary>
    [Fact]
    public async Task HoldStoresTheReservation()
    {
        var store = await NewStoreAsync();
        var interviewer = NewInterviewer();
        var slot = Slot(9, 0, 60);
        var owner = Unique("owner");

        var result = await store.TryHoldAsync(new HoldRequest(interviewer, slot, owner, Now + HoldLength));

        Assert.True(result.Succeeded);
        Assert.Null(result.ConflictingReservationId);
        var held = result.Reservation!;
        Assert.False(held.Id.IsEmpty);
        Assert.Equal(interviewer, held.InterviewerId);
        Assert.Equal(slot, held.Slot);
        Assert.Equal(owner, held.Owner);
        Assert.Equal(ReservationStatus.Held, held.Status);
        Assert.Equal(Now + HoldLength, held.HeldUntil);
        Assert.Equal(Now, held.CreatedAt);
        Assert.Equal(held, await store.GetAsync(held.Id));
    }

    /// <summary>Every way of overlapping an active hold is refused, naming the reservation in the way.</summary>
    [Fact]
    public async Task OverlappingHoldIsRefusedWithTheConflictingId()
    {
        var store = await NewStoreAsync();
        var interviewer = NewInterviewer();
        var first = await HoldAsync(store, interviewer, Slot(9, 0, 60));

        Interval[] overlapping =
        [
            Slot(9, 0, 60),   // the same slot
            Slot(8, 30, 60),  // overlaps the start
            Slot(9, 30, 60),  // overlaps the end
            Slot(9, 15, 30),  // inside
            Slot(8, 0, 180),  // around
            Slot(9, 59, 1),   // the last minute
        ];
        foreach (var slot in overlapping)
        {
            var result = await store.TryHoldAsync(new HoldRequest(interviewer, slot, Unique("other"), Now + HoldLength));
            Assert.False(result.Succeeded, $"A hold of {slot} must be refused: {first.Slot} is held.");
            Assert.Null(result.Reservation);
            Assert.Equal(first.Id, result.ConflictingReservationId);
        }

        var active = await store.GetActiveAsync([interviewer], Slot(0, 0, 24 * 60));
        Assert.Equal(first.Id, Assert.Single(active).Id);
    }

    /// <summary>Slots are half-open: a slot that ends when another starts does not conflict with it.</summary>
    [Fact]
    public async Task TouchingSlotsDoNotConflict()
    {
        var store = await NewStoreAsync();
        var interviewer = NewInterviewer();
        await HoldAsync(store, interviewer, Slot(9, 0, 60));

        Assert.True((await store.TryHoldAsync(new HoldRequest(interviewer, Slot(10, 0, 60), Unique("after"), Now + HoldLength))).Succeeded);
        Assert.True((await store.TryHoldAsync(new HoldRequest(interviewer, Slot(8, 0, 60), Unique("before"), Now + HoldLength))).Succeeded);
        Assert.Equal(3, (await store.GetActiveAsync([interviewer], Slot(0, 0, 24 * 60))).Count);
    }

    /// <summary>One interviewer's hold never blocks another interviewer's same slot.</summary>
    [Fact]
    public async Task OtherInterviewerIsNotBlocked()
    {
        var store = await NewStoreAsync();
        var slot = Slot(9, 0, 60);
        await HoldAsync(store, NewInterviewer(), slot);

        var other = await store.TryHoldAsync(new HoldRequest(NewInterviewer(), slot, Unique("owner"), Now + HoldLength));

        Assert.True(other.Succeeded);
    }

    /// <summary>A hold blocks until its <see cref="Reservation.HeldUntil"/>, not a tick longer; a hold over it then marks it <see cref="ReservationStatus.Expired"/>.</summary>
    [Fact]
    public async Task ExpiredHoldDoesNotBlockAndBecomesExpired()
    {
        var store = await NewStoreAsync();
        var interviewer = NewInterviewer();
        var slot = Slot(9, 0, 60);
        var first = await HoldAsync(store, interviewer, slot);

        Clock.Advance(HoldLength - Duration.Epsilon);
        var early = await store.TryHoldAsync(new HoldRequest(interviewer, slot, Unique("early"), Now + HoldLength));
        Assert.False(early.Succeeded);
        Assert.Equal(first.Id, early.ConflictingReservationId);

        Clock.Advance(Duration.Epsilon);
        var late = await store.TryHoldAsync(new HoldRequest(interviewer, slot, Unique("late"), Now + HoldLength));

        Assert.True(late.Succeeded);
        Assert.NotEqual(first.Id, late.Reservation!.Id);
        Assert.Equal(ReservationStatus.Expired, (await store.GetAsync(first.Id))!.Status);
        Assert.Equal(late.Reservation.Id, Assert.Single(await store.GetActiveAsync([interviewer], slot)).Id);
    }

    /// <summary>A released hold frees its slot at once.</summary>
    [Fact]
    public async Task ReleasedHoldDoesNotBlock()
    {
        var store = await NewStoreAsync();
        var interviewer = NewInterviewer();
        var slot = Slot(9, 0, 60);
        var first = await HoldAsync(store, interviewer, slot);

        var released = await store.TryReleaseAsync(first.Id, first.Owner);
        var next = await store.TryHoldAsync(new HoldRequest(interviewer, slot, Unique("next"), Now + HoldLength));

        Assert.Equal(ReservationUpdateOutcome.Updated, released.Outcome);
        Assert.Equal(ReservationStatus.Released, released.Reservation!.Status);
        Assert.True(next.Succeeded);
        Assert.Equal(ReservationStatus.Released, (await store.GetAsync(first.Id))!.Status);
    }

    /// <summary>Only the owner confirms or releases; anyone else gets <see cref="ReservationUpdateOutcome.NotOwner"/> and nothing changes.</summary>
    [Fact]
    public async Task OnlyTheOwnerConfirmsOrReleases()
    {
        var store = await NewStoreAsync();
        var held = await HoldAsync(store, NewInterviewer(), Slot(9, 0, 60));

        var confirm = await store.TryConfirmAsync(held.Id, Unique("intruder"));
        var release = await store.TryReleaseAsync(held.Id, Unique("intruder"));

        Assert.Equal(ReservationUpdateOutcome.NotOwner, confirm.Outcome);
        Assert.False(confirm.Succeeded);
        Assert.Equal(ReservationUpdateOutcome.NotOwner, release.Outcome);
        Assert.Equal(ReservationStatus.Held, (await store.GetAsync(held.Id))!.Status);

        var owned = await store.TryConfirmAsync(held.Id, held.Owner);
        Assert.Equal(ReservationUpdateOutcome.Updated, owned.Outcome);
        Assert.True(owned.Succeeded);
        Assert.Equal(ReservationStatus.Confirmed, owned.Reservation!.Status);
        Assert.Equal(ReservationUpdateOutcome.NotOwner, (await store.TryReleaseAsync(held.Id, Unique("intruder"))).Outcome);
    }

    /// <summary>A confirm after the hold ran out returns <see cref="ReservationUpdateOutcome.Expired"/> and the hold becomes <see cref="ReservationStatus.Expired"/>.</summary>
    [Fact]
    public async Task ConfirmAfterExpiryReturnsExpired()
    {
        var store = await NewStoreAsync();
        var interviewer = NewInterviewer();
        var held = await HoldAsync(store, interviewer, Slot(9, 0, 60));

        Clock.Advance(HoldLength);
        var result = await store.TryConfirmAsync(held.Id, held.Owner);

        Assert.Equal(ReservationUpdateOutcome.Expired, result.Outcome);
        Assert.False(result.Succeeded);
        Assert.Equal(ReservationStatus.Expired, result.Reservation!.Status);
        Assert.Equal(ReservationStatus.Expired, (await store.GetAsync(held.Id))!.Status);
        Assert.Empty(await store.GetActiveAsync([interviewer], held.Slot));
        Assert.Equal(ReservationUpdateOutcome.Expired, (await store.TryConfirmAsync(held.Id, held.Owner)).Outcome);
    }

    /// <summary>A hold that expired and whose slot someone else took cannot be confirmed: the slot stays with the new holder.</summary>
    [Fact]
    public async Task ConfirmAfterExpiryDoesNotTakeTheSlotBack()
    {
        var store = await NewStoreAsync();
        var interviewer = NewInterviewer();
        var slot = Slot(9, 0, 60);
        var old = await HoldAsync(store, interviewer, slot);
        Clock.Advance(HoldLength);
        var taker = await HoldAsync(store, interviewer, slot);

        var result = await store.TryConfirmAsync(old.Id, old.Owner);

        Assert.Equal(ReservationUpdateOutcome.Expired, result.Outcome);
        Assert.Equal(taker.Id, Assert.Single(await store.GetActiveAsync([interviewer], slot)).Id);
    }

    /// <summary>Confirming twice succeeds twice; a confirmed reservation blocks for good, long after its hold time.</summary>
    [Fact]
    public async Task ConfirmIsIdempotentAndConfirmedBlocksForGood()
    {
        var store = await NewStoreAsync();
        var interviewer = NewInterviewer();
        var held = await HoldAsync(store, interviewer, Slot(9, 0, 60));

        var first = await store.TryConfirmAsync(held.Id, held.Owner);
        var second = await store.TryConfirmAsync(held.Id, held.Owner);

        Assert.Equal(ReservationUpdateOutcome.Updated, first.Outcome);
        Assert.Equal(ReservationUpdateOutcome.Updated, second.Outcome);
        Assert.Equal(ReservationStatus.Confirmed, second.Reservation!.Status);
        Assert.Equal(held.Id, second.Reservation.Id);

        Clock.Advance(Duration.FromDays(2));
        var later = await store.TryHoldAsync(new HoldRequest(interviewer, held.Slot, Unique("later"), Now + HoldLength));
        Assert.False(later.Succeeded);
        Assert.Equal(held.Id, later.ConflictingReservationId);
        Assert.Equal(ReservationStatus.Confirmed, (await store.GetAsync(held.Id))!.Status);
    }

    /// <summary>Releasing twice succeeds twice and leaves the hold <see cref="ReservationStatus.Released"/>.</summary>
    [Fact]
    public async Task ReleaseIsIdempotent()
    {
        var store = await NewStoreAsync();
        var held = await HoldAsync(store, NewInterviewer(), Slot(9, 0, 60));

        var first = await store.TryReleaseAsync(held.Id, held.Owner);
        var second = await store.TryReleaseAsync(held.Id, held.Owner);

        Assert.Equal(ReservationUpdateOutcome.Updated, first.Outcome);
        Assert.Equal(ReservationUpdateOutcome.Updated, second.Outcome);
        Assert.Equal(ReservationStatus.Released, second.Reservation!.Status);
    }

    /// <summary>Releasing a hold whose time already ran out succeeds and leaves it <see cref="ReservationStatus.Expired"/>.</summary>
    [Fact]
    public async Task ReleaseOfExpiredHoldKeepsItExpired()
    {
        var store = await NewStoreAsync();
        var held = await HoldAsync(store, NewInterviewer(), Slot(9, 0, 60));
        Clock.Advance(HoldLength + Duration.FromMinutes(1));

        var result = await store.TryReleaseAsync(held.Id, held.Owner);

        Assert.Equal(ReservationUpdateOutcome.Updated, result.Outcome);
        Assert.Equal(ReservationStatus.Expired, result.Reservation!.Status);
        Assert.Equal(ReservationStatus.Expired, (await store.GetAsync(held.Id))!.Status);
    }

    /// <summary>A confirmed reservation is not released (<see cref="ReservationUpdateOutcome.InvalidStatus"/>) and keeps blocking.</summary>
    [Fact]
    public async Task ConfirmedReservationIsNotReleased()
    {
        var store = await NewStoreAsync();
        var interviewer = NewInterviewer();
        var held = await HoldAsync(store, interviewer, Slot(9, 0, 60));
        await store.TryConfirmAsync(held.Id, held.Owner);

        var result = await store.TryReleaseAsync(held.Id, held.Owner);

        Assert.Equal(ReservationUpdateOutcome.InvalidStatus, result.Outcome);
        Assert.Equal(ReservationStatus.Confirmed, result.Reservation!.Status);
        Assert.Equal(held.Id, Assert.Single(await store.GetActiveAsync([interviewer], held.Slot)).Id);
    }

    /// <summary>A released hold cannot be confirmed (<see cref="ReservationUpdateOutcome.InvalidStatus"/>).</summary>
    [Fact]
    public async Task ReleasedHoldIsNotConfirmed()
    {
        var store = await NewStoreAsync();
        var held = await HoldAsync(store, NewInterviewer(), Slot(9, 0, 60));
        await store.TryReleaseAsync(held.Id, held.Owner);

        var result = await store.TryConfirmAsync(held.Id, held.Owner);

        Assert.Equal(ReservationUpdateOutcome.InvalidStatus, result.Outcome);
        Assert.Equal(ReservationStatus.Released, (await store.GetAsync(held.Id))!.Status);
    }

    /// <summary>Unknown ids read as <see langword="null"/> and update as <see cref="ReservationUpdateOutcome.NotFound"/>.</summary>
    [Fact]
    public async Task UnknownReservationIsNotFound()
    {
        var store = await NewStoreAsync();
        var unknown = ReservationId.New();

        Assert.Null(await store.GetAsync(unknown));
        var confirm = await store.TryConfirmAsync(unknown, "owner");
        var release = await store.TryReleaseAsync(unknown, "owner");
        Assert.Equal(ReservationUpdateOutcome.NotFound, confirm.Outcome);
        Assert.Null(confirm.Reservation);
        Assert.Equal(ReservationUpdateOutcome.NotFound, release.Outcome);
        Assert.Null(release.Reservation);
    }

    /// <summary>
    /// The same owner holding the same interviewer's same slot again gets the existing hold back;
    /// another owner, or the same owner with an overlapping but different slot, is refused.
    /// </summary>
    [Fact]
    public async Task RepeatHoldBySameOwnerReturnsTheSameReservation()
    {
        var store = await NewStoreAsync();
        var interviewer = NewInterviewer();
        var slot = Slot(9, 0, 60);
        var owner = Unique("owner");
        var first = await store.TryHoldAsync(new HoldRequest(interviewer, slot, owner, Now + HoldLength));

        var repeat = await store.TryHoldAsync(new HoldRequest(interviewer, slot, owner, Now + HoldLength));
        var otherOwner = await store.TryHoldAsync(new HoldRequest(interviewer, slot, Unique("other"), Now + HoldLength));
        var shifted = await store.TryHoldAsync(new HoldRequest(interviewer, Slot(9, 30, 60), owner, Now + HoldLength));

        Assert.True(repeat.Succeeded);
        Assert.Equal(first.Reservation!.Id, repeat.Reservation!.Id);
        Assert.False(otherOwner.Succeeded);
        Assert.False(shifted.Succeeded);
        Assert.Equal(first.Reservation.Id, Assert.Single(await store.GetActiveAsync([interviewer], Slot(0, 0, 24 * 60))).Id);
    }

    /// <summary>
    /// Only active reservations of the asked interviewers that overlap the window are listed (touching ones are not),
    /// ordered by interviewer id, then start.
    /// </summary>
    [Fact]
    public async Task GetActiveListsActiveOverlappingReservationsInOrder()
    {
        var store = await NewStoreAsync();
        var prefix = Unique("iv");
        var a = new InterviewerId(prefix + "-a");
        var b = new InterviewerId(prefix + "-b");
        var notAsked = new InterviewerId(prefix + "-c");

        var aEarly = await HoldAsync(store, a, Slot(9, 0, 60));             // overlaps the window's start
        var aReleased = await HoldAsync(store, a, Slot(10, 0, 60));
        await store.TryReleaseAsync(aReleased.Id, aReleased.Owner);
        var aShort = await HoldAsync(store, a, Slot(11, 0, 30), Duration.FromMinutes(5));
        var aConfirmed = await HoldAsync(store, a, Slot(12, 0, 60));
        await store.TryConfirmAsync(aConfirmed.Id, aConfirmed.Owner);
        await HoldAsync(store, a, Slot(14, 0, 60));                         // touches the window's end
        await HoldAsync(store, a, Slot(8, 0, 30));                          // before the window
        var bLate = await HoldAsync(store, b, Slot(13, 0, 30));
        var bEarly = await HoldAsync(store, b, Slot(9, 0, 60));
        await HoldAsync(store, notAsked, Slot(10, 0, 60));
        Clock.Advance(Duration.FromMinutes(5));                             // aShort runs out

        var active = await store.GetActiveAsync([b, a, NewInterviewer()], Slot(9, 30, 270));

        Assert.Equal([aEarly.Id, aConfirmed.Id, bEarly.Id, bLate.Id], active.Select(r => r.Id));
        Assert.DoesNotContain(active, r => r.Id == aShort.Id);
        Assert.All(active, r => Assert.True(r.IsActiveAt(Now)));
    }

    /// <summary>
    /// <see cref="IReservationStore.GetActiveSlotsAsync"/> gives the slots of exactly the reservations <see cref="IReservationStore.GetActiveAsync"/>
    /// lists, each interviewer's together and by start, a hold with its end and a confirmed one without; duplicate and empty ids change nothing.
    /// </summary>
    [Fact]
    public async Task GetActiveSlotsGivesTheSlotsOfTheActiveReservations()
    {
        var store = await NewStoreAsync();
        var prefix = Unique("iv");
        var a = new InterviewerId(prefix + "-a");
        var b = new InterviewerId(prefix + "-b");

        var aEarly = await HoldAsync(store, a, Slot(9, 0, 60));
        var aReleased = await HoldAsync(store, a, Slot(10, 0, 60));
        await store.TryReleaseAsync(aReleased.Id, aReleased.Owner);
        await HoldAsync(store, a, Slot(11, 0, 30), Duration.FromMinutes(5));
        var aConfirmed = await HoldAsync(store, a, Slot(12, 0, 60));
        await store.TryConfirmAsync(aConfirmed.Id, aConfirmed.Owner);
        await HoldAsync(store, a, Slot(14, 0, 60));
        var bLate = await HoldAsync(store, b, Slot(13, 0, 30));
        var bEarly = await HoldAsync(store, b, Slot(9, 0, 60));
        Clock.Advance(Duration.FromMinutes(5));
        InterviewerId[] asked = [b, a, b, default, NewInterviewer()];

        foreach (var window in new[] { Slot(9, 30, 270), new Interval(null, null), new Interval(null, Slot(12, 30, 1).Start), new Interval(Slot(12, 30, 1).Start, null) })
        {
            var slots = await store.GetActiveSlotsAsync(asked, window);

            var expected = (await store.GetActiveAsync(asked, window)).Select(ReservedSlot.Of).ToList();
            Assert.Equal(
                expected.OrderBy(s => s.InterviewerId.Value, StringComparer.Ordinal).ThenBy(s => s.Slot.Start),
                slots.OrderBy(s => s.InterviewerId.Value, StringComparer.Ordinal).ThenBy(s => s.Slot.Start));
            var runs = slots.Select(s => s.InterviewerId).Where((id, i) => i == 0 || id != slots[i - 1].InterviewerId).ToList();
            Assert.Equal(runs.Distinct().Count(), runs.Count);
            Assert.All(slots.Zip(slots.Skip(1)), pair => Assert.True(
                pair.First.InterviewerId != pair.Second.InterviewerId || pair.First.Slot.Start < pair.Second.Slot.Start, $"{pair.First} before {pair.Second}"));
        }

        var inWindow = await store.GetActiveSlotsAsync(asked, Slot(9, 30, 270));
        Assert.Equal(
            [new ReservedSlot(a, aEarly.Slot, aEarly.HeldUntil), new ReservedSlot(a, aConfirmed.Slot, null), new ReservedSlot(b, bEarly.Slot, bEarly.HeldUntil), new ReservedSlot(b, bLate.Slot, bLate.HeldUntil)],
            inWindow.OrderBy(s => s.InterviewerId.Value, StringComparer.Ordinal).ThenBy(s => s.Slot.Start));
        Assert.All(inWindow, s => Assert.True(s.IsActiveAt(Now)));
        Assert.False(new ReservedSlot(a, aEarly.Slot, aEarly.HeldUntil).IsActiveAt(aEarly.HeldUntil));
        Assert.Empty(await store.GetActiveSlotsAsync([], new Interval(null, null)));
        await Assert.ThrowsAsync<ArgumentNullException>(() => store.GetActiveSlotsAsync(null!, new Interval(null, null)));
    }

    /// <summary>A window of no length finds the reservations whose slot holds that instant, in both reads (half-open, as <see cref="Reservation.Overlaps"/>).</summary>
    [Fact]
    public async Task AnInstantWindowFindsTheReservationHoldingIt()
    {
        var store = await NewStoreAsync();
        var interviewer = NewInterviewer();
        var held = await HoldAsync(store, interviewer, Slot(9, 0, 60));
        var inside = Slot(9, 30, 1).Start;

        Assert.Equal(held.Id, Assert.Single(await store.GetActiveAsync([interviewer], new Interval(inside, inside))).Id);
        Assert.Equal(held.Slot, Assert.Single(await store.GetActiveSlotsAsync([interviewer], new Interval(inside, inside))).Slot);
        Assert.Empty(await store.GetActiveAsync([interviewer], new Interval(held.Slot.End, held.Slot.End)));
        Assert.Empty(await store.GetActiveSlotsAsync([interviewer], new Interval(held.Slot.End, held.Slot.End)));
    }

    /// <summary>Malformed hold requests are refused with an <see cref="ArgumentException"/> (or a subclass) and hold nothing.</summary>
    [Fact]
    public async Task InvalidHoldRequestsThrow()
    {
        var store = await NewStoreAsync();
        var interviewer = NewInterviewer();
        var slot = Slot(9, 0, 60);
        var start = slot.Start;

        HoldRequest[] invalid =
        [
            new(interviewer, new Interval(start, start), "owner", Now + HoldLength),
            new(interviewer, new Interval(start, null), "owner", Now + HoldLength),
            new(interviewer, new Interval(null, start), "owner", Now + HoldLength),
            new(interviewer, slot, "", Now + HoldLength),
            new(interviewer, slot, "   ", Now + HoldLength),
            new(interviewer, slot, "owner", Now),
            new(interviewer, slot, "owner", Now - Duration.FromMinutes(1)),
            new(default, slot, "owner", Now + HoldLength),
        ];
        foreach (var request in invalid)
        {
            await Assert.ThrowsAnyAsync<ArgumentException>(() => store.TryHoldAsync(request));
        }

        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.TryHoldAsync(null!));
        Assert.Empty(await store.GetActiveAsync([interviewer], Slot(0, 0, 24 * 60)));
    }

    /// <summary>64 owners racing for one slot (three rounds): exactly one wins, the others are told who did, and one reservation is active.</summary>
    [Fact]
    public async Task ConcurrentHoldsOfOneSlotHaveExactlyOneWinner()
    {
        var store = await NewStoreAsync();
        for (var round = 0; round < 3; round++)
        {
            var interviewer = NewInterviewer();
            var slot = Slot(9, 0, 60);
            var until = Now + HoldLength;

            var results = await Concurrently.RunAsync(64, i => store.TryHoldAsync(new HoldRequest(interviewer, slot, Unique($"owner{i}"), until)));

            var winner = Assert.Single(results, r => r.Succeeded).Reservation!;
            Assert.All(
                results.Where(r => !r.Succeeded),
                r => Assert.True(r.ConflictingReservationId is null || r.ConflictingReservationId == winner.Id));
            Assert.Equal(winner.Id, Assert.Single(await store.GetActiveAsync([interviewer], slot)).Id);
        }
    }

    /// <summary>64 concurrent holds of slots that each overlap their neighbours: whatever wins, no two active reservations overlap.</summary>
    [Fact]
    public async Task ConcurrentOverlappingHoldsNeverOverlap()
    {
        var store = await NewStoreAsync();
        var interviewer = NewInterviewer();
        var until = Now + HoldLength;

        // Slot i starts 10 minutes after slot i-1 and lasts 30: it overlaps the two slots on each side.
        var results = await Concurrently.RunAsync(64, i =>
            store.TryHoldAsync(new HoldRequest(interviewer, Slot(6, i * 10, 30), Unique($"owner{i}"), until)));

        var won = results.Where(r => r.Succeeded).Select(r => r.Reservation!).ToList();
        var active = await store.GetActiveAsync([interviewer], new Interval(Slot(0, 0, 1).Start, Slot(23, 59, 1).End));
        Assert.NotEmpty(won);
        Assert.Equal(won.Select(r => r.Id.Value).Order(StringComparer.Ordinal), active.Select(r => r.Id.Value).Order(StringComparer.Ordinal));
        for (var i = 0; i < active.Count; i++)
        {
            for (var j = i + 1; j < active.Count; j++)
            {
                Assert.False(Reservation.Overlaps(active[i].Slot, active[j].Slot), $"{active[i].Slot} and {active[j].Slot} are both active.");
            }
        }

        // Any slot that lost was refused for a real reason: it overlaps a winner.
        foreach (var lost in results.Select((r, i) => (r, i)).Where(x => !x.r.Succeeded))
        {
            Assert.Contains(won, r => Reservation.Overlaps(r.Slot, Slot(6, lost.i * 10, 30)));
        }
    }

    /// <summary>Canceling a confirmed reservation frees its slot, for its owner only, idempotently, and the trail says "canceled".</summary>
    [Fact]
    public async Task CancelFreesAConfirmedReservation()
    {
        var store = await NewStoreAsync();
        var interviewer = NewInterviewer();
        var owner = Unique("owner");
        var slot = Slot(13, 0, 30);
        var held = await store.TryHoldAsync(new HoldRequest(interviewer, slot, owner, Now + HoldLength));
        await store.TryConfirmAsync(held.Reservation!.Id, owner);

        var notOwner = await store.TryCancelAsync(held.Reservation.Id, Unique("other"));
        var canceled = await store.TryCancelAsync(held.Reservation.Id, owner);
        var again = await store.TryCancelAsync(held.Reservation.Id, owner);
        var next = await store.TryHoldAsync(new HoldRequest(interviewer, slot, Unique("owner"), Now + HoldLength));

        Assert.Equal(ReservationUpdateOutcome.NotOwner, notOwner.Outcome);
        Assert.Equal(ReservationUpdateOutcome.Updated, canceled.Outcome);
        Assert.Equal(ReservationStatus.Released, canceled.Reservation!.Status);
        Assert.Equal(ReservationUpdateOutcome.Updated, again.Outcome);
        Assert.True(next.Succeeded);
        var history = await store.GetHistoryAsync(held.Reservation.Id);
        Assert.Equal(
            [ReservationChangeReasons.Held, ReservationChangeReasons.Confirmed, ReservationChangeReasons.Canceled],
            history.Select(h => h.Reason));
        Assert.Equal(ReservationUpdateOutcome.NotFound, (await store.TryCancelAsync(ReservationId.New(), owner)).Outcome);
    }

    /// <summary>
    /// Canceling an active hold releases it (reason "released"), and canceling a hold whose time ran out records it expired; both are
    /// idempotent and leave one entry each.
    /// </summary>
    [Fact]
    public async Task CancelReleasesAnActiveHoldAndExpiresARunOutOne()
    {
        var store = await NewStoreAsync();
        var owner = Unique("owner");
        var active = await store.TryHoldAsync(new HoldRequest(NewInterviewer(), Slot(14, 0, 30), owner, Now + HoldLength));
        var runOut = await store.TryHoldAsync(new HoldRequest(NewInterviewer(), Slot(14, 0, 30), owner, Now + Duration.FromMinutes(1)));

        var released = await store.TryCancelAsync(active.Reservation!.Id, owner);
        Clock.Advance(Duration.FromMinutes(2));
        var expired = await store.TryCancelAsync(runOut.Reservation!.Id, owner);
        var expiredAgain = await store.TryCancelAsync(runOut.Reservation.Id, owner);
        var releasedAgain = await store.TryCancelAsync(active.Reservation.Id, owner);

        Assert.Equal((ReservationUpdateOutcome.Updated, ReservationStatus.Released), (released.Outcome, released.Reservation!.Status));
        Assert.Equal((ReservationUpdateOutcome.Updated, ReservationStatus.Expired), (expired.Outcome, expired.Reservation!.Status));
        Assert.Equal((ReservationUpdateOutcome.Updated, ReservationStatus.Expired), (expiredAgain.Outcome, expiredAgain.Reservation!.Status));
        Assert.Equal((ReservationUpdateOutcome.Updated, ReservationStatus.Released), (releasedAgain.Outcome, releasedAgain.Reservation!.Status));
        Assert.Equal(
            [ReservationChangeReasons.Held, ReservationChangeReasons.Released],
            (await store.GetHistoryAsync(active.Reservation.Id)).Select(h => h.Reason));
        var runOutHistory = await store.GetHistoryAsync(runOut.Reservation.Id);
        Assert.Equal([ReservationChangeReasons.Held, ReservationChangeReasons.Expired], runOutHistory.Select(h => h.Reason));
        Assert.Equal(new ReservationStatusChange(runOut.Reservation.Id, ReservationStatus.Held, ReservationStatus.Expired, Now, ReservationChangeReasons.Expired), runOutHistory[1]);
    }

    /// <summary>A hold over a hold whose time ran out records the expiry in the old hold's trail, at the time of the new hold.</summary>
    [Fact]
    public async Task HistoryRecordsTheExpiryAnOverlappingHoldNotices()
    {
        var store = await NewStoreAsync();
        var interviewer = NewInterviewer();
        var first = await HoldAsync(store, interviewer, Slot(15, 0, 30), Duration.FromMinutes(1));
        Clock.Advance(Duration.FromMinutes(5));

        var second = await store.TryHoldAsync(new HoldRequest(interviewer, Slot(15, 15, 30), Unique("owner"), Now + HoldLength));
        var history = await store.GetHistoryAsync(first.Id);

        Assert.True(second.Succeeded);
        Assert.Collection(
            history,
            held => Assert.Equal(ReservationChangeReasons.Held, held.Reason),
            expired => Assert.Equal(new ReservationStatusChange(first.Id, ReservationStatus.Held, ReservationStatus.Expired, Now, ReservationChangeReasons.Expired), expired));
        Assert.Equal([ReservationChangeReasons.Held], (await store.GetHistoryAsync(second.Reservation!.Id)).Select(h => h.Reason));
    }

    /// <summary>The audit trail records the hold and its confirmation, in order, with the agreed reasons.</summary>
    [Fact]
    public async Task HistoryRecordsHoldAndConfirmation()
    {
        var store = await NewStoreAsync();
        var owner = Unique("owner");
        var held = await store.TryHoldAsync(new HoldRequest(NewInterviewer(), Slot(9, 0, 30), owner, Now + HoldLength));
        var heldAt = Now;
        Clock.Advance(Duration.FromMinutes(1));
        await store.TryConfirmAsync(held.Reservation!.Id, owner);
        await store.TryConfirmAsync(held.Reservation.Id, owner); // idempotent: no second entry

        var history = await store.GetHistoryAsync(held.Reservation.Id);

        Assert.Collection(
            history,
            first => Assert.Equal(new ReservationStatusChange(held.Reservation.Id, null, ReservationStatus.Held, heldAt, ReservationChangeReasons.Held), first),
            second => Assert.Equal(new ReservationStatusChange(held.Reservation.Id, ReservationStatus.Held, ReservationStatus.Confirmed, Now, ReservationChangeReasons.Confirmed), second));
    }

    /// <summary>A release is recorded once; an unknown reservation has no trail.</summary>
    [Fact]
    public async Task HistoryRecordsReleaseOnce()
    {
        var store = await NewStoreAsync();
        var owner = Unique("owner");
        var held = await store.TryHoldAsync(new HoldRequest(NewInterviewer(), Slot(10, 0, 30), owner, Now + HoldLength));
        await store.TryReleaseAsync(held.Reservation!.Id, owner);
        await store.TryReleaseAsync(held.Reservation.Id, owner);
        await store.TryConfirmAsync(held.Reservation.Id, Unique("not-the-owner"));

        var history = await store.GetHistoryAsync(held.Reservation.Id);

        Assert.Equal([ReservationStatus.Held, ReservationStatus.Released], history.Select(h => h.To));
        Assert.Equal(ReservationChangeReasons.Released, history[1].Reason);
        Assert.Empty(await store.GetHistoryAsync(ReservationId.New()));
    }

    /// <summary>A hold whose time ran out is recorded as expired when the store notices (here: a confirm after the end).</summary>
    [Fact]
    public async Task HistoryRecordsExpiry()
    {
        var store = await NewStoreAsync();
        var owner = Unique("owner");
        var held = await store.TryHoldAsync(new HoldRequest(NewInterviewer(), Slot(11, 0, 30), owner, Now + HoldLength));
        Clock.Advance(HoldLength + Duration.FromMinutes(1));

        await store.TryConfirmAsync(held.Reservation!.Id, owner);
        var history = await store.GetHistoryAsync(held.Reservation.Id);

        var last = history[^1];
        Assert.Equal(2, history.Count);
        Assert.Equal(ReservationStatus.Held, last.From);
        Assert.Equal(ReservationStatus.Expired, last.To);
        Assert.Equal(ReservationChangeReasons.Expired, last.Reason);
        Assert.Equal(Now, last.At);
    }

    /// <summary>Creates the store under test with this test's clock and disposes it after the test.</summary>
    protected async Task<IReservationStore> NewStoreAsync() => Track(await CreateStoreAsync(Clock));

    /// <summary>A slot on the day after the test starts (Tuesday 2025-06-10), from <paramref name="hour"/>:<paramref name="minute"/> UTC, lasting <paramref name="minutes"/>.</summary>
    /// <param name="hour">Start hour.</param>
    /// <param name="minute">Start minute (may exceed 59: it is added).</param>
    /// <param name="minutes">Length in minutes.</param>
    protected static Interval Slot(int hour, int minute, int minutes)
    {
        var start = Instant.FromUtc(2025, 6, 10, 0, 0) + Duration.FromHours(hour) + Duration.FromMinutes(minute);
        return new Interval(start, start + Duration.FromMinutes(minutes));
    }

    /// <summary>A new interviewer id no other test uses.</summary>
    protected static InterviewerId NewInterviewer() => new(Unique("iv"));

    private async Task<Reservation> HoldAsync(IReservationStore store, InterviewerId interviewer, Interval slot, Duration? holdFor = null)
    {
        var result = await store.TryHoldAsync(new HoldRequest(interviewer, slot, Unique("owner"), Now + (holdFor ?? HoldLength)));
        Assert.True(result.Succeeded, $"Setting up: the hold of {slot} should succeed.");
        return result.Reservation!;
    }
}
