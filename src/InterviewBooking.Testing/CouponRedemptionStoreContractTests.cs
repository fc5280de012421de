using Xunit;

namespace InterviewBooking.Testing;

/// <summary>
/// The behaviour every <see cref="ICouponRedemptionStore"/> must have. An adapter's test project subclasses this and implements
/// <see cref="CreateStoreAsync"/>; the tests use fresh coupon codes, so a store shared between tests works too.
/// </summary>
public abstract class CouponRedemptionStoreContractTests : StoreContractTestBase
{
    /// <summary>Creates the store under test with <paramref name="clock"/> (a <see cref="NodaTime.Testing.FakeClock"/>).</summary>
    /// <param name="clock">The store's clock, should it need one.</param>
    protected abstract Task<ICouponRedemptionStore> CreateStoreAsync(IClock clock);

    /// <summary>A coupon nobody redeemed counts zero.</summary>
    [Fact]
    public async Task UnusedCouponCountsZero()
    {
        var store = await NewStoreAsync();

        Assert.Equal(0, await store.GetRedemptionCountAsync(NewCode()));
    }

    /// <summary>A session counts once, however often it redeems; each other session counts once more.</summary>
    [Fact]
    public async Task CountsOncePerSession()
    {
        var store = await NewStoreAsync();
        var code = NewCode();
        var first = PaymentSessionId.New();

        Assert.Equal(CouponRedemptionOutcome.Redeemed, await store.TryRedeemAsync(code, first, 5));
        Assert.Equal(CouponRedemptionOutcome.AlreadyRedeemed, await store.TryRedeemAsync(code, first, 5));
        Assert.Equal(1, await store.GetRedemptionCountAsync(code));
        Assert.Equal(CouponRedemptionOutcome.Redeemed, await store.TryRedeemAsync(code, PaymentSessionId.New(), 5));
        Assert.Equal(2, await store.GetRedemptionCountAsync(code));
    }

    /// <summary>Past the limit a new session is refused and not counted; a session that redeemed before still reads as redeemed.</summary>
    [Fact]
    public async Task LimitIsNeverExceeded()
    {
        var store = await NewStoreAsync();
        var code = NewCode();
        var first = PaymentSessionId.New();
        await store.TryRedeemAsync(code, first, 2);
        await store.TryRedeemAsync(code, PaymentSessionId.New(), 2);

        Assert.Equal(CouponRedemptionOutcome.LimitReached, await store.TryRedeemAsync(code, PaymentSessionId.New(), 2));
        Assert.Equal(CouponRedemptionOutcome.AlreadyRedeemed, await store.TryRedeemAsync(code, first, 2));
        Assert.Equal(2, await store.GetRedemptionCountAsync(code));
    }

    /// <summary>Without a limit every session redeems.</summary>
    [Fact]
    public async Task NoLimitMeansUnlimited()
    {
        var store = await NewStoreAsync();
        var code = NewCode();

        for (var i = 0; i < 25; i++)
        {
            Assert.Equal(CouponRedemptionOutcome.Redeemed, await store.TryRedeemAsync(code, PaymentSessionId.New(), null));
        }

        Assert.Equal(25, await store.GetRedemptionCountAsync(code));
    }

    /// <summary>Codes are compared case-insensitively: one coupon, however it is written.</summary>
    [Fact]
    public async Task CodesAreCaseInsensitive()
    {
        var store = await NewStoreAsync();
        var code = NewCode();
        var session = PaymentSessionId.New();

        await store.TryRedeemAsync(code.ToUpperInvariant(), session, 1);

        Assert.Equal(CouponRedemptionOutcome.AlreadyRedeemed, await store.TryRedeemAsync(code.ToLowerInvariant(), session, 1));
        Assert.Equal(CouponRedemptionOutcome.LimitReached, await store.TryRedeemAsync(code.ToLowerInvariant(), PaymentSessionId.New(), 1));
        Assert.Equal(1, await store.GetRedemptionCountAsync(code.ToLowerInvariant()));
    }

    /// <summary>Different coupons count separately.</summary>
    [Fact]
    public async Task CouponsCountSeparately()
    {
        var store = await NewStoreAsync();
        var session = PaymentSessionId.New();
        var one = NewCode();
        var two = NewCode();

        Assert.Equal(CouponRedemptionOutcome.Redeemed, await store.TryRedeemAsync(one, session, 1));
        Assert.Equal(CouponRedemptionOutcome.Redeemed, await store.TryRedeemAsync(two, session, 1));
        Assert.Equal(1, await store.GetRedemptionCountAsync(one));
        Assert.Equal(1, await store.GetRedemptionCountAsync(two));
    }

    /// <summary>64 sessions racing for a coupon limited to 10: exactly 10 redeem, the rest are refused, the count is 10.</summary>
    [Fact]
    public async Task ConcurrentRedemptionsNeverExceedTheLimit()
    {
        var store = await NewStoreAsync();
        var code = NewCode();

        var outcomes = await Concurrently.RunAsync(64, _ => store.TryRedeemAsync(code, PaymentSessionId.New(), 10));

        Assert.Equal(10, outcomes.Count(o => o == CouponRedemptionOutcome.Redeemed));
        Assert.Equal(54, outcomes.Count(o => o == CouponRedemptionOutcome.LimitReached));
        Assert.Equal(10, await store.GetRedemptionCountAsync(code));
    }

    /// <summary>One session redeeming concurrently 64 times counts once.</summary>
    [Fact]
    public async Task ConcurrentRepeatsOfOneSessionCountOnce()
    {
        var store = await NewStoreAsync();
        var code = NewCode();
        var session = PaymentSessionId.New();

        var outcomes = await Concurrently.RunAsync(64, _ => store.TryRedeemAsync(code, session, 10));

        Assert.Single(outcomes, o => o == CouponRedemptionOutcome.Redeemed);
        Assert.Equal(63, outcomes.Count(o => o == CouponRedemptionOutcome.AlreadyRedeemed));
        Assert.Equal(1, await store.GetRedemptionCountAsync(code));
    }

    /// <summary>Creates the store under test with this test's clock and disposes it after the test.</summary>
    protected async Task<ICouponRedemptionStore> NewStoreAsync() => Track(await CreateStoreAsync(Clock));

    private static string NewCode() => Unique("Save");
}
