using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace InterviewBooking.PostgreSql;

/// <summary>
/// An <see cref="IReservationStore"/> on PostgreSQL, shared by every host instance: the <c>reservations_no_overlap</c> exclusion
/// constraint (interviewer <c>WITH =</c>, slot <c>tstzrange WITH &amp;&amp;</c>, over held and confirmed rows) keeps active reservations of one
/// interviewer apart, whatever the instances do at once; <c>reservations_no_crowding</c> does the same for their occupied spans (the slot
/// widened by the buffers each was held with, column <c>occupied</c>), so the database decides the buffers too.
/// </summary>
/// <remarks>
/// <para>The rules that count (the daily cap, the candidate's active holds, a coupon's uses) cannot be a constraint: a hold locks a row of
/// <c>interviewer_days</c> (interviewer, local date), <c>candidate_holds</c> or <c>coupons</c> for its transaction, then counts and
/// inserts in the same batch, so holds counting the same thing run one after another on every instance. Rows written before schema
/// version 3 have no span: the hold checks them itself, as reservations without buffers.</para>
/// A constraint cannot read the clock, so a hold is one implicit transaction of statements sent together (one round trip): the lock rows,
/// mark the interviewer's held rows near the span whose time ran out as <c>expired</c>, then insert with <c>ON CONFLICT DO NOTHING</c>. No row back means the slot
/// is taken, a normal result (a 23P01 exclusion violation is read the same way). Time is the injected <see cref="IClock"/>'s, sent as a
/// parameter; PostgreSQL keeps instants to the microsecond. As in the in-memory store, a hold whose time ran out reads as
/// <see cref="ReservationStatus.Held"/> (with <see cref="Reservation.HeldUntil"/> past) until a confirm, a release, a cancel or an overlapping hold
/// records it as <see cref="ReservationStatus.Expired"/>; <see cref="Reservation.IsActiveAt"/> tells either way.
/// Every change writes its audit trail entry (<c>reservation_history</c>) in the statement that makes it, so the trail never misses or invents one.
/// </remarks>
public sealed class PostgreSqlReservationStore : IReservationStore
{
    private const string Columns = HoldStatements.Columns;

    /// <summary>What a confirm makes of a held row ($3 now): confirmed while its time runs, else expired.</summary>
    internal const string ConfirmedStatus = "CASE WHEN r.held_until > $3 THEN 'confirmed' ELSE 'expired' END";

    private readonly PostgreSqlExecutor _executor;
    /// <summary>The most ids an active read sends prepared, on its one plan, the probe (see <see cref="PrepareRead"/>).</summary>
    internal const int PreparedReadLimit = 64;

    /// <summary>Sent before a prepared active read in its batch (one implicit transaction): the read runs on its generic plan.</summary>
    private const string OnePlan = "SET LOCAL plan_cache_mode = force_generic_plan";

    private readonly IClock _clock;
    private readonly HoldStatements.Texts _hold;
    private readonly string _findBlocking;
    private readonly string _get;
    private readonly string _confirm;
    private readonly string _release;
    private readonly string _cancel;
    private readonly string _getActive;
    private readonly string _getActiveSlots;
    private readonly string _getActivePlanned;
    private readonly string _getActiveSlotsPlanned;
    private readonly string _history;

