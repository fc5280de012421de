namespace InterviewBooking;

/// <summary>
/// Counts coupon use: once per paid session, atomically, never past a usage limit. A use is paid (redeemed here) or reserved by an active
/// hold (<see cref="HoldRequest.Coupon"/>, written by the reservation store of the same adapter); both count against the limit, and a
/// session's live reserved use is kept when it pays.
/// </summary>
public interface ICouponRedemptionStore
{
    /// <summary>How many paid sessions have redeemed the coupon.</summary>
    Task<int> GetRedemptionCountAsync(string couponCode, CancellationToken cancellationToken = default);

    /// <summary>
    /// Redeems the coupon for a session: keeps the use its hold reserved while that is still live, or takes a free one unless the uses
    /// (paid, or reserved by active holds) reached the limit; a repeat for the same session is <see cref="CouponRedemptionOutcome.AlreadyRedeemed"/>.
    /// </summary>
    /// <param name="couponCode">The coupon (compared case-insensitively).</param>
    /// <param name="sessionId">The paid session.</param>
    /// <param name="usageLimit">The most sessions that may redeem it, or <see langword="null"/> for no limit.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<CouponRedemptionOutcome> TryRedeemAsync(string couponCode, PaymentSessionId sessionId, int? usageLimit, CancellationToken cancellationToken = default);
}

/// <summary>The result of <see cref="ICouponRedemptionStore.TryRedeemAsync"/>.</summary>
public enum CouponRedemptionOutcome
{
    /// <summary>Counted now.</summary>
    Redeemed = 0,

    /// <summary>This session had redeemed it before; counted once.</summary>
    AlreadyRedeemed = 1,

    /// <summary>The usage limit is reached; not counted.</summary>
    LimitReached = 2,
}
