using Npgsql;

namespace InterviewBooking.PostgreSql;

/// <summary>
/// The two statements of a hold, shared by <see cref="PostgreSqlReservationStore"/> and the benchmarks' raw baseline (through
/// <c>InternalsVisibleTo</c>), so both measure exactly the same SQL. Each writes its audit trail entries in the same statement as its change.
/// </summary>
internal static class HoldStatements
{
    /// <summary>
    /// Marks the interviewer's held rows over the slot whose time ran out (<c>held_until &lt;= now</c>) as expired, and records each expiry in
    /// <c>reservation_history</c>; the statement's count is the number of holds it expired. $1 interviewer, $2 slot start, $3 slot end, $4 now.
    /// </summary>
    /// <param name="schema">The quoted schema.</param>
    public static string ExpireOverlapping(string schema) => $"""
        WITH expired AS (
            UPDATE {schema}.reservations SET status = 'expired', updated_at = $4
            WHERE interviewer_id = $1 AND slot && tstzrange($2, $3, '[)') AND status = 'held' AND held_until <= $4
            RETURNING id)
        INSERT INTO {schema}.reservation_history (reservation_id, from_status, to_status, at, reason)
        SELECT id, 'held', 'expired', $4, '{ReservationChangeReasons.Expired}' FROM expired
        """;

    /// <summary>
    /// Inserts the hold unless the exclusion constraint finds an active overlap, with its "held" audit entry; returns the row held, or none.
    /// $1 id, $2 interviewer, $3 slot start, $4 slot end, $5 owner, $6 held until, $7 now.
    /// </summary>
    /// <param name="schema">The quoted schema.</param>
    public static string Insert(string schema) => $"""
        WITH held AS (
            INSERT INTO {schema}.reservations (id, interviewer_id, slot, owner, status, held_until, created_at, updated_at)
            VALUES ($1, $2, tstzrange($3, $4, '[)'), $5, 'held', $6, $7, $7)
            ON CONFLICT DO NOTHING
            RETURNING id, interviewer_id, lower(slot) AS slot_start, upper(slot) AS slot_end, owner, status, held_until, created_at),
        logged AS (
            INSERT INTO {schema}.reservation_history (reservation_id, from_status, to_status, at, reason)
            SELECT id, NULL, status, created_at, '{ReservationChangeReasons.Held}' FROM held)
        SELECT id, interviewer_id, slot_start, slot_end, owner, status, held_until, created_at FROM held
        """;

    public static NpgsqlBatchCommand ExpireOverlappingCommand(string sql, HoldRequest request, Instant now) => Sql.Command(
        sql,
        Sql.Text(request.InterviewerId.Value),
        Sql.Timestamp(request.Slot.Start),
        Sql.Timestamp(request.Slot.End),
        Sql.Timestamp(now));

    public static NpgsqlBatchCommand InsertCommand(string sql, ReservationId id, HoldRequest request, Instant now) => Sql.Command(
        sql,
        Sql.Text(id.Value),
        Sql.Text(request.InterviewerId.Value),
        Sql.Timestamp(request.Slot.Start),
        Sql.Timestamp(request.Slot.End),
        Sql.Text(request.Owner),
        Sql.Timestamp(request.HeldUntil),
        Sql.Timestamp(now));
}
