using Xunit;

namespace InterviewBooking.Testing;

/// <summary>
/// The rules a hold carries, as every <see cref="IReservationStore"/> must enforce them with the overlap check: the interviewer's buffers
/// and daily cap (<see cref="HoldRules"/>), the candidate's cap on active holds, and a limited coupon's uses, shared with the adapter's
/// <see cref="ICouponRedemptionStore"/>. Sequential cases say which rule refused; concurrent ones race many callers and read the final
/// state. An adapter subclasses this and implements <see cref="CreateStoresAsync"/>; every test uses fresh ids.
/// </summary>
public abstract class HoldRulesContractTests : StoreContractTestBase
{
    private static readonly Duration HoldLength = Duration.FromMinutes(15);
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];

    /// <summary>
    /// Creates the reservation store under test and the coupon store its holds reserve uses in (the one payments redeem in), both reading
    /// time from <paramref name="clock"/>.
    /// </summary>
    /// <param name="clock">The stores' clock.</param>
    protected abstract Task<(IReservationStore Reservations, ICouponRedemptionStore Coupons)> CreateStoresAsync(IClock clock);

    /// <summary>A hold inside the buffers of an active reservation is refused as <see cref="HoldRefusal.Buffer"/>, one on the slot as <see cref="HoldRefusal.SlotTaken"/>, each naming it.</summary>
    [Fact]
    public async Task HoldInsideTheBuffersIsRefusedNamingTheRuleAndTheReservation()
    {
        var (store, _) = await NewStoresAsync();
        var interviewer = NewInterviewer();
        var rules = Buffers(15, 15);
        var first = await HoldAsync(store, interviewer, Slot(9, 0, 30), rules);

        foreach (var (slot, refusal) in new[]
        {
            (Slot(9, 30, 30), HoldRefusal.Buffer),   // touches the slot, inside its buffer after
            (Slot(8, 0, 60), HoldRefusal.Buffer),    // ends when it starts, inside its buffer before
            (Slot(9, 50, 30), HoldRefusal.Buffer),   // 20 minutes after: less than its buffer after plus this one's before
            (Slot(9, 15, 30), HoldRefusal.SlotTaken),
        })
        {
            var result = await store.TryHoldAsync(Request(interviewer, slot, rules));
            Assert.False(result.Succeeded, $"A hold of {slot} must be refused: {first.Slot} is held with 15-minute buffers.");
            Assert.Equal(refusal, result.Refusal);
            Assert.Equal(first.Id, result.ConflictingReservationId);
        }

        // Spans that only touch are allowed: 10:00 with 15 minutes before meets 09:45, 08:15-08:45 without buffers meets 08:45.
        Assert.True((await store.TryHoldAsync(Request(interviewer, Slot(10, 0, 30), Buffers(15, 0)))).Succeeded);
        Assert.True((await store.TryHoldAsync(Request(interviewer, Slot(8, 15, 30), HoldRules.None))).Succeeded);
        var held = await store.GetActiveAsync([interviewer], Slot(0, 0, 24 * 60));
        Assert.Equal(3, held.Count);
        Assert.Equal(Duration.FromMinutes(15), held.Single(r => r.Id == first.Id).BufferBefore);
        Assert.Equal(Duration.FromMinutes(15), held.Single(r => r.Id == first.Id).BufferAfter);
        AssertNoneCrowd(held);
    }

    /// <summary>Slots that only touch stay allowed when both buffers are zero, whatever the daily cap.</summary>
    [Fact]
    public async Task TouchingSlotsWithZeroBuffersAreAllowed()
    {
        var (store, _) = await NewStoresAsync();
        var interviewer = NewInterviewer();
        var rules = new HoldRules { MaxPerDay = 3 };

        await HoldAsync(store, interviewer, Slot(9, 0, 30), rules);
        await HoldAsync(store, interviewer, Slot(9, 30, 30), rules);
        await HoldAsync(store, interviewer, Slot(8, 30, 30), rules);

        Assert.Equal(3, (await store.GetActiveAsync([interviewer], Slot(0, 0, 24 * 60))).Count);
    }

    /// <summary>
    /// Each reservation keeps the buffers it was held with: buffers changed later apply to holds made after the change, and a reservation
    /// made before never becomes a violation.
    /// </summary>
    [Fact]
    public async Task ChangedBuffersApplyToHoldsMadeAfterTheChange()
    {
        var (store, _) = await NewStoresAsync();
        var interviewer = NewInterviewer();
        var a = await HoldAsync(store, interviewer, Slot(9, 0, 30), HoldRules.None);
        var b = await HoldAsync(store, interviewer, Slot(9, 30, 30), HoldRules.None);

        var wider = Buffers(15, 15);
        var tooClose = await store.TryHoldAsync(Request(interviewer, Slot(10, 0, 30), wider));
        var apart = await store.TryHoldAsync(Request(interviewer, Slot(10, 15, 30), wider));

        Assert.Equal(HoldRefusal.Buffer, tooClose.Refusal);
        Assert.Equal(b.Id, tooClose.ConflictingReservationId);
        Assert.True(apart.Succeeded);
        var active = await store.GetActiveAsync([interviewer], Slot(0, 0, 24 * 60));
        Assert.Equal([a.Id, b.Id, apart.Reservation!.Id], active.Select(r => r.Id));
        AssertNoneCrowd(active);
    }

    /// <summary>A hold whose buffers meet only a hold that ran out, a released one or another interviewer's is made.</summary>
    [Fact]
    public async Task OnlyActiveReservationsOfTheInterviewerCountForBuffers()
    {
        var (store, _) = await NewStoresAsync();
        var interviewer = NewInterviewer();
        var rules = Buffers(30, 30);
        var ranOut = await HoldAsync(store, interviewer, Slot(9, 0, 30), rules, HoldLength);
        var released = await HoldAsync(store, interviewer, Slot(11, 0, 30), rules);
        await store.TryReleaseAsync(released.Id, released.Owner);
        await HoldAsync(store, NewInterviewer(), Slot(13, 0, 30), rules);
        Clock.Advance(HoldLength);

        Assert.True((await store.TryHoldAsync(Request(interviewer, Slot(9, 40, 30), rules))).Succeeded);
        Assert.True((await store.TryHoldAsync(Request(interviewer, Slot(11, 10, 30), rules))).Succeeded);
        Assert.True((await store.TryHoldAsync(Request(interviewer, Slot(13, 0, 30), rules))).Succeeded);
        Assert.Equal(ReservationStatus.Expired, (await store.GetAsync(ranOut.Id))!.Status);
    }

    /// <summary>
    /// The daily cap counts held and confirmed reservations starting on the interviewer's local day; a further one that day is refused
    /// as <see cref="HoldRefusal.DailyCap"/>, another day is free, and a hold that ran out or was released stops counting.
    /// </summary>
    [Fact]
    public async Task DailyCapCountsActiveReservationsOnTheLocalDay()
    {
        var (store, _) = await NewStoresAsync();
        var interviewer = NewInterviewer();
        var rules = new HoldRules { MaxPerDay = 2, TimeZone = NewYork };

        // 2025-06-10 in New York (UTC-4): 13:00Z and 15:00Z are 09:00 and 11:00 local; 03:00Z on the 11th is 23:00 on the 10th.
        var first = await HoldAsync(store, interviewer, Slot(13, 0, 30), rules, HoldLength);
        var second = await HoldAsync(store, interviewer, Slot(15, 0, 30), rules);
        Assert.True((await store.TryConfirmAsync(second.Id, second.Owner)).Succeeded);

        var third = await store.TryHoldAsync(Request(interviewer, Slot(27, 0, 30), rules));
        Assert.False(third.Succeeded);
        Assert.Equal(HoldRefusal.DailyCap, third.Refusal);
        Assert.Null(third.ConflictingReservationId);

        // 04:30Z on the 11th is 00:30 on the 11th: another local day, though the same UTC date as the refused one.
        Assert.True((await store.TryHoldAsync(Request(interviewer, Slot(28, 30, 30), rules))).Succeeded);

        // The first hold runs out: its place on the day is free again.
        Clock.Advance(HoldLength);
        Assert.True((await store.TryHoldAsync(Request(interviewer, Slot(27, 0, 30), rules))).Succeeded);
        Assert.False((await store.GetAsync(first.Id))!.IsActiveAt(Now));
        var localDay = Slot(4, 0, 24 * 60);
        Assert.Equal(2, (await store.GetActiveAsync([interviewer], localDay)).Count(r => r.Slot.Start >= localDay.Start && r.Slot.Start < localDay.End));
    }

    /// <summary>A slot across local midnight counts on the local day it starts, not on the next one.</summary>
    [Fact]
    public async Task SlotAcrossLocalMidnightCountsOnTheDayItStarts()
    {
        var (store, _) = await NewStoresAsync();
        var interviewer = NewInterviewer();
        var rules = new HoldRules { MaxPerDay = 1, TimeZone = NewYork };

        // 03:30Z-04:30Z on the 11th is 23:30-00:30 in New York, starting on the 10th.
        await HoldAsync(store, interviewer, Slot(27, 30, 60), rules);

        var sameDay = await store.TryHoldAsync(Request(interviewer, Slot(14, 0, 30), rules));
        var nextDay = await store.TryHoldAsync(Request(interviewer, Slot(38, 0, 30), rules));

        Assert.Equal(HoldRefusal.DailyCap, sameDay.Refusal);
        Assert.True(nextDay.Succeeded);
    }

    /// <summary>A candidate at the cap of active holds is refused as <see cref="HoldRefusal.CandidateHoldCap"/>; a confirmed or released hold stops counting; other candidates are free.</summary>
    [Fact]
    public async Task CandidateCapCountsActiveHoldsOnly()
    {
        var (store, _) = await NewStoresAsync();
        var candidate = new CandidateId(Unique("candidate"));
        var first = await store.TryHoldAsync(ForCandidate(candidate, 2));
        var second = await store.TryHoldAsync(ForCandidate(candidate, 2));

        var third = await store.TryHoldAsync(ForCandidate(candidate, 2));
        var someoneElse = await store.TryHoldAsync(ForCandidate(new CandidateId(Unique("candidate")), 2));

        Assert.True(first.Succeeded && second.Succeeded && someoneElse.Succeeded);
        Assert.Equal(candidate, first.Reservation!.Candidate);
        Assert.Equal(HoldRefusal.CandidateHoldCap, third.Refusal);
        Assert.True((await store.TryConfirmAsync(first.Reservation.Id, first.Reservation.Owner)).Succeeded);
        Assert.True((await store.TryHoldAsync(ForCandidate(candidate, 2))).Succeeded);
        Assert.Equal(HoldRefusal.CandidateHoldCap, (await store.TryHoldAsync(ForCandidate(candidate, 2))).Refusal);
        await store.TryReleaseAsync(second.Reservation!.Id, second.Reservation.Owner);
        Assert.True((await store.TryHoldAsync(ForCandidate(candidate, 2))).Succeeded);
    }

    /// <summary>
    /// A hold with a limited coupon reserves a use: at the limit a further hold is refused as <see cref="HoldRefusal.CouponExhausted"/>
    /// and nothing is held; a use stops counting when its hold runs out by the clock; payment keeps a live use.
    /// </summary>
    [Fact]
    public async Task CouponUsesAreReservedByHoldsAndKeptByPayment()
    {
        var (store, coupons) = await NewStoresAsync();
        var coupon = new CouponUse(Unique("CODE"), 2);
        var interviewer = NewInterviewer();
        var paying = await store.TryHoldAsync(Request(interviewer, Slot(9, 0, 30), HoldRules.None) with { Coupon = coupon, HeldUntil = Now + HoldLength });
        var lapsing = await store.TryHoldAsync(Request(interviewer, Slot(10, 0, 30), HoldRules.None) with { Coupon = coupon, HeldUntil = Now + HoldLength });

        var refused = await store.TryHoldAsync(Request(interviewer, Slot(11, 0, 30), HoldRules.None) with { Coupon = coupon });

        Assert.True(paying.Succeeded && lapsing.Succeeded);
        Assert.Equal(HoldRefusal.CouponExhausted, refused.Refusal);
        Assert.Equal(2, (await store.GetActiveAsync([interviewer], Slot(0, 0, 24 * 60))).Count);
        Assert.Equal(CouponRedemptionOutcome.Redeemed, await coupons.TryRedeemAsync(coupon.Code, new PaymentSessionId(paying.Reservation!.Owner), coupon.UsageLimit));

        Clock.Advance(HoldLength);

        // The paid use stays; the lapsed one is free again, once.
        Assert.True((await store.TryHoldAsync(Request(interviewer, Slot(11, 0, 30), HoldRules.None) with { Coupon = coupon })).Succeeded);
        Assert.Equal(HoldRefusal.CouponExhausted, (await store.TryHoldAsync(Request(interviewer, Slot(12, 0, 30), HoldRules.None) with { Coupon = coupon })).Refusal);
        Assert.Equal(CouponRedemptionOutcome.LimitReached, await coupons.TryRedeemAsync(coupon.Code, new PaymentSessionId(lapsing.Reservation!.Owner), coupon.UsageLimit));
        Assert.Equal(1, await coupons.GetRedemptionCountAsync(coupon.Code));
    }

    /// <summary>50 callers at once over adjacent slots of one interviewer with buffers never leave two active reservations inside each other's buffers.</summary>
    [Fact]
    public async Task ConcurrentHoldsOverAdjacentSlotsNeverEndInsideTheBuffers()
    {
        var (store, _) = await NewStoresAsync();
        var interviewer = NewInterviewer();
        var rules = Buffers(10, 5);

        var results = await Concurrently.RunAsync(50, i => store.TryHoldAsync(Request(interviewer, Slot(8, 15 * i, 30), rules)));

        var active = await store.GetActiveAsync([interviewer], new Interval(null, null));
        Assert.NotEmpty(active);
        Assert.Equal(results.Count(r => r.Succeeded), active.Count);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.True(r.Refusal is HoldRefusal.Buffer or HoldRefusal.SlotTaken, $"refused as {r.Refusal}"));
        AssertNoneCrowd(active);
    }

    /// <summary>Callers at once over well-spaced slots of one local day never leave more than the daily cap active.</summary>
    [Fact]
    public async Task ConcurrentHoldsNeverExceedTheDailyCap()
    {
        var (store, _) = await NewStoresAsync();
        var interviewer = NewInterviewer();
        var rules = new HoldRules { BufferBefore = Duration.FromMinutes(5), BufferAfter = Duration.FromMinutes(5), MaxPerDay = 3, TimeZone = NewYork };

        // 12:00Z to 23:20Z on the 10th: 08:00 to 19:20 in New York, 40 minutes apart.
        var results = await Concurrently.RunAsync(18, i => store.TryHoldAsync(Request(interviewer, Slot(12, 40 * i, 30), rules)));

        Assert.Equal(3, results.Count(r => r.Succeeded));
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(HoldRefusal.DailyCap, r.Refusal));
        Assert.Equal(3, (await store.GetActiveAsync([interviewer], new Interval(null, null))).Count);
    }

    /// <summary>One candidate's holds at once, each with another interviewer, never exceed the candidate's cap.</summary>
    [Fact]
    public async Task ConcurrentHoldsOfOneCandidateNeverExceedTheCap()
    {
        var (store, _) = await NewStoresAsync();
        var candidate = new CandidateId(Unique("candidate"));

        var results = await Concurrently.RunAsync(20, _ => store.TryHoldAsync(ForCandidate(candidate, 3)));

        Assert.Equal(3, results.Count(r => r.Succeeded));
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(HoldRefusal.CandidateHoldCap, r.Refusal));
    }

    /// <summary>Holds with one coupon at once never reserve more uses than its limit.</summary>
    [Fact]
    public async Task ConcurrentHoldsNeverReserveMoreCouponUsesThanTheLimit()
    {
        var (store, _) = await NewStoresAsync();
        var coupon = new CouponUse(Unique("RACE"), 3);

        var results = await Concurrently.RunAsync(20, _ => store.TryHoldAsync(Request(NewInterviewer(), Slot(9, 0, 30), HoldRules.None) with { Coupon = coupon }));

        Assert.Equal(3, results.Count(r => r.Succeeded));
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(HoldRefusal.CouponExhausted, r.Refusal));
    }

    /// <summary>Rules out of range are refused before anything is written, naming the field.</summary>
    [Fact]
    public async Task RulesOutOfRangeAreRefused()
    {
        var (store, _) = await NewStoresAsync();
        var interviewer = NewInterviewer();

        var negative = await Assert.ThrowsAsync<ArgumentException>(() => store.TryHoldAsync(Request(interviewer, Slot(9, 0, 30), new HoldRules { BufferBefore = Duration.FromMinutes(-1) })));
        var tooLong = await Assert.ThrowsAsync<ArgumentException>(() => store.TryHoldAsync(Request(interviewer, Slot(9, 0, 30), new HoldRules { BufferAfter = Duration.FromDays(2) })));
        var cap = await Assert.ThrowsAsync<ArgumentException>(() => store.TryHoldAsync(Request(interviewer, Slot(9, 0, 30), HoldRules.None) with { MaxActiveCandidateHolds = 2 }));
        var coupon = await Assert.ThrowsAsync<ArgumentException>(() => store.TryHoldAsync(Request(interviewer, Slot(9, 0, 30), HoldRules.None) with { Coupon = new CouponUse("X", 0) }));

        Assert.Contains("BufferBefore", negative.Message, StringComparison.Ordinal);
        Assert.Contains("BufferAfter", tooLong.Message, StringComparison.Ordinal);
        Assert.Contains("MaxActiveCandidateHolds", cap.Message, StringComparison.Ordinal);
        Assert.Contains("UsageLimit", coupon.Message, StringComparison.Ordinal);
        Assert.Empty(await store.GetActiveAsync([interviewer], new Interval(null, null)));
    }

    /// <summary>Creates the stores under test with this test's clock and disposes them after the test.</summary>
    protected async Task<(IReservationStore Reservations, ICouponRedemptionStore Coupons)> NewStoresAsync()
    {
        var (reservations, coupons) = await CreateStoresAsync(Clock);
        Track(reservations);
        if (!ReferenceEquals(reservations, coupons))
        {
            Track(coupons);
        }

        return (reservations, coupons);
    }

    /// <summary>Asserts that no two of the reservations (one interviewer's or many) have overlapping occupied spans.</summary>
    /// <param name="active">Active reservations.</param>
    protected static void AssertNoneCrowd(IEnumerable<Reservation> active)
    {
        ArgumentNullException.ThrowIfNull(active);
        foreach (var book in active.GroupBy(r => r.InterviewerId))
        {
            var sorted = book.OrderBy(r => r.Slot.Start).ToArray();
            for (var i = 0; i < sorted.Length; i++)
            {
                for (var j = i + 1; j < sorted.Length; j++)
                {
                    Assert.False(Reservation.Crowds(sorted[i], sorted[j]), $"{sorted[i].Slot} and {sorted[j].Slot} of {book.Key} are inside each other's buffers");
                }
            }
        }
    }

    private static HoldRules Buffers(int before, int after) =>
        new() { BufferBefore = Duration.FromMinutes(before), BufferAfter = Duration.FromMinutes(after) };

    private HoldRequest Request(InterviewerId interviewer, Interval slot, HoldRules rules) =>
        new(interviewer, slot, Unique("owner"), Now + Duration.FromMinutes(30)) { Rules = rules };

    private HoldRequest ForCandidate(CandidateId candidate, int cap) =>
        Request(NewInterviewer(), Slot(9, 0, 30), HoldRules.None) with { Candidate = candidate, MaxActiveCandidateHolds = cap };

    private async Task<Reservation> HoldAsync(IReservationStore store, InterviewerId interviewer, Interval slot, HoldRules rules, Duration? holdFor = null)
    {
        var result = await store.TryHoldAsync(Request(interviewer, slot, rules) with { HeldUntil = Now + (holdFor ?? Duration.FromMinutes(30)) });
        Assert.True(result.Succeeded, $"Setting up: the hold of {slot} should succeed ({result.Refusal}).");
        return result.Reservation!;
    }

    private static Interval Slot(int hour, int minute, int minutes)
    {
        var start = Instant.FromUtc(2025, 6, 10, 0, 0) + Duration.FromHours(hour) + Duration.FromMinutes(minute);
        return new Interval(start, start + Duration.FromMinutes(minutes));
    }

    private static InterviewerId NewInterviewer() => new(Unique("iv"));
}
