using System.Collections.Concurrent;

namespace InterviewBooking.InMemory;

/// <summary>
/// A thread-safe <see cref="ICouponRedemptionStore"/> for one process: per coupon (codes compared case-insensitively, surrounding white space ignored) a lock guards the set of
/// sessions that redeemed it, so a session counts once and the usage limit is never exceeded, however many sessions race.
/// </summary>
public sealed class InMemoryCouponRedemptionStore : ICouponRedemptionStore
{
    private readonly ConcurrentDictionary<string, Redemptions> _coupons = new(StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="couponCode"/> is blank.</exception>
    public Task<int> GetRedemptionCountAsync(string couponCode, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(couponCode);
        cancellationToken.ThrowIfCancellationRequested();
        if (!_coupons.TryGetValue(couponCode.Trim(), out var redemptions))
        {
            return Task.FromResult(0);
        }

        lock (redemptions.Gate)
        {
            return Task.FromResult(redemptions.Sessions.Count);
        }
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="couponCode"/> is blank or <paramref name="sessionId"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="usageLimit"/> is negative.</exception>
    public Task<CouponRedemptionOutcome> TryRedeemAsync(string couponCode, PaymentSessionId sessionId, int? usageLimit, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(couponCode);
        if (sessionId.IsEmpty)
        {
            throw new ArgumentException("A payment session id is required.", nameof(sessionId));
        }

        if (usageLimit is { } limit)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(limit, nameof(usageLimit));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var redemptions = _coupons.GetOrAdd(couponCode.Trim(), static _ => new Redemptions());
        lock (redemptions.Gate)
        {
            if (redemptions.Sessions.Contains(sessionId))
            {
                return Task.FromResult(CouponRedemptionOutcome.AlreadyRedeemed);
            }

            if (usageLimit is { } max && redemptions.Sessions.Count >= max)
            {
                return Task.FromResult(CouponRedemptionOutcome.LimitReached);
            }

            redemptions.Sessions.Add(sessionId);
            return Task.FromResult(CouponRedemptionOutcome.Redeemed);
        }
    }

    private sealed class Redemptions
    {
        public Lock Gate { get; } = new();

        public HashSet<PaymentSessionId> Sessions { get; } = [];
    }
}
