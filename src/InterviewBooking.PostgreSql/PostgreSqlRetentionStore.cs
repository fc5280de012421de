using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace InterviewBooking.PostgreSql;

/// <summary>
/// The <see cref="IRetentionStore"/> of the PostgreSQL stores: each batch deletes at most its limit of the oldest rows
/// <see cref="RetentionRules"/> lets go, in a short transaction of its own, judged by the pass's <see cref="RetentionCutoffs"/> only (sent as
/// parameters, never the server's clock). Rows another transaction has locked (a hold expiring, a claim, a dispute being recorded) are
/// skipped, never waited for (<c>FOR UPDATE SKIP LOCKED</c>), and a hold or a claim never waits on a purge for longer than one batch.
/// </summary>
/// <remarks>
/// <para>Reservations, outbox items and inbox entries are one statement each: <c>DELETE ... USING (SELECT ... ORDER BY age LIMIT n FOR UPDATE
/// SKIP LOCKED)</c> returning the ids oldest first, read in order from an index of migration 10, so a batch costs its own rows, however many finished rows the table holds.
/// A reservation's trail goes with it (its foreign key cascades).</para>
/// <para>A payment session is decided across the tables in SQL: its own status and age, its interview ended before the cutoff (a booked session
/// without its interview stays), its payout settled, no open dispute, no pending or leased outbox item, and a free rebooking's chain whole
/// (a rebooked original only with its rebooking). A batch is one transaction: it reads and locks the candidates oldest first (one read per
/// status, from <c>payment_sessions_status_idx</c>, skipping rows another pass holds), then locks their chains (the session rows, skipping locked ones; the session's advisory
/// lock that disputes and payouts take, tried without waiting; its interview's row, which every lifecycle change updates), checks each chain
/// again in a fresh snapshot and deletes what still may go: the session and its trail, its interview and that trail, its payout and that
/// trail, its disputes, folding the interview's no-show, late cancellation, attendance and rating into
/// <c>interviewer_reliability_totals</c>, which <see cref="PostgreSqlInterviewStore.GetReliabilityAsync"/> adds in.</para>
/// </remarks>
public sealed class PostgreSqlRetentionStore : IRetentionStore
{
    // A free rebooking of a free rebooking is possible; chains stay short (as the in-memory store and DisputeService walk them).
    private const int MaxChain = 8;

    // Settled statuses, and whether each was paid (so it also waits for the dispute window).
    private static readonly (string Status, bool Paid)[] SettledStatuses =
    [
        ("expired", false), ("canceled", false), ("failed", false), ("refunded", true), ("booked", true), ("rebooked", true), ("booking_canceled", true),
    ];

    private readonly PostgreSqlExecutor _executor;
    private readonly string _reservations;
    private readonly string _outbox;
    private readonly string _events;
    private readonly string _chooseSessions;
    private readonly string _lockSessions;
    private readonly string _lockGuards;
    private readonly string _lockInterviews;
    private readonly string _deleteSessions;