    /// <summary>Creates the store; the tables must exist (<see cref="PostgreSqlBookingSchema.EnsureSchemaAsync"/>).</summary>
    /// <param name="dataSource">The database.</param>
    /// <param name="clock">Decides whether a hold is still active; its instants are what the database compares.</param>
    /// <param name="options">The schema (<see cref="PostgreSqlStoreOptions.Schema"/>); the default when <see langword="null"/>. Its connection settings are not read here.</param>
    /// <param name="logger">Logs conflicts and retries.</param>
    /// <exception cref="ArgumentException">The schema name is not usable.</exception>
    public PostgreSqlReservationStore(NpgsqlDataSource dataSource, IClock clock, PostgreSqlStoreOptions? options = null, ILogger<PostgreSqlReservationStore>? logger = null)
    {
        _executor = new PostgreSqlExecutor(dataSource, options, (ILogger?)logger ?? NullLogger.Instance);
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        var table = _executor.Schema + ".reservations";

        _hold = new HoldStatements.Texts(_executor.Schema);

        // The active reservation in a refused hold's way: one on the slot itself first, else one whose span ($2, $3: the hold's span)
        // meets the hold's span; a row without a span (written before the rules were kept) counts as its bare slot.
        _findBlocking = $"""
            SELECT {Columns} FROM {table}
            WHERE interviewer_id = $1 AND (slot && tstzrange($2, $3, '[)') OR occupied && tstzrange($2, $3, '[)'))
              AND status IN ('held', 'confirmed') AND (status = 'confirmed' OR held_until > $6)
            ORDER BY slot && tstzrange($4, $5, '[)') DESC, lower(slot) LIMIT 1
            """;
        _get = $"SELECT {Columns} FROM {table} WHERE id = $1";

        // Only a row of the owner in one of the given statuses changes; the statement after reads the row as it is now, in the same round trip.
        _confirm = ChangeStatement(_executor.Schema, "'held'", ConfirmedStatus);
        _release = ChangeStatement(_executor.Schema, "'held'", "CASE WHEN r.held_until > $3 THEN 'released' ELSE 'expired' END");
        _cancel = ChangeStatement(
            _executor.Schema, "'held', 'confirmed'", "CASE WHEN target.status = 'confirmed' OR r.held_until > $3 THEN 'released' ELSE 'expired' END");
        // One index probe per interviewer, joined from the ids: a GiST scan cannot take "interviewer_id = ANY($1)" as one condition, and
        // scanning for the whole array instead took several times as long. Each probe is a short range scan of
        // reservations_active_interviewer_bytes_idx (interviewer, end, start) over the active rows: from the window's start, the rows ending
        // after it, each checked against the window's end in the index (an open end is infinity). The join compares the ids bytewise
        // (COLLATE "C", the same equality as the default collation), in which only version 16's index is built, so no plan probes the GiST
        // exclusion index on (interviewer_id, slot) for an interviewer instead (about 20 times slower).
        // A read of a few ids is prepared and always runs on its one plan, the probe (SET LOCAL in the same batch: PostgreSQL would otherwise
        // keep planning it wherever a plan for the values looked cheaper, as on a sparse window, and the planning cost more than the probes).
        // A read of many ids (or any, with PrepareActiveReads off) is planned for its values, and also says "slot && window", so the planner
        // may take the slot index over the active rows when the window holds few rows: with a year of history behind 2,000 interviewers
        // and an empty week ahead that reads 3 buffers where the 2,000 probes read thousands. That range is closed ('[]'): a superset of the
        // window the bounds decide, so an instant window still finds the slot holding it.
        const string Bounds = """
            WHERE upper(slot) > coalesce($2, '-infinity'::timestamptz) AND lower(slot) < coalesce($3, 'infinity'::timestamptz)
              AND status IN ('held', 'confirmed') AND (status = 'confirmed' OR held_until > $4)
            """;
        const string Overlap = "  AND slot && tstzrange($2, $3, '[]')";
        const string Join = "interviewer_id COLLATE \"C\" = wanted.interviewer";
        string Active(string where) => $"""
            SELECT {Columns} FROM unnest($1::text[]) AS wanted(interviewer) JOIN {table} ON {Join}
            {where}
            ORDER BY interviewer_id COLLATE "C", lower(slot)
            """;

        // The same rows, four narrow columns: the asked id by its place in $1 (no string read back), the slot, a hold's end.
        string ActiveSlots(string where) => $"""
            SELECT wanted.n::int4, lower(slot), upper(slot), CASE WHEN status = 'held' THEN held_until END
            FROM unnest($1::text[]) WITH ORDINALITY AS wanted(interviewer, n) JOIN {table} ON {Join}
            {where}
            ORDER BY wanted.n, lower(slot)
            """;
        _getActive = Active(Bounds);
        _getActiveSlots = ActiveSlots(Bounds);
        _getActivePlanned = Active(Bounds + "\n" + Overlap);
        _getActiveSlotsPlanned = ActiveSlots(Bounds + "\n" + Overlap);
        _history = $"""
            SELECT reservation_id, from_status, to_status, at, reason FROM {_executor.Schema}.reservation_history
            WHERE reservation_id = $1 ORDER BY entry_id
            """;
    }

