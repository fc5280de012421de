using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace InterviewBooking.PostgreSql;

/// <summary>
/// An <see cref="IPaymentSessionStore"/> on PostgreSQL. What is queried has a typed column (status, version, interviewer, reservation,
/// provider reference, slot and other instants as <c>timestamptz</c>); the match snapshot, add-ons and price lines are <c>jsonb</c>.
/// Every change is one <c>UPDATE ... WHERE status = $from [AND version = $expected]</c> that bumps the version, so of two writers on any
/// instances exactly one wins; the loser reads the row as the winner left it, in the same round trip. The creation and every status change
/// write their audit trail entry (<c>payment_session_history</c>, keyed by session and version) in the same statement, so a trail can never
/// miss or invent a change. A change's outbox messages (<see cref="PaymentSessionTransition.Outbox"/>) are inserted into <c>outbox</c> by that
/// statement too (<c>INSERT ... SELECT FROM updated ... ON CONFLICT (key) DO NOTHING</c>): they exist exactly when the change does.
/// </summary>
/// <remarks>
/// Instants keep microseconds. A slot with neither end reads back as no slot. A match snapshot that cannot be read (written by another
/// system, say) reads as missing, with a warning, so <see cref="AutoBookingService"/> refuses the session by name instead of failing to load it.
/// </remarks>
public sealed class PostgreSqlPaymentSessionStore : IPaymentSessionStore
{
    private const string Columns = """
        id, status, version, candidate_id, candidate_name, candidate_email, candidate_time_zone, interviewer_id, reservation_id,
        slot_start, slot_end, selected_time_slot, selected_date, match_score, matched_interviewer, plan_id, add_ons,
        price_minor_units, price_currency, price_lines, status_reason, provider_reference, checkout_url, interview_id,
        created_at, updated_at, expires_at, invite_sequence, refund_minor_units, refund_currency, refund_percent, refund_policy,
        idempotency_key, request_fingerprint, provider_payment_reference, refund_id, refunded_minor_units, refunded_currency, refunded_at,
        rebooked_from
        """;

    // $9 says whether the reschedule fields ($10-$14) are written, all together; $15 the same for the refund decision ($16-$19),
    // $27 for the refund issued ($28-$31). $26 is the payment reference (kept when null). $20-$25: the expected version and the outbox, below.
    private const string Set = """
        SET status = $3, status_reason = $4, reservation_id = coalesce($5, reservation_id), interview_id = coalesce($6, interview_id),
            last_event_id = $7, updated_at = $8, version = version + 1,
            slot_start = CASE WHEN $9 THEN $10 ELSE slot_start END,
            slot_end = CASE WHEN $9 THEN $11 ELSE slot_end END,
            selected_time_slot = CASE WHEN $9 THEN $12 ELSE selected_time_slot END,
            selected_date = CASE WHEN $9 THEN $13 ELSE selected_date END,
            invite_sequence = CASE WHEN $9 THEN $14 ELSE invite_sequence END,
            refund_minor_units = CASE WHEN $15 THEN $16 ELSE refund_minor_units END,
            refund_currency = CASE WHEN $15 THEN $17 ELSE refund_currency END,
            refund_percent = CASE WHEN $15 THEN $18 ELSE refund_percent END,
            refund_policy = CASE WHEN $15 THEN $19 ELSE refund_policy END,
            provider_payment_reference = coalesce($26, provider_payment_reference),
            refund_id = CASE WHEN $27 THEN $28 ELSE refund_id END,
            refunded_minor_units = CASE WHEN $27 THEN $29 ELSE refunded_minor_units END,
            refunded_currency = CASE WHEN $27 THEN $30 ELSE refunded_currency END,
            refunded_at = CASE WHEN $27 THEN $31 ELSE refunded_at END
        """;

    // The unique index of migration 4 over (candidate_id, idempotency_key): one session per candidate's key, whichever instance writes.
    private const string IdempotencyKeyIndex = "payment_sessions_idempotency_key_idx";

