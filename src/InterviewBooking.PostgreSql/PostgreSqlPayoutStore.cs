using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace InterviewBooking.PostgreSql;

/// <summary>
/// An <see cref="IPayoutStore"/> on PostgreSQL, shared by every host instance. <c>payouts</c> has one row per interview (its primary key), so
/// of concurrent records of one interview's payout the first stays. A payout's record and a dispute's report take a transaction-scoped advisory
/// lock on their session, so they never miss each other; a status change is one <c>UPDATE ... WHERE status = from</c> with its audit row in the
/// same statement.
/// </summary>
public sealed class PostgreSqlPayoutStore : IPayoutStore
{
    private const string Columns = """
        interview_id, session_id, interviewer_id, plan_id, amount_minor_units, currency, status, status_reason, completed_at, due_at,
        transfer_id, reversal_id, created_at, updated_at, version
        """;

    private readonly PostgreSqlExecutor _executor;
    private readonly string _lockSession;
    private readonly string _getById;
    private readonly string _getBySession;
    private readonly string _insert;
    private readonly string _audit;
    private readonly string _transition;
    private readonly string _history;
    private readonly string _getDispute;
    private readonly string _upsertDispute;
    private readonly string _disputes;
    private readonly string _byStatus;

    /// <summary>Creates the store; the tables must exist (<see cref="PostgreSqlBookingSchema.EnsureSchemaAsync"/>).</summary>
    /// <param name="dataSource">The database.</param>
    /// <param name="options">The schema; the defaults when <see langword="null"/>. Its connection settings are not read here.</param>
    /// <param name="logger">Logs retries.</param>
    /// <exception cref="ArgumentException">The schema name is not usable.</exception>
    public PostgreSqlPayoutStore(NpgsqlDataSource dataSource, PostgreSqlStoreOptions? options = null, ILogger<PostgreSqlPayoutStore>? logger = null)
    {
        _executor = new PostgreSqlExecutor(dataSource, options, (ILogger?)logger ?? NullLogger.Instance);
        var payouts = _executor.Schema + ".payouts";
        var history = _executor.Schema + ".payout_history";
        var disputes = _executor.Schema + ".payment_disputes";

        // The key names the schema too, so two schemas of one database never wait on each other's sessions.
        _lockSession = "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))";
        _getById = $"SELECT {Columns} FROM {payouts} WHERE interview_id = $1";
        _getBySession = $"SELECT {Columns} FROM {payouts} WHERE session_id = $1 ORDER BY created_at, interview_id LIMIT 1";
        _insert = $"""
            INSERT INTO {payouts} ({Columns})
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, NULL, NULL, $11, $11, 1)
            ON CONFLICT (interview_id) DO NOTHING
            """;
        _audit = $"INSERT INTO {history} (interview_id, from_status, to_status, at, reason) VALUES ($1, $2, $3, $4, $5)";
        _transition = $"""
            WITH changed AS (
                UPDATE {payouts}
                SET status = $3, status_reason = $5, transfer_id = coalesce($6, transfer_id), reversal_id = coalesce($7, reversal_id),
                    updated_at = $4, version = version + 1
                WHERE interview_id = $1 AND status = $2 AND ($8::bigint IS NULL OR version = $8)
                RETURNING interview_id),
            audit AS (
                INSERT INTO {history} (interview_id, from_status, to_status, at, reason) SELECT interview_id, $2, $3, $4, $5 FROM changed)
            SELECT count(*) FROM changed
            """;
        _history = $"SELECT interview_id, from_status, to_status, at, reason FROM {history} WHERE interview_id = $1 ORDER BY seq";
        _getDispute = $"SELECT dispute_id, session_id, status, reported_at FROM {disputes} WHERE dispute_id = $1";
        _upsertDispute = $"""
            INSERT INTO {disputes} (dispute_id, session_id, status, reported_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (dispute_id) DO UPDATE SET status = excluded.status, reported_at = excluded.reported_at
            """;
        _disputes = $"SELECT dispute_id, session_id, status, reported_at FROM {disputes} WHERE session_id = $1 ORDER BY seq";
        _byStatus = $"SELECT {Columns} FROM {payouts} WHERE status = $1 ORDER BY updated_at, interview_id LIMIT $2";
        LockPrefix = _executor.SchemaName + ":payout-session:";
    }

    private string LockPrefix { get; }

    /// <inheritdoc />
    public Task<Payout> AddOrGetAsync(Payout payout, CancellationToken cancellationToken = default)
    {
        PayoutStateMachine.EnsureNew(payout);
        return _executor.RunAsync("Add payout", (connection, ct) => AddOrGetAsync(connection, payout, ct), cancellationToken);
    }

    /// <inheritdoc />
    public Task<Payout?> GetAsync(InterviewId interviewId, CancellationToken cancellationToken = default) =>
        interviewId.IsEmpty ? Task.FromResult<Payout?>(null) : _executor.FindAsync("Get payout", _getById, interviewId.Value, Read, cancellationToken);