    /// <summary>The text <see cref="GetActiveAsync"/> sends ($1 ids, $2 and $3 the window's ends or null, $4 now), for the benchmarks' plans.</summary>
    internal string ActiveStatement => _getActive;

    /// <summary>The text <see cref="GetActiveSlotsAsync"/> sends, with the same parameters.</summary>
    internal string ActiveSlotsStatement => _getActiveSlots;

    /// <summary>The text <see cref="GetActiveSlotsAsync"/> sends for a read planned for its values (more than <see cref="PreparedReadLimit"/> ids).</summary>
    internal string PlannedActiveSlotsStatement => _getActiveSlotsPlanned;

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The request names no interviewer, its slot lacks a start, an end or a positive length, its owner is blank, or <see cref="HoldRequest.HeldUntil"/> is not after now.</exception>
    public Task<HoldResult> TryHoldAsync(HoldRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = _clock.GetCurrentInstant();
        HoldRequest.Validate(request, now);

        return _executor.RunAsync("Hold", (connection, ct) => HoldAsync(connection, request, now, ct), cancellationToken);
    }

    /// <inheritdoc />
    public Task<Reservation?> GetAsync(ReservationId id, CancellationToken cancellationToken = default) =>
        id.IsEmpty ? Task.FromResult<Reservation?>(null) : _executor.FindAsync("Get reservation", _get, id.Value, Read, cancellationToken);

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="id"/> is empty or <paramref name="owner"/> is blank.</exception>
    public Task<ReservationUpdateResult> TryConfirmAsync(ReservationId id, string owner, CancellationToken cancellationToken = default) =>
        UpdateAsync("Confirm reservation", _confirm, id, owner, static status => status switch
        {
            ReservationStatus.Confirmed => ReservationUpdateOutcome.Updated,
            ReservationStatus.Expired => ReservationUpdateOutcome.Expired,
            _ => ReservationUpdateOutcome.InvalidStatus,
        }, cancellationToken);

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="id"/> is empty or <paramref name="owner"/> is blank.</exception>
    public Task<ReservationUpdateResult> TryReleaseAsync(ReservationId id, string owner, CancellationToken cancellationToken = default) =>
        UpdateAsync("Release reservation", _release, id, owner, static status => status switch
        {
            ReservationStatus.Released or ReservationStatus.Expired => ReservationUpdateOutcome.Updated,
            _ => ReservationUpdateOutcome.InvalidStatus,
        }, cancellationToken);

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="id"/> is empty or <paramref name="owner"/> is blank.</exception>
    public Task<ReservationUpdateResult> TryCancelAsync(ReservationId id, string owner, CancellationToken cancellationToken = default) =>
        UpdateAsync("Cancel reservation", _cancel, id, owner, static _ => ReservationUpdateOutcome.Updated, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ReservationStatusChange>> GetHistoryAsync(ReservationId id, CancellationToken cancellationToken = default) =>
        id.IsEmpty
            ? Task.FromResult<IReadOnlyList<ReservationStatusChange>>([])
            : _executor.ListAsync(
                "Get reservation history",
                _history,
                id.Value,
                static reader => new ReservationStatusChange(
                    new ReservationId(reader.GetString(0)),
                    reader.IsDBNull(1) ? null : StoredEnums.ReservationStatus.Parse(reader.GetString(1)),
                    StoredEnums.ReservationStatus.Parse(reader.GetString(2)),
                    Sql.GetInstant(reader, 3),
                    reader.GetString(4)),
                cancellationToken);

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="interviewerIds"/> is <see langword="null"/>.</exception>
    /// <remarks>
    /// A window without a start (or an end) reaches back (or forward) without limit. Interviewer ids are ordered by their UTF-8 bytes
    /// (<c>COLLATE "C"</c>): .NET's ordinal order, unless ids mix characters above U+FFFF with ones from U+E000 to U+FFFF.
    /// Prepared on the connection when <see cref="PostgreSqlStoreOptions.PrepareActiveReads"/> is on and at most 64 distinct ids are asked
    /// for; a read of more is planned for its values.
    /// </remarks>
    public async Task<IReadOnlyList<Reservation>> GetActiveAsync(IReadOnlyCollection<InterviewerId> interviewerIds, Interval window, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(interviewerIds);
        var ids = DistinctIds(interviewerIds);
        if (ids.Length == 0)
        {
            return [];
        }

        var now = _clock.GetCurrentInstant();
        var active = await _executor.QueryAsync(
            "Get active reservations",
            () => ActiveCommands(ids, _getActive, _getActivePlanned, window, now),
            Read,
            PrepareRead(ids),
            ExpectedRows(ids),
            cancellationToken).ConfigureAwait(false);
        return active.Rows;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="interviewerIds"/> is <see langword="null"/>.</exception>
    /// <remarks>
    /// The rows of <see cref="GetActiveAsync"/>, four narrow columns each, the interviewer given by their place in the list sent (so no id is
    /// read back): each interviewer's together in the order first given, by start. Prepared as <see cref="GetActiveAsync"/> is.
    /// </remarks>
    public async Task<IReadOnlyList<ReservedSlot>> GetActiveSlotsAsync(IReadOnlyCollection<InterviewerId> interviewerIds, Interval window, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(interviewerIds);
        var ids = DistinctIds(interviewerIds);
        if (ids.Length == 0)
        {
            return [];
        }

        var asked = new InterviewerId[ids.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            asked[i] = new InterviewerId(ids[i]);
        }

        var now = _clock.GetCurrentInstant();
        var slots = await _executor.QueryAsync(
            "Get active reservation slots",
            () => ActiveCommands(ids, _getActiveSlots, _getActiveSlotsPlanned, window, now),
            reader => new ReservedSlot(
                asked[reader.GetInt32(0) - 1],
                new Interval(Sql.GetInstant(reader, 1), Sql.GetInstant(reader, 2)),
                Sql.GetNullableInstant(reader, 3)),
            PrepareRead(ids),
            ExpectedRows(ids),
            cancellationToken).ConfigureAwait(false);
        return slots.Rows;
    }

    /// <summary>
    /// Whether an active read of <paramref name="ids"/> is sent prepared, on its one plan: with <see cref="PostgreSqlStoreOptions.PrepareActiveReads"/>
    /// on and at most <see cref="PreparedReadLimit"/> ids. A read of more is planned for its values: a probe each may then cost far more
    /// than the planning (on the million-row schema, the rest of a tied level of 2,000 interviewers over an empty week).
    /// </summary>
    private bool PrepareRead(string[] ids) => _executor.Options.PrepareActiveReads && ids.Length <= PreparedReadLimit;

    /// <summary>
    /// The batch of an active read: prepared, its one plan forced for this transaction only and the probe-only statement; otherwise the
    /// statement the planner plans for its values.
    /// </summary>
    private NpgsqlBatchCommand[] ActiveCommands(string[] ids, string prepared, string planned, Interval window, Instant now) =>
        PrepareRead(ids)
            ? [new NpgsqlBatchCommand(OnePlan), ActiveCommand(prepared, ids, window, now)]
            : [ActiveCommand(planned, ids, window, now)];

    /// <summary>The rows an active read of <paramref name="ids"/> is sized for: a few reservations each over a match's window.</summary>
    private static int ExpectedRows(string[] ids) => 4 * ids.Length;

    /// <summary>The non-empty ids, each once, in the order first given.</summary>
    private static string[] DistinctIds(IReadOnlyCollection<InterviewerId> interviewerIds) =>
        interviewerIds.Where(static id => !id.IsEmpty).Select(static id => id.Value).Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>A read of the active rows ($1 ids, $2 and $3 the window's ends or null, $4 now).</summary>
    private static NpgsqlBatchCommand ActiveCommand(string statement, string[] ids, Interval window, Instant now) =>
        Sql.Command(
            statement,
            Sql.TextArray(ids),
            Sql.NullableTimestamp(window.HasStart ? window.Start : null),
            Sql.NullableTimestamp(window.HasEnd ? window.End : null),
            Sql.Timestamp(now));

    private async Task<HoldResult> HoldAsync(NpgsqlConnection connection, HoldRequest request, Instant now, CancellationToken cancellationToken)
    {
        var couponCode = request.Coupon is { } coupon ? PostgreSqlCouponRedemptionStore.Normalize(coupon.Code) : null;
        var commands = HoldStatements.Commands(_hold, ReservationId.New(), request, couponCode, now);
        var batch = PostgreSqlExecutor.Batch(connection, commands);
        HoldChecks? checks = null;
        await using (batch.ConfigureAwait(false))
        {
            Reservation? held = null;
            try
            {
                var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    // The lock statements return a row each; the guarded insert's row comes last.
                    do
                    {
                        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                        {
                            if (reader.FieldCount > HoldChecks.FirstOrdinal)
                            {
                                held = reader.IsDBNull(0) ? null : Read(reader);
                                checks = HoldChecks.Read(reader);
                            }
                        }
                    }
                    while (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false));
                }

                if (batch.BatchCommands[^2].RecordsAffected is > 0 and var expired)
                {
                    Log.HoldsExpired(_executor.Logger, request.InterviewerId, expired);
                }
            }
            catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.ExclusionViolation)
            {
                // ON CONFLICT DO NOTHING already answers a conflict with no row; a violation still means the same: the slot is taken.
            }

            if (held is not null)
            {
                return HoldResult.Held(held);
            }
        }

        // Refused. The batch waited for any writer in its way, so a fresh read sees who is in the way now; a reservation in the way
        // is named before a cap, so a caller can tell its own earlier hold.
        var span = request.Rules.Occupied(request.Slot);
        var lookup = PostgreSqlExecutor.Batch(connection, Sql.Command(
            _findBlocking,
            Sql.Text(request.InterviewerId.Value),
            Sql.Timestamp(span.Start),
            Sql.Timestamp(span.End),
            Sql.Timestamp(request.Slot.Start),
            Sql.Timestamp(request.Slot.End),
            Sql.Timestamp(now)));
        await using (lookup.ConfigureAwait(false))
        {
            var existing = await ReadSingleAsync(lookup, cancellationToken).ConfigureAwait(false);
            if (existing is { Status: ReservationStatus.Held }
                && existing.Slot == Sql.Stored(request.Slot)
                && string.Equals(existing.Owner, request.Owner, StringComparison.Ordinal))
            {
                return HoldResult.Held(existing);
            }

            var result = existing is not null
                ? (Reservation.Overlaps(existing.Slot, Sql.Stored(request.Slot)) ? HoldResult.Conflict(existing.Id) : HoldResult.Refused(HoldRefusal.Buffer, existing.Id))
                : checks?.Refusal(request) is { } refusal ? HoldResult.Refused(refusal) : HoldResult.Conflict(null);
            Log.HoldConflicted(_executor.Logger, request.InterviewerId, existing?.Id, result.Refusal);
            return result;
        }
    }

