using System.Collections.Concurrent;

namespace InterviewBooking.InMemory;

/// <summary>
/// A thread-safe <see cref="ICouponRedemptionStore"/> for one process: per coupon (codes compared case-insensitively, surrounding white space
/// ignored) a lock guards its uses, so a session counts once and the usage limit is never exceeded, however many sessions race.
/// </summary>
/// <remarks>
/// A use is paid (redeemed) or reserved by a hold until the hold's end (<see cref="HoldRequest.Coupon"/>, through the
/// <see cref="InMemoryReservationStore"/> created with this store). Both count against the limit; a reserved use stops counting when the
/// clock passes its end, so nothing needs to notice an unpaid hold ending. Redeeming a session's live reserved use keeps it.
/// </remarks>
public sealed class InMemoryCouponRedemptionStore : ICouponRedemptionStore
{
    private readonly ConcurrentDictionary<string, Uses> _coupons = new(StringComparer.OrdinalIgnoreCase);
    private readonly IClock _clock;

    /// <summary>Creates an empty store.</summary>
    /// <param name="clock">Decides whether a reserved use still counts.</param>
    public InMemoryCouponRedemptionStore(IClock clock) => _clock = clock ?? throw new ArgumentNullException(nameof(clock));

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="couponCode"/> is blank.</exception>
    public Task<int> GetRedemptionCountAsync(string couponCode, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(couponCode);
        cancellationToken.ThrowIfCancellationRequested();
        if (!_coupons.TryGetValue(couponCode.Trim(), out var uses))
        {
            return Task.FromResult(0);
        }

        lock (uses.Gate)
        {
            return Task.FromResult(uses.BySession.Values.Count(static until => until is null));
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
        var uses = _coupons.GetOrAdd(couponCode.Trim(), static _ => new Uses());
        lock (uses.Gate)
        {
            var now = _clock.GetCurrentInstant();
            var had = uses.BySession.TryGetValue(sessionId.Value, out var until);
            if (had && until is null)
            {
                return Task.FromResult(CouponRedemptionOutcome.AlreadyRedeemed);
            }

            // A live reserved use of this session is kept; otherwise the session needs a free use now.
            var live = had && until > now;
            if (!live && usageLimit is { } max && uses.CountLive(now) >= max)
            {
                return Task.FromResult(CouponRedemptionOutcome.LimitReached);
            }

            uses.BySession[sessionId.Value] = null;
            return Task.FromResult(CouponRedemptionOutcome.Redeemed);
        }
    }

    /// <summary>Reserves a use for a hold's owner until <paramref name="until"/> unless the limit is reached; a repeat for the owner extends it.</summary>
    internal bool TryReserve(CouponUse coupon, string owner, Instant until, Instant now)
    {
        var uses = _coupons.GetOrAdd(coupon.Code.Trim(), static _ => new Uses());
        lock (uses.Gate)
        {
            if (uses.BySession.TryGetValue(owner, out var current))
            {
                if (current is null || current > now)
                {
                    if (current is not null && current < until)
                    {
                        uses.BySession[owner] = until;
                    }

                    return true;
                }
            }

            if (uses.CountLive(now) >= coupon.UsageLimit)
            {
                return false;
            }

            uses.BySession[owner] = until;
            return true;
        }
    }

    /// <summary>One coupon's uses by session: <see langword="null"/> when paid, else the end of the reserving hold. Guarded by <see cref="Gate"/>.</summary>
    private sealed class Uses
    {
        public Lock Gate { get; } = new();

        public Dictionary<string, Instant?> BySession { get; } = new(StringComparer.Ordinal);

        public int CountLive(Instant now) => BySession.Values.Count(until => until is null || until > now);
    }
}
