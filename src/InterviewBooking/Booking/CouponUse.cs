namespace InterviewBooking;

/// <summary>
/// A use of a limited coupon that a hold reserves in its own step: counted while the hold is active by the clock, kept by payment
/// (<see cref="ICouponRedemptionStore.TryRedeemAsync"/>), freed without anyone noticing when an unpaid hold ends.
/// </summary>
/// <param name="Code">The coupon (compared case-insensitively).</param>
/// <param name="UsageLimit">The most uses (paid, or reserved by an active hold) it may have; at least 1.</param>
public sealed record CouponUse(string Code, int UsageLimit);
