using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace InterviewBooking.PostgreSql;

/// <summary>
/// An <see cref="IOutboxStore"/> on PostgreSQL (table <c>outbox</c>), shared by every instance. A lease is one statement that picks the due
/// rows with <c>FOR UPDATE SKIP LOCKED</c> and marks them leased with a fresh token each: concurrent leasers on any instance never take the same
/// row, and none waits on another's. Every end of a lease is an <c>UPDATE</c> guarded by the lease's token. The messages of a payment session
/// change are written by <see cref="PostgreSqlPaymentSessionStore"/> in the compare-and-set's own statement. Time is the injected
/// <see cref="IClock"/>'s, sent as a parameter, so every instance and test decides "due" by the same clock.
/// </summary>
public sealed class PostgreSqlOutboxStore : IOutboxStore
{
    private readonly PostgreSqlExecutor _executor;
    private readonly IClock _clock;
    private readonly string _enqueue;
    private readonly string _lease;
    private readonly string _complete;
    private readonly string _retryLater;
    private readonly string _deadLetter;
    private readonly string _returnLease;
    private readonly string _get;
    private readonly string _bySession;
    private readonly string _deadLettered;
    private readonly string _backlog;

    /// <summary>Creates the store; the tables must exist (<see cref="PostgreSqlBookingSchema.EnsureSchemaAsync"/>).</summary>
    /// <param name="dataSource">The database.</param>
    /// <param name="clock">Decides what is due and when a lease runs out.</param>
    /// <param name="options">The schema; the defaults when <see langword="null"/>. Its connection settings are not read here.</param>
    /// <param name="logger">Logs retries.</param>
    /// <exception cref="ArgumentException">The schema name is not usable.</exception>
    public PostgreSqlOutboxStore(NpgsqlDataSource dataSource, IClock clock, PostgreSqlStoreOptions? options = null, ILogger<PostgreSqlOutboxStore>? logger = null)
    {
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _executor = new PostgreSqlExecutor(dataSource, options, (ILogger?)logger ?? NullLogger.Instance);
        var table = _executor.Schema + ".outbox";
        const string columns = OutboxRows.Columns;

        _enqueue = $"""
            INSERT INTO {table} (key, kind, session_id, data, due_at, status, attempts, next_attempt_at, created_at)
            VALUES ($1, $2, $3, $4::jsonb, $5, 'pending', 0, $5, $6)
            ON CONFLICT (key) DO NOTHING
            """;

        // $1 now, $2 how many, $3 the lease's end. A row another leaser locked is skipped; one it already leased and committed fails the
        // re-checked WHERE (its next_attempt_at is the lease's end), so no row is ever leased twice.
        _lease = $"""
            WITH due AS (
                SELECT key, next_attempt_at AS was_due FROM {table}
                WHERE status IN ('pending', 'leased') AND next_attempt_at <= $1
                ORDER BY next_attempt_at, key
                LIMIT $2
                FOR UPDATE SKIP LOCKED)
            UPDATE {table} AS o SET status = 'leased', lease_token = gen_random_uuid(), leased_until = $3, next_attempt_at = $3
            FROM due WHERE o.key = due.key
            RETURNING {Qualified("o", columns)}, due.was_due
            """;

        const string leased = "WHERE key = $1 AND status = 'leased' AND lease_token = $2";
        _complete = $"""
            UPDATE {table} SET status = 'completed', attempts = attempts + 1, lease_token = NULL, leased_until = NULL, finished_at = $3 {leased}
            """;
        _retryLater = $"""
            UPDATE {table} SET status = 'pending', attempts = attempts + 1, lease_token = NULL, leased_until = NULL, last_error = $3, next_attempt_at = $4
            {leased}
            """;
        _deadLetter = $"""
            UPDATE {table} SET status = 'dead_lettered', attempts = attempts + 1, lease_token = NULL, leased_until = NULL, last_error = $3, finished_at = $4
            {leased}
            """;
        _returnLease = $"""
            UPDATE {table} SET status = 'pending', lease_token = NULL, leased_until = NULL, next_attempt_at = $3 {leased}
            """;
        _get = $"SELECT {columns} FROM {table} WHERE key = $1";
        _bySession = $"SELECT {columns} FROM {table} WHERE session_id = $1 ORDER BY created_at, key";
        _deadLettered = $"SELECT {columns} FROM {table} WHERE status = 'dead_lettered' ORDER BY finished_at DESC, key LIMIT $1";

        // Both counts read only the partial indexes of migration 5 (outbox_due_idx: the lease's own predicate, outbox_dead_lettered_idx),
        // never the delivered rows, however many there are. $1 now.
        _backlog = $"""
            SELECT due.count, due.oldest, (SELECT count(*) FROM {table} WHERE status = 'dead_lettered')
            FROM (SELECT count(*) AS count, min(next_attempt_at) AS oldest FROM {table}
                  WHERE status IN ('pending', 'leased') AND next_attempt_at <= $1) AS due
            """;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The message has a blank key or kind.</exception>
    public async Task<bool> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken = default)
    {
        OutboxRows.EnsureValid(message, nameof(message));
        var result = await _executor.QueryAsync(
            "Enqueue outbox message",
            () =>
            [
                Sql.Command(
                    _enqueue,
                    Sql.Text(message.Key),
                    Sql.Text(message.Kind),
                    Sql.NullableText(message.SessionId is { IsEmpty: false } id ? id.Value : null),
                    Sql.Text(OutboxRows.WriteData(message.Data)),
                    Sql.Timestamp(message.DueAt),
                    Sql.Timestamp(_clock.GetCurrentInstant())),
            ],
            OutboxRows.Read,
            cancellationToken).ConfigureAwait(false);
        return result.Commands[0].RecordsAffected == 1;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxItems"/> or <paramref name="leaseDuration"/> is not positive.</exception>
    public async Task<IReadOnlyList<OutboxItem>> LeaseAsync(int maxItems, Duration leaseDuration, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxItems);
        if (leaseDuration <= Duration.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(leaseDuration), leaseDuration, "A lease must last a positive time.");
        }