    private readonly PostgreSqlExecutor _executor;
    private readonly string _insert;
    private readonly string _get;
    private readonly string _findByKey;
    private readonly string _attachCheckout;
    private readonly string _transition;
    private readonly string _transitionAtVersion;
    private readonly string _transitionWithOutbox;
    private readonly string _history;
    private readonly string _listByStatus;

    /// <summary>Creates the store; the tables must exist (<see cref="PostgreSqlBookingSchema.EnsureSchemaAsync"/>).</summary>
    /// <param name="dataSource">The database.</param>
    /// <param name="options">The schema and the zone provider; the defaults when <see langword="null"/>. Its connection settings are not read here.</param>
    /// <param name="logger">Logs unreadable snapshots and retries.</param>
    /// <exception cref="ArgumentException">The schema name is not usable.</exception>
    public PostgreSqlPaymentSessionStore(NpgsqlDataSource dataSource, PostgreSqlStoreOptions? options = null, ILogger<PostgreSqlPaymentSessionStore>? logger = null)
    {
        _executor = new PostgreSqlExecutor(dataSource, options, (ILogger?)logger ?? NullLogger.Instance);
        var table = _executor.Schema + ".payment_sessions";
        var history = _executor.Schema + ".payment_session_history";

        // The creation is the trail's first entry: version 1, from no status.
        _insert = $"""
            WITH created AS (
                INSERT INTO {table} ({Columns})
                VALUES ($1, $2, 1, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26,
                        $27, $28, $29, $30, $31, $32, $33, $34, $35, $36, $37, $38, $39)
                ON CONFLICT (id) DO NOTHING
                RETURNING id, status, created_at)
            INSERT INTO {history} (session_id, version, from_status, to_status, at) SELECT id, 1, NULL, status, created_at FROM created
            """;
        _get = $"SELECT {Columns} FROM {table} WHERE id = $1";
        _findByKey = $"SELECT {Columns} FROM {table} WHERE candidate_id = $1 AND idempotency_key = $2";

        // Attach to a pending session without a reference, or store a changed URL for the same reference. Not a status change: no trail entry.
        _attachCheckout = $"""
            UPDATE {table} SET provider_reference = $2, checkout_url = $3, version = version + 1
            WHERE id = $1 AND status = 'pending'
              AND (provider_reference IS NULL OR (provider_reference = $2 AND checkout_url IS DISTINCT FROM $3))
            """;

        _transition = Transition("WHERE id = $1 AND status = $2");
        _transitionAtVersion = Transition("WHERE id = $1 AND status = $2 AND version = $20");

        // $20 the expected version or NULL; $21-$25 the messages' arrays. The messages are a data-modifying CTE of the compare-and-set's
        // statement, so they are written exactly when it wins (and the statement's row count stays the trail entry's).
        // $20 the expected version or NULL; $21-$25 the messages' arrays. The messages are a data-modifying CTE of the compare-and-set's
        // statement, so they are written exactly when it wins (and the statement's row count stays the trail entry's).
        _transitionWithOutbox = $"""
            WITH {UpdatedCte(_executor.Schema, "WHERE id = $1 AND status = $2 AND ($20::bigint IS NULL OR version = $20)")},
            {QueuedCte(_executor.Schema)}
            {HistoryInsert(_executor.Schema)}
            """;

        // Served by payment_sessions_status_idx (status, updated_at).
        _listByStatus = $"SELECT {Columns} FROM {table} WHERE status = $1 AND updated_at < $2 ORDER BY updated_at, id LIMIT $3";
        _history = $"""
            SELECT session_id, from_status, to_status, at, version, reason, event_id FROM {history}
            WHERE session_id = $1 ORDER BY version
            """;

        // The compare-and-set and its trail entry, one statement: the entry exists exactly when the change does.
        string Transition(string where) => $"""
            WITH {UpdatedCte(_executor.Schema, where)}
            {HistoryInsert(_executor.Schema)}
            """;
    }

    /// <summary>
    /// The compare-and-set of a transition's parameters (<see cref="TransitionCommand(string, PaymentSessionTransition)"/>) as the CTE <c>updated</c> (its id and new version),
    /// under <paramref name="where"/>; with <see cref="QueuedCte"/> and <see cref="HistoryInsert"/> it is the statement of a change.
    /// </summary>
    internal static string UpdatedCte(string schema, string where) =>
        $"updated AS (UPDATE {schema}.payment_sessions {Set} {where} RETURNING id, version)";