    /// <inheritdoc />
    public Task<Payout?> FindBySessionAsync(PaymentSessionId sessionId, CancellationToken cancellationToken = default) =>
        sessionId.IsEmpty ? Task.FromResult<Payout?>(null) : _executor.FindAsync("Find payout", _getBySession, sessionId.Value, Read, cancellationToken);

    /// <inheritdoc />
    public Task<PayoutUpdateResult> TryTransitionAsync(PayoutTransition transition, CancellationToken cancellationToken = default)
    {
        PayoutStateMachine.EnsureValid(transition);
        return _executor.RunAsync(
            "Change payout",
            async (connection, ct) =>
            {
                var changed = await ChangeAsync(connection, transition, ct).ConfigureAwait(false);
                var current = await ReadOneAsync(connection, _getById, transition.InterviewId.Value, ct).ConfigureAwait(false);
                return new PayoutUpdateResult(changed && current is not null, current);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<PayoutStatusChange>> GetHistoryAsync(InterviewId interviewId, CancellationToken cancellationToken = default) =>
        interviewId.IsEmpty
            ? []
            : await _executor.ListAsync("Read payout history", _history, interviewId.Value, ReadChange, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public Task<DisputeApplication> ApplyDisputeAsync(PaymentDispute dispute, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dispute);
        if (string.IsNullOrWhiteSpace(dispute.DisputeId) || dispute.SessionId.IsEmpty)
        {
            throw new ArgumentException("A dispute has the provider's id and names its payment session.", nameof(dispute));
        }

        return _executor.RunAsync("Apply dispute", (connection, ct) => ApplyDisputeAsync(connection, dispute, ct), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<PaymentDispute>> ListDisputesAsync(PaymentSessionId sessionId, CancellationToken cancellationToken = default) =>
        sessionId.IsEmpty ? [] : await _executor.ListAsync("List disputes", _disputes, sessionId.Value, ReadDispute, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<IReadOnlyList<Payout>> ListByStatusAsync(PayoutStatus status, int maxItems, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxItems, 1);
        var rows = await _executor.QueryAsync(
            "List payouts",
            () => [Sql.Command(_byStatus, Sql.Text(StoredEnums.PayoutStatus.NameOf(status)), Sql.Int32(maxItems))],
            Read,
            cancellationToken).ConfigureAwait(false);
        return rows.Rows;
    }

    private async Task<Payout> AddOrGetAsync(NpgsqlConnection connection, Payout payout, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            await ExecuteAsync(connection, _lockSession, cancellationToken, Sql.Text(LockPrefix + payout.SessionId.Value)).ConfigureAwait(false);
            if (await ReadOneAsync(connection, _getById, payout.InterviewId.Value, cancellationToken).ConfigureAwait(false) is { } existing)
            {
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return existing;
            }

            var disputes = await ReadDisputesAsync(connection, payout.SessionId, cancellationToken).ConfigureAwait(false);
            var stored = payout with { Version = 1, UpdatedAt = payout.CreatedAt };
            if (PayoutStateMachine.AfterDisputes(stored, disputes, payout.CreatedAt) is { } held)
            {
                stored = stored with { Status = held.To, StatusReason = held.Reason };
            }

            var inserted = await ExecuteAsync(
                connection,
                _insert,
                cancellationToken,
                Sql.Text(stored.InterviewId.Value),
                Sql.Text(stored.SessionId.Value),
                Sql.Text(stored.InterviewerId.Value),
                Sql.Text(stored.PlanId),
                Sql.Int64(stored.Amount.MinorUnits),
                Sql.Text(stored.Amount.Currency),
                Sql.Text(StoredEnums.PayoutStatus.NameOf(stored.Status)),
                Sql.NullableText(stored.StatusReason),
                Sql.Timestamp(stored.CompletedAt),
                Sql.Timestamp(stored.DueAt),
                Sql.Timestamp(stored.CreatedAt)).ConfigureAwait(false);
            if (inserted == 1)
            {
                await ExecuteAsync(
                    connection, _audit, cancellationToken, Sql.Text(stored.InterviewId.Value), Sql.NullableText(null),
                    Sql.Text(StoredEnums.PayoutStatus.NameOf(stored.Status)), Sql.Timestamp(stored.CreatedAt), Sql.NullableText(stored.StatusReason)).ConfigureAwait(false);
            }

            var result = await ReadOneAsync(connection, _getById, stored.InterviewId.Value, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"The payout of interview '{stored.InterviewId}' was neither stored nor found; was its row deleted meanwhile?");
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return result;
        }
    }

    private async Task<DisputeApplication> ApplyDisputeAsync(NpgsqlConnection connection, PaymentDispute dispute, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            await ExecuteAsync(connection, _lockSession, cancellationToken, Sql.Text(LockPrefix + dispute.SessionId.Value)).ConfigureAwait(false);
            var had = await ReadDisputeAsync(connection, dispute.DisputeId, cancellationToken).ConfigureAwait(false);
            var (stored, changed) = PaymentDispute.Merge(had, dispute);
            if (changed)
            {
                await ExecuteAsync(
                    connection, _upsertDispute, cancellationToken, Sql.Text(stored.DisputeId), Sql.Text(stored.SessionId.Value),
                    Sql.Text(StoredEnums.DisputeStatus.NameOf(stored.Status)), Sql.Timestamp(stored.At)).ConfigureAwait(false);
            }

            var payout = await ReadOneAsync(connection, _getBySession, stored.SessionId.Value, cancellationToken).ConfigureAwait(false);
            if (changed && payout is not null
                && PayoutStateMachine.AfterDisputes(payout, await ReadDisputesAsync(connection, stored.SessionId, cancellationToken).ConfigureAwait(false), stored.At) is { } move
                && await ChangeAsync(connection, move, cancellationToken).ConfigureAwait(false))
            {
                payout = await ReadOneAsync(connection, _getById, payout.InterviewId.Value, cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return new DisputeApplication(stored, payout, changed);
        }
    }

    private async Task<bool> ChangeAsync(NpgsqlConnection connection, PayoutTransition transition, CancellationToken cancellationToken)
    {
        var command = Sql.Statement(
            connection,
            _transition,
            Sql.Text(transition.InterviewId.Value),
            Sql.Text(StoredEnums.PayoutStatus.NameOf(transition.From)),
            Sql.Text(StoredEnums.PayoutStatus.NameOf(transition.To)),
            Sql.Timestamp(transition.At),
            Sql.NullableText(transition.Reason),
            Sql.NullableText(transition.ProviderTransferId),
            Sql.NullableText(transition.ProviderReversalId),
            Sql.NullableInt64(transition.ExpectedVersion));
        await using (command.ConfigureAwait(false))
        {
            return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! == 1;
        }
    }

    private async Task<IReadOnlyList<PaymentDispute>> ReadDisputesAsync(NpgsqlConnection connection, PaymentSessionId sessionId, CancellationToken cancellationToken)
    {
        var command = Sql.Statement(connection, _disputes, Sql.Text(sessionId.Value));
        await using (command.ConfigureAwait(false))
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var disputes = new List<PaymentDispute>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    disputes.Add(ReadDispute(reader));
                }

                return disputes;
            }
        }
    }

    private async Task<PaymentDispute?> ReadDisputeAsync(NpgsqlConnection connection, string disputeId, CancellationToken cancellationToken)
    {
        var command = Sql.Statement(connection, _getDispute + " FOR UPDATE", Sql.Text(disputeId));
        await using (command.ConfigureAwait(false))
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadDispute(reader) : null;
            }
        }
    }