        var now = _clock.GetCurrentInstant();
        var leased = await _executor.QueryAsync(
            "Lease outbox items",
            () => [Sql.Command(_lease, Sql.Timestamp(now), Sql.Int32(maxItems), Sql.Timestamp(now + leaseDuration))],
            static reader => Tuple.Create(OutboxRows.Read(reader), Sql.GetInstant(reader, 13)),
            cancellationToken).ConfigureAwait(false);

        // RETURNING keeps no order: give the oldest due first, as the lease picked them.
        return [.. leased.Rows.OrderBy(static row => row.Item2).ThenBy(static row => row.Item1.Message.Key, StringComparer.Ordinal).Select(static row => row.Item1)];
    }

    /// <inheritdoc />
    public Task<bool> CompleteAsync(string key, Guid leaseToken, CancellationToken cancellationToken = default) =>
        EndLeaseAsync("Complete outbox item", _complete, key, leaseToken, () => [Sql.Timestamp(_clock.GetCurrentInstant())], cancellationToken);

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="lastError"/> is <see langword="null"/>.</exception>
    public Task<bool> RetryLaterAsync(string key, Guid leaseToken, string lastError, Instant nextAttemptAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lastError);
        return EndLeaseAsync("Retry outbox item later", _retryLater, key, leaseToken, () => [Sql.Text(lastError), Sql.Timestamp(nextAttemptAt)], cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="lastError"/> is <see langword="null"/>.</exception>
    public Task<bool> DeadLetterAsync(string key, Guid leaseToken, string lastError, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lastError);
        return EndLeaseAsync(
            "Dead-letter outbox item", _deadLetter, key, leaseToken, () => [Sql.Text(lastError), Sql.Timestamp(_clock.GetCurrentInstant())], cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> ReturnLeaseAsync(string key, Guid leaseToken, CancellationToken cancellationToken = default) =>
        EndLeaseAsync("Return outbox lease", _returnLease, key, leaseToken, () => [Sql.Timestamp(_clock.GetCurrentInstant())], cancellationToken);

    /// <inheritdoc />
    public Task<OutboxItem?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _executor.FindAsync("Get outbox item", _get, key, OutboxRows.Read, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<OutboxItem>> ListBySessionAsync(PaymentSessionId sessionId, CancellationToken cancellationToken = default) =>
        sessionId.IsEmpty
            ? Task.FromResult<IReadOnlyList<OutboxItem>>([])
            : _executor.ListAsync("List outbox items of a session", _bySession, sessionId.Value, OutboxRows.Read, cancellationToken);

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxItems"/> is not positive.</exception>
    public async Task<IReadOnlyList<OutboxItem>> ListDeadLetteredAsync(int maxItems, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxItems);
        return (await _executor.QueryAsync(
            "List dead-lettered outbox items", () => [Sql.Command(_deadLettered, Sql.Int32(maxItems))], OutboxRows.Read, cancellationToken).ConfigureAwait(false)).Rows;
    }

    /// <summary>The backlog statement ($1 now), for the test that checks its plan reads the partial indexes only.</summary>
    internal string BacklogSql => _backlog;

    /// <inheritdoc />
    public async Task<OutboxBacklog> GetBacklogAsync(CancellationToken cancellationToken = default)
    {
        var now = _clock.GetCurrentInstant();
        var result = await _executor.QueryAsync(
            "Count outbox backlog",
            () => [Sql.Command(_backlog, Sql.Timestamp(now))],
            static reader => new OutboxBacklog(reader.GetInt64(0), Sql.GetNullableInstant(reader, 1), reader.GetInt64(2)),
            cancellationToken).ConfigureAwait(false);
        return result.Rows[0];
    }

    private async Task<bool> EndLeaseAsync(
        string operation, string sql, string key, Guid leaseToken, Func<NpgsqlParameter[]> values, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var result = await _executor.QueryAsync(
            operation,
            () => [Sql.Command(sql, [Sql.Text(key), Sql.Uuid(leaseToken), .. values()])],
            OutboxRows.Read,
            cancellationToken).ConfigureAwait(false);
        return result.Commands[0].RecordsAffected == 1;
    }

    private static string Qualified(string alias, string columns) =>
        string.Join(", ", columns.Split(',', StringSplitOptions.TrimEntries).Select(column => alias + "." + column));
}