    /// <summary>The transition's outbox messages (<c>$21</c>-<c>$25</c>, created at <c>$8</c>) as the CTE <c>queued</c>, written when <c>updated</c> has a row.</summary>
    internal static string QueuedCte(string schema) => $"""
        queued AS (
            INSERT INTO {schema}.outbox (key, kind, session_id, data, due_at, status, attempts, next_attempt_at, created_at)
            SELECT m.key, m.kind, m.session_id, m.data::jsonb, m.due_at, 'pending', 0, m.due_at, $8
            FROM updated, {OutboxRows.Unnest(21)}
            ON CONFLICT (key) DO NOTHING)
        """;

    /// <summary>The trail entry of the row <c>updated</c> changed, as the statement's last part: its row count says whether the change was made.</summary>
    internal static string HistoryInsert(string schema) => $"""
        INSERT INTO {schema}.payment_session_history (session_id, version, from_status, to_status, at, reason, event_id)
        SELECT id, version, $2, $3, $8, $4, $7 FROM updated
        """;

    /// <summary>Reads the session with id <c>$1</c>, in the store's columns (<see cref="Read"/>).</summary>
    internal string GetStatement => _get;

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="session"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The session has no id.</exception>
    public Task<PaymentSession> CreateAsync(PaymentSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        EnsureId(session.Id, nameof(session));
        ArgumentNullException.ThrowIfNull(session.Price);
        ArgumentNullException.ThrowIfNull(session.CandidateTimeZone);
        if (session.CandidateId.IsEmpty)
        {
            throw new ArgumentException("A payment session needs a candidate id; CandidateId is empty.", nameof(session));
        }

        return _executor.RunAsync(
            "Create payment session",
            async (connection, ct) =>
            {
                var batch = PostgreSqlExecutor.Batch(connection, InsertCommand(session));
                await using (batch.ConfigureAwait(false))
                {
                    int inserted;
                    try
                    {
                        inserted = await batch.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                    }
                    catch (PostgresException exception) when (exception is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: IdempotencyKeyIndex })
                    {
                        // A concurrent create with the key waited on the index entry until the winner committed: that session is readable now.
                        throw new DuplicateIdempotencyKeyException(session.CandidateId, session.IdempotencyKey!);
                    }

                    if (inserted == 0)
                    {
                        throw new DuplicatePaymentSessionException(session.Id);
                    }

                    return session with { Version = 1 };
                }
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<PaymentSession?> GetAsync(PaymentSessionId id, CancellationToken cancellationToken = default) =>
        id.IsEmpty
            ? Task.FromResult<PaymentSession?>(null)
            : _executor.FindAsync("Get payment session", _get, id.Value, Read, _executor.Options.PrepareBookingStatements, cancellationToken); // a webhook reads it first

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="candidateId"/> is empty or <paramref name="idempotencyKey"/> is blank.</exception>
    public async Task<PaymentSession?> FindByIdempotencyKeyAsync(CandidateId candidateId, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        if (candidateId.IsEmpty)
        {
            throw new ArgumentException("A candidate id is required.", nameof(candidateId));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        var found = await _executor.QueryAsync(
            "Find payment session by idempotency key",
            () => [Sql.Command(_findByKey, Sql.Text(candidateId.Value), Sql.Text(idempotencyKey))],
            Read,
            cancellationToken).ConfigureAwait(false);
        return found.First;
    }

    /// <inheritdoc />
    /// <remarks>Attaching the reference the session already has succeeds again (storing <paramref name="checkoutUrl"/> if it changed).</remarks>
    /// <exception cref="ArgumentException"><paramref name="id"/> is empty or <paramref name="providerReference"/> is blank.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="checkoutUrl"/> is <see langword="null"/>.</exception>
    public Task<PaymentSessionUpdateResult> TryAttachCheckoutAsync(PaymentSessionId id, string providerReference, Uri checkoutUrl, CancellationToken cancellationToken = default)
    {
        EnsureId(id, nameof(id));
        ArgumentException.ThrowIfNullOrWhiteSpace(providerReference);
        ArgumentNullException.ThrowIfNull(checkoutUrl);
        var url = checkoutUrl.OriginalString;
        return ChangeAsync(
            "Attach checkout",
            () => [Sql.Command(_attachCheckout, Sql.Text(id.Value), Sql.Text(providerReference), Sql.Text(url))],
            id,
            current => current.Status == PaymentSessionStatus.Pending
                && string.Equals(current.ProviderReference, providerReference, StringComparison.Ordinal)
                && string.Equals(current.CheckoutUrl?.OriginalString, url, StringComparison.Ordinal),
            cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="transition"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">
    /// The transition names no session, its <see cref="PaymentSessionTransition.Rescheduled"/> has no slot text, or its
    /// <see cref="PaymentSessionTransition.Refund"/> has no policy, an amount without currency or a percent outside 0..100, or one of its
    /// <see cref="PaymentSessionTransition.Outbox"/> messages has no key or kind.
    /// </exception>
    public Task<PaymentSessionUpdateResult> TryTransitionAsync(PaymentSessionTransition transition, CancellationToken cancellationToken = default)
    {
        Validate(transition, nameof(transition));
        return ChangeAsync("Transition payment session", () => [TransitionCommand(transition)], transition.SessionId, static _ => false, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// One round trip and one implicit transaction: both compare-and-sets (the second at the version after the first's expected one), then the
    /// read of the row, as for <see cref="TryTransitionAsync"/>.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="transition"/> or <paramref name="following"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="following"/> names another session or does not start where <paramref name="transition"/> ends, or either is refused as by
    /// <see cref="TryTransitionAsync"/>.
    /// </exception>
    public Task<PaymentSessionUpdateResult> TryTransitionThenAsync(
        PaymentSessionTransition transition, PaymentSessionTransition following, CancellationToken cancellationToken = default)
    {
        Validate(transition, nameof(transition));
        Validate(following, nameof(following));
        if (following.SessionId != transition.SessionId || following.From != transition.To)
        {
            throw new ArgumentException(
                $"The second change must follow the first on the same session: {transition.SessionId} {transition.From} -> {transition.To}, then {following.SessionId} {following.From} -> {following.To}.",
                nameof(following));
        }

        var second = following with { ExpectedVersion = transition.ExpectedVersion + 1 };
        return ChangeAsync(
            "Transition payment session twice", () => [TransitionCommand(transition), TransitionCommand(second)], transition.SessionId, static _ => false, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<PaymentSessionStatusChange>> GetHistoryAsync(PaymentSessionId id, CancellationToken cancellationToken = default) =>
        id.IsEmpty
            ? Task.FromResult<IReadOnlyList<PaymentSessionStatusChange>>([])
            : _executor.ListAsync(
                "Get payment session history",
                _history,
                id.Value,
                static reader => new PaymentSessionStatusChange(
                    new PaymentSessionId(reader.GetString(0)),
                    reader.IsDBNull(1) ? null : StoredEnums.SessionStatus.Parse(reader.GetString(1)),
                    StoredEnums.SessionStatus.Parse(reader.GetString(2)),
                    Sql.GetInstant(reader, 3),
                    reader.GetInt64(4),
                    Sql.GetNullableString(reader, 5),
                    Sql.GetNullableString(reader, 6)),
                cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<PaymentSession>> ListByStatusAsync(
        PaymentSessionStatus status, Instant changedBefore, int maxItems, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxItems, 1);
        var name = StoredEnums.SessionStatus.NameOf(status);
        return ListAsync();

        async Task<IReadOnlyList<PaymentSession>> ListAsync() =>
            (await _executor.QueryAsync(
                "List payment sessions by status",
                () => [Sql.Command(_listByStatus, Sql.Text(name), Sql.Timestamp(changedBefore), Sql.Int32(maxItems))],
                Read,
                cancellationToken).ConfigureAwait(false)).Rows;
    }

    /// <exception cref="ArgumentNullException"><paramref name="transition"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">See <see cref="TryTransitionAsync"/>.</exception>
    internal static void Validate(PaymentSessionTransition transition, string paramName)
    {
        ArgumentNullException.ThrowIfNull(transition);
        EnsureId(transition.SessionId, paramName);
        PaymentSessionStateMachine.EnsureAllowed(transition.SessionId, transition.From, transition.To);
        var rescheduled = transition.Rescheduled;
        if (rescheduled is not null && rescheduled.SelectedTimeSlot is null)
        {
            throw new ArgumentException("A reschedule needs the new slot's text; Rescheduled.SelectedTimeSlot is null.", paramName);
        }

        var refund = transition.Refund;
        if (refund is not null && (refund.Policy is null || refund.Amount.Currency is null || refund.Percent is < 0 or > 100))
        {
            throw new ArgumentException(
                $"A refund needs a policy, an amount with its currency and a percent from 0 to 100; Refund is {refund}.", paramName);
        }

        var issued = transition.IssuedRefund;
        if (transition.To == PaymentSessionStatus.Refunded && issued is null)
        {
            throw new ArgumentException("A session becomes Refunded only with the refund issued; IssuedRefund is null.", paramName);
        }

        if (issued is not null && (string.IsNullOrWhiteSpace(issued.ProviderRefundId) || issued.Amount.Currency is null))
        {
            throw new ArgumentException($"An issued refund needs the provider's refund id and an amount with its currency; IssuedRefund is {issued}.", paramName);
        }

        foreach (var message in transition.Outbox)
        {
            OutboxRows.EnsureValid(message, paramName);
        }
    }

    /// <summary>The compare-and-set of <paramref name="transition"/> (validated), its trail entry and its messages, one statement.</summary>
    private NpgsqlBatchCommand TransitionCommand(PaymentSessionTransition transition) =>
        TransitionCommand(transition.Outbox.Count > 0 ? _transitionWithOutbox : transition.ExpectedVersion is null ? _transition : _transitionAtVersion, transition);

    /// <summary><paramref name="text"/> with the parameters of <paramref name="transition"/> (validated) at <c>$1</c>-<c>$31</c>, as every change statement numbers them.</summary>
    internal static NpgsqlBatchCommand TransitionCommand(string text, PaymentSessionTransition transition)
    {
        var to = StoredEnums.SessionStatus.NameOf(transition.To);
        var from = StoredEnums.SessionStatus.NameOf(transition.From);
        var rescheduled = transition.Rescheduled;
        var refund = transition.Refund;
        var issued = transition.IssuedRefund;
        var command = Sql.Command(
            text,
            Sql.Text(transition.SessionId.Value),
            Sql.Text(from),
            Sql.Text(to),
            Sql.NullableText(transition.Reason),
            Sql.NullableText(transition.ReservationId is { IsEmpty: false } reservation ? reservation.Value : null),
            Sql.NullableText(transition.InterviewId is { IsEmpty: false } interview ? interview.Value : null),
            Sql.NullableText(transition.EventId),
            Sql.Timestamp(transition.At),
            Sql.Boolean(rescheduled is not null),
            Sql.NullableTimestamp(rescheduled is { Slot.HasStart: true } ? rescheduled.Slot.Start : null),
            Sql.NullableTimestamp(rescheduled is { Slot.HasEnd: true } ? rescheduled.Slot.End : null),
            Sql.NullableText(rescheduled?.SelectedTimeSlot),
            Sql.NullableDate(rescheduled?.SelectedDate),
            Sql.NullableInt32(rescheduled?.InviteSequence),
            Sql.Boolean(refund is not null),
            Sql.NullableInt64(refund?.Amount.MinorUnits),
            Sql.NullableText(refund?.Amount.Currency),
            Sql.NullableInt32(refund?.Percent),
            Sql.NullableText(refund?.Policy),
            // $20-$25: read only by the statements at a version or with messages; every statement takes the same positions.
            Sql.NullableInt64(transition.ExpectedVersion));
        command.Parameters.AddRange(OutboxRows.Arrays(transition.Outbox));
        command.Parameters.AddRange(new[]
        {
            Sql.NullableText(transition.ProviderPaymentReference),
            Sql.Boolean(issued is not null),
            Sql.NullableText(issued?.ProviderRefundId),
            Sql.NullableInt64(issued?.Amount.MinorUnits),
            Sql.NullableText(issued?.Amount.Currency),
            Sql.NullableTimestamp(issued?.IssuedAt),
        });
        return command;
    }

    /// <summary>
    /// Runs guarded <c>UPDATE</c>s and reads the row after them in the same round trip (a statement of its own, so it sees a concurrent
    /// winner's commit). Succeeded when the last update changed the row, or when <paramref name="alreadyDone"/> says the row is already as asked.
    /// Prepared when <see cref="PostgreSqlStoreOptions.PrepareBookingStatements"/> is on: every statement is a look-up by the session's key.
    /// </summary>
    private async Task<PaymentSessionUpdateResult> ChangeAsync(
        string operation, Func<NpgsqlBatchCommand[]> updates, PaymentSessionId id, Func<PaymentSession, bool> alreadyDone, CancellationToken cancellationToken)
    {
        var after = await _executor.QueryAsync(
            operation, () => [.. updates(), Sql.Command(_get, Sql.Text(id.Value))], Read, _executor.Options.PrepareBookingStatements, cancellationToken)
            .ConfigureAwait(false);
        return after.First is { } current
            ? new PaymentSessionUpdateResult(after.Commands[^2].RecordsAffected == 1 || alreadyDone(current), current)
            : PaymentSessionUpdateResult.NotFound;
    }

    private NpgsqlBatchCommand InsertCommand(PaymentSession session)
    {
        var slot = session.Slot;
        return Sql.Command(
            _insert,
            Sql.Text(session.Id.Value),
            Sql.Text(StoredEnums.SessionStatus.NameOf(session.Status)),
            Sql.Text(session.CandidateId.Value),
            Sql.Text(session.CandidateName),
            Sql.Text(session.CandidateEmail),
            Sql.Text(session.CandidateTimeZone.Id),
            Sql.NullableText(session.InterviewerId is { IsEmpty: false } interviewer ? interviewer.Value : null),
            Sql.NullableText(session.ReservationId is { IsEmpty: false } reservation ? reservation.Value : null),
            Sql.NullableTimestamp(slot is { HasStart: true } ? slot.Value.Start : null),
            Sql.NullableTimestamp(slot is { HasEnd: true } ? slot.Value.End : null),
            Sql.NullableText(session.SelectedTimeSlot),
            Sql.NullableDate(session.SelectedDate),
            Sql.NullableInt32(session.MatchScore),
            Sql.NullableJsonb(SessionDocuments.WriteMatch(session.MatchedInterviewer)),
            Sql.Text(session.PlanId),
            Sql.Jsonb(SessionDocuments.WriteAddOns(session.AddOns)),
            Sql.Int64(session.Price.Total.MinorUnits),
            Sql.Text(session.Price.Total.Currency),
            Sql.Jsonb(SessionDocuments.WritePriceLines(session.Price.Lines ?? [])),
            Sql.NullableText(session.StatusReason),
            Sql.NullableText(session.ProviderReference),
            Sql.NullableText(session.CheckoutUrl?.OriginalString),
            Sql.NullableText(session.InterviewId is { IsEmpty: false } interview ? interview.Value : null),
            Sql.Timestamp(session.CreatedAt),
            Sql.Timestamp(session.UpdatedAt),
            Sql.Timestamp(session.ExpiresAt),
            Sql.Int32(session.InviteSequence),
            Sql.NullableInt64(session.Refund?.Amount.MinorUnits),
            Sql.NullableText(session.Refund?.Amount.Currency),
            Sql.NullableInt32(session.Refund?.Percent),
            Sql.NullableText(session.Refund?.Policy),
            Sql.NullableText(session.IdempotencyKey),
            Sql.NullableText(session.RequestFingerprint),
            Sql.NullableText(session.ProviderPaymentReference),
            Sql.NullableText(session.IssuedRefund?.ProviderRefundId),
            Sql.NullableInt64(session.IssuedRefund?.Amount.MinorUnits),
            Sql.NullableText(session.IssuedRefund?.Amount.Currency),
            Sql.NullableTimestamp(session.IssuedRefund?.IssuedAt),
            Sql.NullableText(session.RebookedFrom is { IsEmpty: false } original ? original.Value : null));
    }

    /// <summary>The session of a row read with the store's columns.</summary>
    internal PaymentSession Read(NpgsqlDataReader reader)
    {
        var id = new PaymentSessionId(reader.GetString(0));
        var zoneId = reader.GetString(6);
        var zone = _executor.Zone(zoneId, $"Payment session '{id}'");

        MatchedInterviewer? match = null;
        if (!reader.IsDBNull(14))
        {
            (match, var problem) = SessionDocuments.ReadMatch(reader.GetString(14));
            if (problem is not null)
            {
                Log.SnapshotUnreadable(_executor.Logger, id, problem);
            }
        }

        var slotStart = Sql.GetNullableInstant(reader, 9);
        var slotEnd = Sql.GetNullableInstant(reader, 10);
        var checkoutUrl = Sql.GetNullableString(reader, 22);
        return new PaymentSession
        {
            Id = id,
            Status = StoredEnums.SessionStatus.Parse(reader.GetString(1)),
            Version = reader.GetInt64(2),
            CandidateId = new CandidateId(reader.GetString(3)),
            CandidateName = reader.GetString(4),
            CandidateEmail = reader.GetString(5),
            CandidateTimeZone = zone,
            InterviewerId = Sql.GetNullableString(reader, 7) is { } interviewer ? new InterviewerId(interviewer) : null,
            ReservationId = Sql.GetNullableString(reader, 8) is { } reservation ? new ReservationId(reservation) : null,
            Slot = slotStart is null && slotEnd is null ? null : new Interval(slotStart, slotEnd),
            SelectedTimeSlot = Sql.GetNullableString(reader, 11),
            SelectedDate = reader.IsDBNull(12) ? null : LocalDate.FromDateOnly(reader.GetFieldValue<DateOnly>(12)),
            MatchScore = reader.IsDBNull(13) ? null : reader.GetInt32(13),
            MatchedInterviewer = match,
            PlanId = reader.GetString(15),
            AddOns = SessionDocuments.ReadAddOns(reader.GetString(16), id),
            Price = new Price(new Money(reader.GetInt64(17), reader.GetString(18)), SessionDocuments.ReadPriceLines(reader.GetString(19), id)),
            StatusReason = Sql.GetNullableString(reader, 20),
            ProviderReference = Sql.GetNullableString(reader, 21),
            CheckoutUrl = checkoutUrl is null ? null : new Uri(checkoutUrl, UriKind.RelativeOrAbsolute),
            InterviewId = Sql.GetNullableString(reader, 23) is { } interview ? new InterviewId(interview) : null,
            CreatedAt = Sql.GetInstant(reader, 24),
            UpdatedAt = Sql.GetInstant(reader, 25),
            ExpiresAt = Sql.GetInstant(reader, 26),
            InviteSequence = reader.GetInt32(27),
            Refund = reader.IsDBNull(28)
                ? null
                : new RefundDecision(new Money(reader.GetInt64(28), reader.GetString(29)), reader.GetInt32(30), reader.GetString(31)),
            IdempotencyKey = Sql.GetNullableString(reader, 32),
            RequestFingerprint = Sql.GetNullableString(reader, 33),
            ProviderPaymentReference = Sql.GetNullableString(reader, 34),
            IssuedRefund = reader.IsDBNull(35)
                ? null
                : new IssuedRefund(reader.GetString(35), new Money(reader.GetInt64(36), reader.GetString(37)), Sql.GetInstant(reader, 38)),
            RebookedFrom = Sql.GetNullableString(reader, 39) is { } original ? new PaymentSessionId(original) : null,
        };
    }

    private static void EnsureId(PaymentSessionId id, string paramName)
    {
        if (id.IsEmpty)
        {
            throw new ArgumentException("A payment session id is required.", paramName);
        }
    }
}