    /// <summary>The counts the guarded insert decided on, read from its row after the hold's columns.</summary>
    private sealed record HoldChecks(long DayCount, long CandidateHolds, long CouponUses)
    {
        public const int FirstOrdinal = 11;

        public static HoldChecks Read(NpgsqlDataReader reader) =>
            new(reader.GetInt64(FirstOrdinal + 1), reader.GetInt64(FirstOrdinal + 2), reader.GetInt64(FirstOrdinal + 3));

        /// <summary>The first rule the counts break, in the order the store reports them.</summary>
        public HoldRefusal? Refusal(HoldRequest request) =>
            request.Rules.MaxPerDay is { } day && DayCount >= day ? HoldRefusal.DailyCap
            : request.MaxActiveCandidateHolds is { } cap && CandidateHolds >= cap ? HoldRefusal.CandidateHoldCap
            : request.Coupon is { } coupon && CouponUses >= coupon.UsageLimit ? HoldRefusal.CouponExhausted
            : null;
    }

    private async Task<ReservationUpdateResult> UpdateAsync(
        string operation, string update, ReservationId id, string owner, Func<ReservationStatus, ReservationUpdateOutcome> outcomeOf, CancellationToken cancellationToken)
    {
        if (id.IsEmpty)
        {
            throw new ArgumentException("A reservation id is required.", nameof(id));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        var now = _clock.GetCurrentInstant();
        var after = await _executor.QueryAsync(
            operation,
            () => [Sql.Command(update, Sql.Text(id.Value), Sql.Text(owner), Sql.Timestamp(now)), Sql.Command(_get, Sql.Text(id.Value))],
            Read,
            cancellationToken).ConfigureAwait(false);
        if (after.First is not { } current)
        {
            return new ReservationUpdateResult(ReservationUpdateOutcome.NotFound, null);
        }

        var outcome = string.Equals(current.Owner, owner, StringComparison.Ordinal) ? outcomeOf(current.Status) : ReservationUpdateOutcome.NotOwner;
        return new ReservationUpdateResult(outcome, current);
    }

    /// <summary>
    /// A status change of the owner's reservation ($1 id, $2 owner, $3 now) from one of <paramref name="fromStatuses"/> to
    /// <paramref name="toStatus"/> (an expression over the row <c>r</c> and its locked current status <c>target.status</c>), with its audit
    /// entry.
    /// </summary>
    private static string ChangeStatement(string schema, string fromStatuses, string toStatus) => $"""
        WITH {TargetCte(schema, fromStatuses, string.Empty)},
        {ChangedCte(schema, toStatus, string.Empty)}
        {HistoryInsert(schema)}
        """;

    /// <summary>The owner's reservation ($1 id, $2 owner) in one of <paramref name="fromStatuses"/>, locked, as the CTE <c>target</c>, when <paramref name="guard"/> (<c>AND ...</c>, or empty) holds too.</summary>
    internal static string TargetCte(string schema, string fromStatuses, string guard) =>
        $"target AS (SELECT id, status FROM {schema}.reservations WHERE id = $1 AND owner = $2 AND status IN ({fromStatuses}) {guard} FOR UPDATE)";

    /// <summary>The change of the row <c>target</c> locked to <paramref name="toStatus"/> at $3, as the CTE <c>changed</c>, when <paramref name="guard"/> (<c>AND ...</c>, or empty) holds too.</summary>
    internal static string ChangedCte(string schema, string toStatus, string guard) => $"""
        changed AS (
            UPDATE {schema}.reservations r SET status = {toStatus}, updated_at = $3
            FROM target WHERE r.id = target.id {guard}
            RETURNING r.id, target.status AS from_status, r.status AS to_status)
        """;

    /// <summary>
    /// The trail entry of the row <c>changed</c> changed, as a statement's last part or a CTE's body. The reason follows the in-memory store:
    /// confirmed, expired, canceled (a confirmed reservation given up) or released.
    /// </summary>
    internal static string HistoryInsert(string schema) => $"""
        INSERT INTO {schema}.reservation_history (reservation_id, from_status, to_status, at, reason)
        SELECT id, from_status, to_status, $3,
               CASE WHEN to_status = 'confirmed' THEN '{ReservationChangeReasons.Confirmed}'
                    WHEN to_status = 'expired' THEN '{ReservationChangeReasons.Expired}'
                    WHEN from_status = 'confirmed' THEN '{ReservationChangeReasons.Canceled}'
                    ELSE '{ReservationChangeReasons.Released}' END
        FROM changed
        """;

    private static async Task<Reservation?> ReadSingleAsync(NpgsqlBatch batch, CancellationToken cancellationToken)
    {
        var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
        }
    }

    /// <summary>The reservation of a row read with the store's columns.</summary>
    internal static Reservation Read(NpgsqlDataReader reader)
    {
        var slot = new Interval(Sql.GetInstant(reader, 2), Sql.GetInstant(reader, 3));
        return new()
        {
            Id = new ReservationId(reader.GetString(0)),
            InterviewerId = new InterviewerId(reader.GetString(1)),
            Slot = slot,
            Owner = reader.GetString(4),
            Status = StoredEnums.ReservationStatus.Parse(reader.GetString(5)),
            HeldUntil = Sql.GetInstant(reader, 6),
            CreatedAt = Sql.GetInstant(reader, 7),

            // A row without a span was written before the rules were kept: no buffers.
            BufferBefore = reader.IsDBNull(8) ? Duration.Zero : slot.Start - Sql.GetInstant(reader, 8),
            BufferAfter = reader.IsDBNull(9) ? Duration.Zero : Sql.GetInstant(reader, 9) - slot.End,
            Candidate = reader.IsDBNull(10) ? default : new CandidateId(reader.GetString(10)),
        };
    }
}