    /// <summary>Creates the store; the tables must exist at the latest version (<see cref="PostgreSqlBookingSchema.EnsureSchemaAsync"/>).</summary>
    /// <param name="dataSource">The database.</param>
    /// <param name="options">The schema (<see cref="PostgreSqlStoreOptions.Schema"/>); the default when <see langword="null"/>.</param>
    /// <param name="logger">Logs retries.</param>
    /// <exception cref="ArgumentException">The schema name is not usable.</exception>
    public PostgreSqlRetentionStore(NpgsqlDataSource dataSource, PostgreSqlStoreOptions? options = null, ILogger<PostgreSqlRetentionStore>? logger = null)
    {
        _executor = new PostgreSqlExecutor(dataSource, options, (ILogger?)logger ?? NullLogger.Instance);
        var s = _executor.Schema;

        // $1 finished before, $2 now, $3 limit. Served by reservations_slot_end_idx (upper(slot), id).
        _reservations = $"""
            WITH doomed AS (
                SELECT id FROM {s}.reservations
                WHERE upper(slot) < $1 AND (status <> 'held' OR held_until <= $2)
                ORDER BY upper(slot), id LIMIT $3
                FOR UPDATE SKIP LOCKED),
            gone AS (DELETE FROM {s}.reservations r USING doomed WHERE r.id = doomed.id RETURNING r.id, upper(r.slot) AS slot_end)
            SELECT id FROM gone ORDER BY slot_end, id
            """;

        // $1 finished before, $2 limit. Served by outbox_finished_idx; pending and leased items are never read.
        _outbox = $"""
            WITH doomed AS (
                SELECT key FROM {s}.outbox
                WHERE status IN ('completed', 'dead_lettered') AND finished_at < $1
                ORDER BY finished_at, key LIMIT $2
                FOR UPDATE SKIP LOCKED),
            gone AS (DELETE FROM {s}.outbox o USING doomed WHERE o.key = doomed.key RETURNING o.key, o.finished_at)
            SELECT key FROM gone ORDER BY finished_at, key
            """;

        // $1 processed before (at least the provider's retry window ago: RetentionOptions' validator), $2 limit.
        _events = $"""
            WITH doomed AS (
                SELECT event_id FROM {s}.processed_payment_events
                WHERE processed_at < $1
                ORDER BY processed_at, event_id LIMIT $2
                FOR UPDATE SKIP LOCKED),
            gone AS (DELETE FROM {s}.processed_payment_events e USING doomed WHERE e.event_id = doomed.event_id RETURNING e.event_id, e.processed_at)
            SELECT event_id FROM gone ORDER BY processed_at, event_id
            """;

        // $1 finished before, $2 paid before, $3 limit per status. The oldest settled sessions of each status that nothing reaches, locked for
        // the batch's transaction (a concurrent pass skips them and takes the next ones), then from each one that starts a chain (no original,
        // or its original gone) the chain's members, each said eligible or not.
        var statuses = SettledStatuses.Select((status, i) => $"""
            settled_{i} AS (
                SELECT m.id, greatest(m.updated_at, m.created_at) AS last_changed FROM {s}.payment_sessions m
                WHERE m.status = '{status.Status}' AND m.updated_at < {(status.Paid ? "least($1, $2)" : "$1")} AND {Eligible("m", "$1", "$2")}
                ORDER BY m.updated_at LIMIT $3
                FOR UPDATE OF m SKIP LOCKED)
            """);
        _chooseSessions = $"""
            WITH RECURSIVE {string.Join(",\n", statuses)},
            candidates AS ({string.Join(" UNION ALL ", SettledStatuses.Select((_, i) => $"SELECT * FROM settled_{i}"))}),
            roots AS (
                SELECT c.id, c.last_changed FROM candidates c JOIN {s}.payment_sessions r ON r.id = c.id
                WHERE r.rebooked_from IS NULL OR NOT EXISTS (SELECT 1 FROM {s}.payment_sessions o WHERE o.id = r.rebooked_from)),
            chain AS (
                SELECT r.id AS root, r.last_changed, r.id, 1 AS depth, m.status FROM roots r JOIN {s}.payment_sessions m ON m.id = r.id
                UNION ALL
                SELECT c.root, c.last_changed, n.id, c.depth + 1, n.status FROM chain c JOIN {s}.payment_sessions n ON n.rebooked_from = c.id
                WHERE c.status = 'rebooked' AND c.depth < {MaxChain + 1})
            SELECT ch.root, ch.id, ch.status, {Eligible("m", "$1", "$2")}
            FROM chain ch JOIN {s}.payment_sessions m ON m.id = ch.id
            ORDER BY ch.last_changed, ch.root, ch.depth
            """;

        // $1 the chosen ids. Locks that a purge never waits for: the rows (SKIP LOCKED) and the advisory lock of each session, which the
        // payout store takes to record a payout or a dispute (tried). The interviews' rows are waited for: a lifecycle change is one statement.
        _lockSessions = $"SELECT id FROM {s}.payment_sessions WHERE id = ANY($1) ORDER BY id FOR UPDATE SKIP LOCKED";
        _lockGuards = "SELECT id FROM unnest($1::text[]) AS chosen(id) WHERE pg_try_advisory_xact_lock(hashtextextended(id, 0))";
        _lockInterviews = $"SELECT id FROM {s}.interviews WHERE payment_session_id = ANY($1) ORDER BY id FOR UPDATE";

        // $1 ids, $2 their chains' roots, $3 finished before, $4 paid before. In a fresh snapshot after the locks: a chain any member of which
        // changed (no longer eligible, gone, a rebooking not in the chain, an original that came back) stays whole; the rest goes.
        _deleteSessions = $"""
            WITH chosen AS (SELECT * FROM unnest($1::text[], $2::text[]) AS c(id, root)),
            kept AS (
                SELECT DISTINCT c.root FROM chosen c LEFT JOIN {s}.payment_sessions m ON m.id = c.id
                WHERE m.id IS NULL OR NOT {Eligible("m", "$3", "$4")}
                   OR (m.status = 'rebooked' AND NOT EXISTS (
                        SELECT 1 FROM {s}.payment_sessions n JOIN chosen c2 ON c2.id = n.id AND c2.root = c.root WHERE n.rebooked_from = m.id))
                   OR (m.rebooked_from IS NOT NULL AND EXISTS (
                        SELECT 1 FROM {s}.payment_sessions o WHERE o.id = m.rebooked_from
                          AND NOT EXISTS (SELECT 1 FROM chosen c3 WHERE c3.id = o.id AND c3.root = c.root)))),
            doomed AS (SELECT c.id FROM chosen c WHERE NOT EXISTS (SELECT 1 FROM kept k WHERE k.root = c.root)),
            interviews AS (
                DELETE FROM {s}.interviews i USING doomed d WHERE i.payment_session_id = d.id
                RETURNING i.interviewer_id, i.status, i.canceled_by, i.late_cancellation, i.rating_stars),
            totals AS (
                INSERT INTO {s}.interviewer_reliability_totals AS t (interviewer_id, no_shows, late_cancellations, attended, ratings, stars)
                SELECT interviewer_id,
                       count(*) FILTER (WHERE status = 'interviewer_no_show'),
                       count(*) FILTER (WHERE status = 'canceled' AND canceled_by = 'interviewer' AND late_cancellation),
                       count(*) FILTER (WHERE status IN ('completed', 'candidate_no_show')),
                       count(rating_stars),
                       coalesce(sum(rating_stars), 0)
                FROM interviews GROUP BY interviewer_id
                ON CONFLICT (interviewer_id) DO UPDATE SET
                    no_shows = t.no_shows + excluded.no_shows,
                    late_cancellations = t.late_cancellations + excluded.late_cancellations,
                    attended = t.attended + excluded.attended,
                    ratings = t.ratings + excluded.ratings,
                    stars = t.stars + excluded.stars),
            payouts AS (DELETE FROM {s}.payouts p USING doomed d WHERE p.session_id = d.id RETURNING p.interview_id),
            payout_trail AS (DELETE FROM {s}.payout_history h USING payouts p WHERE h.interview_id = p.interview_id),
            disputes AS (DELETE FROM {s}.payment_disputes x USING doomed d WHERE x.session_id = d.id)
            DELETE FROM {s}.payment_sessions m USING doomed d WHERE m.id = d.id RETURNING m.id
            """;

        // Whether session m may go by its own state and by what reaches it; fin/paid: the parameters of the two cutoffs. Each check of another
        // table is a scalar (SELECT EXISTS ...), which the planner keeps as a subplan probing that table's index per candidate: as NOT EXISTS
        // it became an anti-join, and on a year of rows EXPLAIN showed it hashing the whole of interviews and payouts (3.7 s) for a batch of 50.
        string Eligible(string m, string fin, string paid) => $"""
            (greatest({m}.updated_at, {m}.created_at) < {fin}
             AND ({m}.status IN ('expired', 'canceled', 'failed')
                  OR ({m}.status IN ('refunded', 'booked', 'rebooked') AND greatest({m}.updated_at, {m}.created_at) < {paid})
                  OR ({m}.status = 'booking_canceled' AND greatest({m}.updated_at, {m}.created_at) < {paid} AND coalesce({m}.refund_minor_units, 0) = 0))
             AND NOT (SELECT EXISTS (SELECT 1 FROM {s}.interviews i WHERE i.payment_session_id = {m}.id
                                     AND NOT (i.status <> 'scheduled' AND i.ended_at IS NOT NULL AND i.ended_at < {fin})))
             AND ({m}.status <> 'booked' OR (SELECT EXISTS (SELECT 1 FROM {s}.interviews i WHERE i.payment_session_id = {m}.id)))
             AND NOT (SELECT EXISTS (SELECT 1 FROM {s}.payouts p WHERE p.session_id = {m}.id AND p.status NOT IN ('paid', 'canceled', 'reversed')))
             AND NOT (SELECT EXISTS (SELECT 1 FROM {s}.payment_disputes x WHERE x.session_id = {m}.id AND x.status = 'open'))
             AND NOT (SELECT EXISTS (SELECT 1 FROM {s}.outbox o WHERE o.session_id = {m}.id AND o.status IN ('pending', 'leased'))))
            """;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="cutoffs"/> is <see langword="null"/>.</exception>
    public Task<RetentionBatch> PurgeReservationsAsync(RetentionCutoffs cutoffs, int maxItems, CancellationToken cancellationToken = default)
    {
        Ensure(cutoffs, maxItems);
        return DeleteAsync(
            RetentionKind.Reservations,
            () => Sql.Command(_reservations, Sql.Timestamp(cutoffs.FinishedBefore), Sql.Timestamp(cutoffs.Now), Sql.Int32(maxItems)),
            cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="cutoffs"/> is <see langword="null"/>.</exception>
    public Task<RetentionBatch> PurgeOutboxItemsAsync(RetentionCutoffs cutoffs, int maxItems, CancellationToken cancellationToken = default)
    {
        Ensure(cutoffs, maxItems);
        return DeleteAsync(RetentionKind.OutboxItems, () => Sql.Command(_outbox, Sql.Timestamp(cutoffs.FinishedBefore), Sql.Int32(maxItems)), cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="cutoffs"/> is <see langword="null"/>.</exception>
    public Task<RetentionBatch> PurgePaymentEventsAsync(RetentionCutoffs cutoffs, int maxItems, CancellationToken cancellationToken = default)
    {
        Ensure(cutoffs, maxItems);
        return DeleteAsync(
            RetentionKind.PaymentEvents, () => Sql.Command(_events, Sql.Timestamp(cutoffs.PaymentEventsProcessedBefore), Sql.Int32(maxItems)), cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="cutoffs"/> is <see langword="null"/>.</exception>
    public async Task<RetentionBatch> PurgePaymentSessionsAsync(RetentionCutoffs cutoffs, int maxItems, CancellationToken cancellationToken = default)
    {
        Ensure(cutoffs, maxItems);
        var removed = await _executor.RunAsync(
            "Purge payment sessions",
            async (connection, ct) =>
            {
                var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    var chains = await ChooseChainsAsync(connection, cutoffs, maxItems, ct).ConfigureAwait(false);
                    var gone = chains.Count == 0 ? [] : await RemoveChainsAsync(connection, chains, cutoffs, ct).ConfigureAwait(false);
                    await transaction.CommitAsync(ct).ConfigureAwait(false);
                    return gone;
                }
            },
            cancellationToken).ConfigureAwait(false);
        return new RetentionBatch(RetentionKind.PaymentSessions, removed);
    }

    // Whole chains, oldest first, up to maxItems sessions: a chain that does not fit what is left waits for the next batch, unless it would
    // be alone in this one (then it may pass the limit).
    private async Task<List<List<string>>> ChooseChainsAsync(NpgsqlConnection connection, RetentionCutoffs cutoffs, int maxItems, CancellationToken cancellationToken)
    {
        var rows = new List<ChainMember>();
        // The planner prices the candidates' reads as if most rows failed the checks, which is past JIT's thresholds: on a year of rows
        // EXPLAIN showed 8.7 s of the batch's 9 s compiling its subplans. A batch is small; it runs interpreted.
        var choose = PostgreSqlExecutor.Batch(
            connection,
            Sql.Command("SET LOCAL jit = off"),
            Sql.Command(_chooseSessions, Sql.Timestamp(cutoffs.FinishedBefore), Sql.Timestamp(cutoffs.PaidBefore), Sql.Int32(maxItems)));
        await using (choose.ConfigureAwait(false))
        {
            var reader = await choose.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    rows.Add(new ChainMember(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetBoolean(3)));
                }
            }
        }

        var chains = new List<List<string>>();
        var chosen = 0;
        foreach (var chain in rows.GroupBy(static row => row.Root, StringComparer.Ordinal))
        {
            // A chain that ends in a rebooked session lacks its rebooking (being made, or past the longest chain): it stays.
            var members = chain.ToList();
            if (chosen >= maxItems)
            {
                break;
            }

            if ((chosen == 0 || chosen + members.Count <= maxItems)
                && members.TrueForAll(static member => member.Eligible) && members[^1].Status != "rebooked" && members.Count <= MaxChain)
            {
                chains.Add([.. members.Select(static member => member.Id)]);
                chosen += members.Count;
            }
        }

        return chains;
    }

    // Inside the batch's transaction: locks the chosen chains, then deletes those still eligible in a fresh snapshot.
    private async Task<IReadOnlyList<string>> RemoveChainsAsync(NpgsqlConnection connection, List<List<string>> chains, RetentionCutoffs cutoffs, CancellationToken cancellationToken)
    {
        string[] ids = [.. chains.SelectMany(static chain => chain)];
        var locked = new HashSet<string>(StringComparer.Ordinal);
        var guarded = new HashSet<string>(StringComparer.Ordinal);
        var locks = PostgreSqlExecutor.Batch(
            connection,
            Sql.Command(_lockSessions, Sql.TextArray(ids)),
            Sql.Command(_lockGuards, Sql.TextArray(ids)),
            Sql.Command(_lockInterviews, Sql.TextArray(ids)));
        await using (locks.ConfigureAwait(false))
        {
            var reader = await locks.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                foreach (var set in new[] { locked, guarded })
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        set.Add(reader.GetString(0));
                    }

                    await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }

        // A chain with a member another transaction is changing waits for a later batch.
        var free = chains.Where(chain => chain.TrueForAll(id => locked.Contains(id) && guarded.Contains(id))).ToList();
        if (free.Count == 0)
        {
            return [];
        }

        var removed = new HashSet<string>(StringComparer.Ordinal);
        var delete = PostgreSqlExecutor.Batch(connection, Sql.Command(
            _deleteSessions,
            Sql.TextArray([.. free.SelectMany(static chain => chain)]),
            Sql.TextArray([.. free.SelectMany(static chain => chain.Select(_ => chain[0]))]),
            Sql.Timestamp(cutoffs.FinishedBefore),
            Sql.Timestamp(cutoffs.PaidBefore)));
        await using (delete.ConfigureAwait(false))
        {
            var reader = await delete.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    removed.Add(reader.GetString(0));
                }
            }
        }

        // In the order chosen: oldest chain first, each original before its rebooking.
        return [.. free.SelectMany(static chain => chain).Where(removed.Contains)];
    }

    private async Task<RetentionBatch> DeleteAsync(RetentionKind kind, Func<NpgsqlBatchCommand> delete, CancellationToken cancellationToken)
    {
        var rows = await _executor.QueryAsync("Purge " + kind, () => [delete()], static reader => reader.GetString(0), cancellationToken).ConfigureAwait(false);
        return new RetentionBatch(kind, rows.Rows);
    }

    private static void Ensure(RetentionCutoffs cutoffs, int maxItems)
    {
        ArgumentNullException.ThrowIfNull(cutoffs);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxItems, 1);
    }

    private sealed record ChainMember(string Root, string Id, string Status, bool Eligible);
}
