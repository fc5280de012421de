using Microsoft.Extensions.Logging;
using Npgsql;
using Polly;
using Polly.Retry;

namespace InterviewBooking.PostgreSql;

/// <summary>
/// Runs the stores' statements: a connection from the data source per call, a bounded retry (a Polly pipeline, a few milliseconds of jittered
/// back-off) when PostgreSQL aborts a statement to break a deadlock or a serialization conflict (the statements are atomic, so repeating one is
/// safe), and a clear error when the tables are missing.
/// </summary>
internal sealed class PostgreSqlExecutor
{
    private const int MaxAttempts = 3;

    private static readonly ResiliencePropertyKey<string> OperationKey = new("InterviewBooking.PostgreSql.Operation");

    private readonly ResiliencePipeline _retry;

    public PostgreSqlExecutor(NpgsqlDataSource dataSource, PostgreSqlStoreOptions? options, ILogger logger)
    {
        DataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));
        Options = options ?? new PostgreSqlStoreOptions();
        SchemaName = Options.Schema;
        Schema = PostgreSql.SchemaName.Quote(Options.Schema, nameof(options));
        Logger = logger;
        _retry = new ResiliencePipelineBuilder { Name = "InterviewBooking.PostgreSql" }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<PostgresException>(IsTransient),
                MaxRetryAttempts = MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(5),
                OnRetry = arguments =>
                {
                    var exception = (PostgresException)arguments.Outcome.Exception!;
                    var operation = arguments.Context.Properties.GetValue(OperationKey, "statement");
                    Log.TransientRetry(Logger, exception, operation, exception.SqlState, arguments.AttemptNumber + 2, MaxAttempts);
                    return default;
                },
            })
            .Build();
    }

    public NpgsqlDataSource DataSource { get; }

    public PostgreSqlStoreOptions Options { get; }

    /// <summary>The schema's name as configured.</summary>
    public string SchemaName { get; }

    /// <summary>The schema as a quoted SQL identifier, checked by <see cref="PostgreSql.SchemaName"/>.</summary>
    public string Schema { get; }

    public ILogger Logger { get; }

    /// <summary>The zone a stored id names, from <see cref="PostgreSqlStoreOptions.TimeZoneProvider"/> (TZDB by default).</summary>
    /// <param name="zoneId">The stored zone id.</param>
    /// <param name="row">The row, for the error (<c>Payment session 'ps_1'</c>, say).</param>
    /// <exception cref="InvalidDataException">The provider does not know the zone.</exception>
    public DateTimeZone Zone(string zoneId, string row)
    {
        var zones = Options.TimeZoneProvider ?? DateTimeZoneProviders.Tzdb;
        return zones.GetZoneOrNull(zoneId)
            ?? throw new InvalidDataException($"{row}: candidate_time_zone \"{zoneId}\" is unknown to the time zone provider ({zones.VersionId}).");
    }

    /// <summary>Runs <paramref name="work"/> on an open connection, again (up to 3 attempts) after a deadlock or serialization failure.</summary>
    public async Task<T> RunAsync<T>(string operation, Func<NpgsqlConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(OperationKey, operation);
        try
        {
            return await _retry.ExecuteAsync(
                static async (context, state) =>
                {
                    var connection = await state.DataSource.OpenConnectionAsync(context.CancellationToken).ConfigureAwait(false);
                    await using (connection.ConfigureAwait(false))
                    {
                        return await state.work(connection, context.CancellationToken).ConfigureAwait(false);
                    }
                },
                context,
                (DataSource, work)).ConfigureAwait(false);
        }
        catch (PostgresException exception) when (exception.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName)
        {
            throw new InvalidOperationException(
                $"The InterviewBooking tables are missing from schema \"{SchemaName}\" ({exception.MessageText}). " +
                "Create or upgrade them once before use: await PostgreSqlBookingSchema.EnsureSchemaAsync().",
                exception);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>
    /// Sends the statements <paramref name="commands"/> makes (again on a retry) as one batch (see <see cref="Batch"/>) and maps the rows
    /// of the first result set; the statements come back too, for their <see cref="NpgsqlBatchCommand.RecordsAffected"/>.
    /// </summary>
    public Task<BatchRows<T>> QueryAsync<T>(
        string operation, Func<NpgsqlBatchCommand[]> commands, Func<NpgsqlDataReader, T> map, CancellationToken cancellationToken) =>
        QueryAsync(operation, commands, map, prepare: false, cancellationToken);

    /// <summary>
    /// As <see cref="QueryAsync{T}(string, Func{NpgsqlBatchCommand[]}, Func{NpgsqlDataReader, T}, CancellationToken)"/>; with
    /// <paramref name="prepare"/>, the statements are prepared on the physical connection first. Npgsql keeps a prepared statement with the
    /// pooled connection, so only a connection's first call pays the extra round trip; later ones skip parsing and, once PostgreSQL settles on
    /// its generic plan, planning. Only for statements whose generic plan is the one a custom plan would be.
    /// </summary>
    public Task<BatchRows<T>> QueryAsync<T>(
        string operation, Func<NpgsqlBatchCommand[]> commands, Func<NpgsqlDataReader, T> map, bool prepare, CancellationToken cancellationToken) =>
        QueryAsync(operation, commands, map, prepare, expectedRows: 0, cancellationToken);

    /// <summary>
    /// As <see cref="QueryAsync{T}(string, Func{NpgsqlBatchCommand[]}, Func{NpgsqlDataReader, T}, bool, CancellationToken)"/>, the rows' list
    /// sized for <paramref name="expectedRows"/> up front (a read of hundreds of rows otherwise regrows it several times).
    /// </summary>
    public Task<BatchRows<T>> QueryAsync<T>(
        string operation, Func<NpgsqlBatchCommand[]> commands, Func<NpgsqlDataReader, T> map, bool prepare, int expectedRows, CancellationToken cancellationToken) =>
        RunAsync(
            operation,
            async (connection, ct) =>
            {
                var statements = commands();
                var batch = Batch(connection, statements);
                await using (batch.ConfigureAwait(false))
                {
                    if (prepare)
                    {
                        await batch.PrepareAsync(ct).ConfigureAwait(false);
                    }

                    var rows = new List<T>(expectedRows);
                    var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        while (await reader.ReadAsync(ct).ConfigureAwait(false))
                        {
                            rows.Add(map(reader));
                        }
                    }

                    return new BatchRows<T>(rows, statements);
                }
            },
            cancellationToken);

    /// <summary>The rows of one query whose only parameter ($1) is <paramref name="key"/>, mapped.</summary>
    public async Task<IReadOnlyList<T>> ListAsync<T>(string operation, string sql, string key, Func<NpgsqlDataReader, T> map, CancellationToken cancellationToken)
        where T : class =>
        (await QueryAsync(operation, () => [Sql.Command(sql, Sql.Text(key))], map, cancellationToken).ConfigureAwait(false)).Rows;

    /// <summary>The first row of one query whose only parameter ($1) is <paramref name="key"/>, mapped; <see langword="null"/> when none.</summary>
    public Task<T?> FindAsync<T>(string operation, string sql, string key, Func<NpgsqlDataReader, T> map, CancellationToken cancellationToken)
        where T : class =>
        FindAsync(operation, sql, key, map, prepare: false, cancellationToken);

    /// <summary>As <see cref="FindAsync{T}(string, string, string, Func{NpgsqlDataReader, T}, CancellationToken)"/>, prepared first with <paramref name="prepare"/> (see <see cref="QueryAsync{T}(string, Func{NpgsqlBatchCommand[]}, Func{NpgsqlDataReader, T}, bool, CancellationToken)"/>).</summary>
    public async Task<T?> FindAsync<T>(string operation, string sql, string key, Func<NpgsqlDataReader, T> map, bool prepare, CancellationToken cancellationToken)
        where T : class =>
        (await QueryAsync(operation, () => [Sql.Command(sql, Sql.Text(key))], map, prepare, cancellationToken).ConfigureAwait(false)).First;

    /// <summary>
    /// A batch of <paramref name="commands"/> on <paramref name="connection"/>, sent in one round trip; without a transaction PostgreSQL runs them
    /// in one implicit transaction, each statement with a fresh snapshot. Its reader has one result set per statement that returns rows
    /// (a <c>SELECT</c>, a <c>RETURNING</c>): Npgsql passes over the others, whose counts are in <see cref="NpgsqlBatchCommand.RecordsAffected"/>.
    /// </summary>
    public static NpgsqlBatch Batch(NpgsqlConnection connection, params NpgsqlBatchCommand[] commands)
    {
        var batch = new NpgsqlBatch(connection);
        foreach (var command in commands)
        {
            batch.BatchCommands.Add(command);
        }

        return batch;
    }

    private static bool IsTransient(PostgresException exception) =>
        exception.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure;
}

/// <summary>The rows a batch returned, and its statements (with their counts).</summary>
internal readonly record struct BatchRows<T>(IReadOnlyList<T> Rows, IReadOnlyList<NpgsqlBatchCommand> Commands)
{
    /// <summary>The first row; <see langword="default"/> (<see langword="null"/> for a class) when none.</summary>
    public T? First => Rows.Count > 0 ? Rows[0] : default;
}
