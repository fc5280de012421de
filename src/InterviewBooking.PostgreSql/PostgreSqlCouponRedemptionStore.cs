using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace InterviewBooking.PostgreSql;

/// <summary>
/// An <see cref="ICouponRedemptionStore"/> on PostgreSQL. A coupon's row in <c>coupons</c> holds its paid count; a redemption, and a hold
/// reserving a use (<see cref="PostgreSqlReservationStore"/>), lock that row (<c>SELECT ... FOR UPDATE</c>) for their transaction, so
/// concurrent payments and holds on any instances count one after another and the limit is never exceeded. <c>coupon_redemptions</c>
/// (coupon, session) makes a session count once: a paid use (<c>held_until</c> null) or one reserved by a hold until <c>held_until</c>.
/// </summary>
/// <remarks>Codes are stored trimmed and upper-cased (invariant culture), so they compare case-insensitively.</remarks>
public sealed class PostgreSqlCouponRedemptionStore : ICouponRedemptionStore
{
    private readonly PostgreSqlExecutor _executor;
    private readonly IClock _clock;
    private readonly string _ensureCoupon;
    private readonly string _lockCount;
    private readonly string _ownUse;
    private readonly string _liveUses;
    private readonly string _redeem;
    private readonly string _increment;
    private readonly string _count;

    /// <summary>Creates the store; the tables must exist (<see cref="PostgreSqlBookingSchema.EnsureSchemaAsync"/>).</summary>
    /// <param name="dataSource">The database.</param>
    /// <param name="clock">Stamps redemptions.</param>
    /// <param name="options">The schema; the default when <see langword="null"/>. Its connection settings are not read here.</param>
    /// <param name="logger">Logs retries.</param>
    /// <exception cref="ArgumentException">The schema name is not usable.</exception>
    public PostgreSqlCouponRedemptionStore(NpgsqlDataSource dataSource, IClock clock, PostgreSqlStoreOptions? options = null, ILogger<PostgreSqlCouponRedemptionStore>? logger = null)
    {
        _executor = new PostgreSqlExecutor(dataSource, options, (ILogger?)logger ?? NullLogger.Instance);
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        var s = _executor.Schema;
        _ensureCoupon = $"INSERT INTO {s}.coupons (code, redemption_count) VALUES ($1, 0) ON CONFLICT (code) DO NOTHING";
        _lockCount = $"SELECT redemption_count FROM {s}.coupons WHERE code = $1 FOR UPDATE";
        _ownUse = $"SELECT held_until FROM {s}.coupon_redemptions WHERE code = $1 AND session_id = $2";
        _liveUses = $"SELECT count(*) FROM {s}.coupon_redemptions WHERE code = $1 AND session_id <> $2 AND (held_until IS NULL OR held_until > $3)";
        _redeem = $"""
            INSERT INTO {s}.coupon_redemptions (code, session_id, redeemed_at, held_until) VALUES ($1, $2, $3, NULL)
            ON CONFLICT (code, session_id) DO UPDATE SET held_until = NULL, redeemed_at = excluded.redeemed_at
            """;
        _increment = $"UPDATE {s}.coupons SET redemption_count = redemption_count + 1 WHERE code = $1";
        _count = $"SELECT redemption_count FROM {s}.coupons WHERE code = $1";
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="couponCode"/> is blank.</exception>
    public Task<int> GetRedemptionCountAsync(string couponCode, CancellationToken cancellationToken = default)
    {
        var code = Normalize(couponCode);
        return _executor.RunAsync(
            "Count coupon redemptions",
            async (connection, ct) =>
            {
                var batch = PostgreSqlExecutor.Batch(connection, Sql.Command(_count, Sql.Text(code)));
                await using (batch.ConfigureAwait(false))
                {
                    return await batch.ExecuteScalarAsync(ct).ConfigureAwait(false) is int count ? count : 0;
                }
            },
            cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="couponCode"/> is blank or <paramref name="sessionId"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="usageLimit"/> is negative.</exception>
    public Task<CouponRedemptionOutcome> TryRedeemAsync(string couponCode, PaymentSessionId sessionId, int? usageLimit, CancellationToken cancellationToken = default)
    {
        var code = Normalize(couponCode);
        if (sessionId.IsEmpty)
        {
            throw new ArgumentException("A payment session id is required.", nameof(sessionId));
        }

        if (usageLimit is { } limit)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(limit, nameof(usageLimit));
        }

        var now = _clock.GetCurrentInstant();
        return _executor.RunAsync("Redeem coupon", (connection, ct) => RedeemAsync(connection, code, sessionId.Value, usageLimit, now, ct), cancellationToken);
    }

    private async Task<CouponRedemptionOutcome> RedeemAsync(
        NpgsqlConnection connection, string code, string sessionId, int? usageLimit, Instant now, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            // One round trip: make sure the coupon has a row, lock it, then (statements of their own, after the lock) read this session's
            // use and count the others' live ones.
            long others;
            bool paid;
            bool live;
            var check = PostgreSqlExecutor.Batch(
                connection,
                Sql.Command(_ensureCoupon, Sql.Text(code)),
                Sql.Command(_lockCount, Sql.Text(code)),
                Sql.Command(_ownUse, Sql.Text(code), Sql.Text(sessionId)),
                Sql.Command(_liveUses, Sql.Text(code), Sql.Text(sessionId), Sql.Timestamp(now)));
            await using (check.ConfigureAwait(false))
            {
                var reader = await check.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                    await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                    var had = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                    var until = had ? Sql.GetNullableInstant(reader, 0) : null;
                    paid = had && until is null;
                    live = until > now;
                    await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                    await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                    others = reader.GetInt64(0);
                }
            }

            // A live use this session's hold reserved is kept; otherwise the session needs a free use now.
            var outcome = paid
                ? CouponRedemptionOutcome.AlreadyRedeemed
                : !live && usageLimit is { } max && others >= max ? CouponRedemptionOutcome.LimitReached : CouponRedemptionOutcome.Redeemed;
            if (outcome == CouponRedemptionOutcome.Redeemed)
            {
                var redeem = PostgreSqlExecutor.Batch(
                    connection,
                    Sql.Command(_redeem, Sql.Text(code), Sql.Text(sessionId), Sql.Timestamp(now)),
                    Sql.Command(_increment, Sql.Text(code)));
                await using (redeem.ConfigureAwait(false))
                {
                    await redeem.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return outcome;
        }
    }

    /// <summary>A code as it is stored: trimmed and upper-cased (invariant culture).</summary>
    internal static string Normalize(string couponCode)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(couponCode);
        return couponCode.Trim().ToUpperInvariant();
    }
}