    private static async Task<Payout?> ReadOneAsync(NpgsqlConnection connection, string sql, string key, CancellationToken cancellationToken)
    {
        var command = Sql.Statement(connection, sql, Sql.Text(key));
        await using (command.ConfigureAwait(false))
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
            }
        }
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        var command = Sql.Statement(connection, sql, parameters);
        await using (command.ConfigureAwait(false))
        {
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static Payout Read(NpgsqlDataReader reader) => new()
    {
        InterviewId = new InterviewId(reader.GetString(0)),
        SessionId = new PaymentSessionId(reader.GetString(1)),
        InterviewerId = new InterviewerId(reader.GetString(2)),
        PlanId = reader.GetString(3),
        Amount = new Money(reader.GetInt64(4), reader.GetString(5)),
        Status = StoredEnums.PayoutStatus.Parse(reader.GetString(6)),
        StatusReason = Sql.GetNullableString(reader, 7),
        CompletedAt = Sql.GetInstant(reader, 8),
        DueAt = Sql.GetInstant(reader, 9),
        ProviderTransferId = Sql.GetNullableString(reader, 10),
        ProviderReversalId = Sql.GetNullableString(reader, 11),
        CreatedAt = Sql.GetInstant(reader, 12),
        UpdatedAt = Sql.GetInstant(reader, 13),
        Version = reader.GetInt64(14),
    };

    private static PayoutStatusChange ReadChange(NpgsqlDataReader reader) => new(
        new InterviewId(reader.GetString(0)),
        Sql.GetNullableString(reader, 1) is { } from ? StoredEnums.PayoutStatus.Parse(from) : null,
        StoredEnums.PayoutStatus.Parse(reader.GetString(2)),
        Sql.GetInstant(reader, 3),
        Sql.GetNullableString(reader, 4));

    private static PaymentDispute ReadDispute(NpgsqlDataReader reader) => new(
        reader.GetString(0),
        new PaymentSessionId(reader.GetString(1)),
        StoredEnums.DisputeStatus.Parse(reader.GetString(2)),
        Sql.GetInstant(reader, 3));
}
