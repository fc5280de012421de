using Npgsql;

namespace InterviewBooking.PostgreSql;

/// <summary>
/// The statements of a hold, shared by <see cref="PostgreSqlReservationStore"/> and the benchmarks' raw baseline (through
/// <c>InternalsVisibleTo</c>), so both measure exactly the same SQL. They go in one batch, one implicit transaction: the lock rows the
/// request's rules need, the expiry of holds that ran out, then the insert guarded by every rule. Each writes its audit trail entries in
/// the same statement as its change.
/// </summary>
internal static class HoldStatements
{
    /// <summary>The reservation columns every read maps (<see cref="PostgreSqlReservationStore"/>'s reader), in order.</summary>
    public const string Columns = "id, interviewer_id, lower(slot), upper(slot), owner, status, held_until, created_at, lower(occupied), upper(occupied), candidate_id";

    /// <summary>Makes sure a lock row exists, then locks it for the transaction: $1 (and $2) its key.</summary>
    public static (string Ensure, string Lock) DayLock(string schema) => (
        $"INSERT INTO {schema}.interviewer_days (interviewer_id, local_date) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        $"SELECT 1 FROM {schema}.interviewer_days WHERE interviewer_id = $1 AND local_date = $2 FOR UPDATE");

    /// <summary>The candidate's lock row: $1 the candidate.</summary>
    public static (string Ensure, string Lock) CandidateLock(string schema) => (
        $"INSERT INTO {schema}.candidate_holds (candidate_id) VALUES ($1) ON CONFLICT DO NOTHING",
        $"SELECT 1 FROM {schema}.candidate_holds WHERE candidate_id = $1 FOR UPDATE");

    /// <summary>The coupon's row, also what redemptions lock: $1 the normalised code.</summary>
    public static (string Ensure, string Lock) CouponLock(string schema) => (
        $"INSERT INTO {schema}.coupons (code, redemption_count) VALUES ($1, 0) ON CONFLICT (code) DO NOTHING",
        $"SELECT 1 FROM {schema}.coupons WHERE code = $1 FOR UPDATE");

    /// <summary>
    /// Marks the interviewer's held rows near the span whose time ran out (<c>held_until &lt;= now</c>) as expired, and records each expiry
    /// in <c>reservation_history</c>; the statement's count is the number of holds it expired. A row is near when its slot, or its own
    /// span, overlaps the hold's span: its span when it has one (which holds its slot), else its slot, the expression
    /// <c>reservations_held_span_idx</c> (version 13) indexes over the held rows alone. $1 interviewer, $2 span start, $3 span end, $4 now.
    /// </summary>
    /// <param name="schema">The quoted schema.</param>
    public static string ExpireOverlapping(string schema) => $"""
        WITH expired AS (
            UPDATE {schema}.reservations SET status = 'expired', updated_at = $4
            WHERE interviewer_id = $1 AND coalesce(occupied, slot) && tstzrange($2, $3, '[)')
              AND status = 'held' AND held_until <= $4
            RETURNING id)
        INSERT INTO {schema}.reservation_history (reservation_id, from_status, to_status, at, reason)
        SELECT id, 'held', 'expired', $4, '{ReservationChangeReasons.Expired}' FROM expired
        """;

    /// <summary>
    /// Counts what the rules need (after the lock rows are taken, so the counts hold until commit) and inserts the hold only when every
    /// rule passes and the exclusion constraints find nothing in the way, with its "held" audit entry and its coupon use. Always one row:
    /// the hold's columns (<see cref="Columns"/>; null when nothing was inserted), then the active rows without a span in the way, the day's
    /// count, the candidate's active holds and the coupon's live uses.
    /// $1 id, $2 interviewer, $3/$4 slot, $5/$6 span, $7 candidate, $8 owner, $9 held until, $10 now, $11 daily cap, $12/$13 the local day,
    /// $14 candidate cap, $15 coupon code, $16 coupon limit; a rule whose parameter is null is not applied.
    /// </summary>
    /// <param name="schema">The quoted schema.</param>
    public static string Insert(string schema) => $"""
        WITH checks AS (
            SELECT
                (SELECT id FROM {schema}.reservations
                 WHERE interviewer_id = $2 AND occupied IS NULL AND slot && tstzrange($5, $6, '[)')
                   AND status IN ('held', 'confirmed') AND (status = 'confirmed' OR held_until > $10)
                 LIMIT 1) AS unspanned_id,
                CASE WHEN $11::integer IS NULL THEN 0 ELSE
                    (SELECT count(*) FROM {schema}.reservations
                     WHERE interviewer_id = $2 AND slot && tstzrange($12, $13, '[)') AND lower(slot) >= $12
                       AND status IN ('held', 'confirmed') AND (status = 'confirmed' OR held_until > $10)) END AS day_count,
                CASE WHEN $14::integer IS NULL THEN 0 ELSE
                    (SELECT count(*) FROM {schema}.reservations
                     WHERE candidate_id = $7 AND status = 'held' AND held_until > $10) END AS candidate_holds,
                CASE WHEN $15::text IS NULL THEN 0 ELSE
                    (SELECT count(*) FROM {schema}.coupon_redemptions
                     WHERE code = $15 AND session_id <> $8 AND (held_until IS NULL OR held_until > $10)) END AS coupon_uses),
        held AS (
            INSERT INTO {schema}.reservations (id, interviewer_id, slot, occupied, candidate_id, owner, status, held_until, created_at, updated_at)
            SELECT $1, $2, tstzrange($3, $4, '[)'), tstzrange($5, $6, '[)'), $7, $8, 'held', $9, $10, $10 FROM checks
            WHERE unspanned_id IS NULL AND ($11::integer IS NULL OR day_count < $11) AND ($14::integer IS NULL OR candidate_holds < $14)
              AND ($15::text IS NULL OR coupon_uses < $16)
            ON CONFLICT DO NOTHING
            RETURNING id, interviewer_id, lower(slot) AS slot_start, upper(slot) AS slot_end, owner, status, held_until, created_at,
                      lower(occupied) AS occupied_start, upper(occupied) AS occupied_end, candidate_id),
        logged AS (
            INSERT INTO {schema}.reservation_history (reservation_id, from_status, to_status, at, reason)
            SELECT id, NULL, status, created_at, '{ReservationChangeReasons.Held}' FROM held),
        used AS (
            INSERT INTO {schema}.coupon_redemptions (code, session_id, redeemed_at, held_until)
            SELECT $15, owner, $10, $9 FROM held WHERE $15::text IS NOT NULL
            ON CONFLICT (code, session_id) DO UPDATE SET held_until = excluded.held_until
            WHERE coupon_redemptions.held_until IS NOT NULL AND coupon_redemptions.held_until < excluded.held_until)
        SELECT held.id, held.interviewer_id, held.slot_start, held.slot_end, held.owner, held.status, held.held_until, held.created_at,
               held.occupied_start, held.occupied_end, held.candidate_id,
               checks.unspanned_id, checks.day_count, checks.candidate_holds, checks.coupon_uses
        FROM checks LEFT JOIN held ON true
        """;

    /// <summary>
    /// The statements of a hold, in order: the lock rows its rules need (day, candidate, coupon: always in that order, so holds never
    /// deadlock), the expiry, then the guarded insert (last).
    /// </summary>
    public static NpgsqlBatchCommand[] Commands(Texts texts, ReservationId id, HoldRequest request, string? couponCode, Instant now)
    {
        var rules = request.Rules;
        var slot = request.Slot;
        var span = rules.Occupied(slot);
        var commands = new List<NpgsqlBatchCommand>(8);
        (LocalDate Date, Interval Day)? day = rules.MaxPerDay is null ? null : rules.DayOf(slot);
        if (day is { } d)
        {
            commands.Add(Sql.Command(texts.DayLock.Ensure, Sql.Text(request.InterviewerId.Value), Sql.Date(d.Date)));
            commands.Add(Sql.Command(texts.DayLock.Lock, Sql.Text(request.InterviewerId.Value), Sql.Date(d.Date)));
        }

        var capped = request.MaxActiveCandidateHolds is not null && !request.Candidate.IsEmpty;
        if (capped)
        {
            commands.Add(Sql.Command(texts.CandidateLock.Ensure, Sql.Text(request.Candidate.Value)));
            commands.Add(Sql.Command(texts.CandidateLock.Lock, Sql.Text(request.Candidate.Value)));
        }

        if (couponCode is not null)
        {
            commands.Add(Sql.Command(texts.CouponLock.Ensure, Sql.Text(couponCode)));
            commands.Add(Sql.Command(texts.CouponLock.Lock, Sql.Text(couponCode)));
        }

        commands.Add(Sql.Command(
            texts.Expire, Sql.Text(request.InterviewerId.Value), Sql.Timestamp(span.Start), Sql.Timestamp(span.End), Sql.Timestamp(now)));
        commands.Add(Sql.Command(
            texts.Insert,
            Sql.Text(id.Value),
            Sql.Text(request.InterviewerId.Value),
            Sql.Timestamp(slot.Start),
            Sql.Timestamp(slot.End),
            Sql.Timestamp(span.Start),
            Sql.Timestamp(span.End),
            Sql.NullableText(request.Candidate.IsEmpty ? null : request.Candidate.Value),
            Sql.Text(request.Owner),
            Sql.Timestamp(request.HeldUntil),
            Sql.Timestamp(now),
            Sql.NullableInt32(rules.MaxPerDay),
            Sql.NullableTimestamp(day?.Day.Start),
            Sql.NullableTimestamp(day?.Day.End),
            Sql.NullableInt32(capped ? request.MaxActiveCandidateHolds : null),
            Sql.NullableText(couponCode),
            Sql.NullableInt32(request.Coupon?.UsageLimit)));
        return [.. commands];
    }

    /// <summary>The statement texts of one schema, built once per store.</summary>
    internal sealed class Texts(string schema)
    {
        public (string Ensure, string Lock) DayLock { get; } = HoldStatements.DayLock(schema);

        public (string Ensure, string Lock) CandidateLock { get; } = HoldStatements.CandidateLock(schema);

        public (string Ensure, string Lock) CouponLock { get; } = HoldStatements.CouponLock(schema);

        public string Expire { get; } = ExpireOverlapping(schema);

        public string Insert { get; } = HoldStatements.Insert(schema);
    }
}
