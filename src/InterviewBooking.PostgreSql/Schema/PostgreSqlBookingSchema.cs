using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Polly;
using Polly.Retry;

namespace InterviewBooking.PostgreSql;

/// <summary>
/// Creates and upgrades the stores' tables. Nothing else runs DDL: call <see cref="EnsureSchemaAsync"/> once before the stores are used
/// (at deployment, or when each instance starts: concurrent calls wait for one another and the later ones find nothing to do).
/// </summary>
/// <remarks>
/// The schema's version lives in its <c>schema_versions</c> table, one row per applied migration. <see cref="EnsureSchemaAsync"/>
/// applies the missing migrations in order inside one transaction, under a database-wide advisory lock, so an upgrade happens entirely or
/// not at all; a step that adds an index to a live table builds it <c>CONCURRENTLY</c> instead, outside the transaction, one instance at
/// a time, and is recorded once its indexes are valid (an interrupted build is dropped and redone by the next call). It refuses a schema newer than this library knows, rather than run against tables it does not understand.
/// The exclusion constraint needs the <c>btree_gist</c> extension: it is created when missing, which needs the right to create it
/// (a trusted extension: the database owner may); otherwise an administrator runs <c>CREATE EXTENSION btree_gist</c> once.
/// </remarks>
public sealed class PostgreSqlBookingSchema
{
    // pg_advisory_xact_lock key shared by every schema in the database: upgrades are rare, and CREATE EXTENSION is database-wide.
    private const long MigrationLockKey = 0x496E_7465_7276_6965; // "Intervie"

    // pg_try_advisory_lock key of concurrent steps (a session-level lock, held across statements outside any transaction).
    private const long ConcurrentMigrationLockKey = MigrationLockKey + 1;

    // Waiting for another instance's concurrent step: an attempt every quarter second, for up to an hour (an index on a large table).
    private static readonly TimeSpan ConcurrentLockWaitLimit = TimeSpan.FromHours(1);

    private static readonly ResiliencePipeline<bool> ConcurrentLockWait = new ResiliencePipelineBuilder<bool> { Name = "InterviewBooking.PostgreSql.Schema" }
        .AddRetry(new RetryStrategyOptions<bool>
        {
            ShouldHandle = static args => ValueTask.FromResult(args.Outcome is { Exception: null, Result: false }),
            Delay = TimeSpan.FromMilliseconds(250),
            BackoffType = DelayBackoffType.Constant,
            UseJitter = true,
            MaxRetryAttempts = (int)(ConcurrentLockWaitLimit / TimeSpan.FromMilliseconds(250)),
        })
        .Build();

    private readonly PostgreSqlExecutor _executor;

    /// <summary>Creates the schema manager.</summary>
    /// <param name="dataSource">The database.</param>
    /// <param name="options">The schema name (<see cref="PostgreSqlStoreOptions.Schema"/>); the default when <see langword="null"/>.</param>
    /// <param name="logger">Logs applied migrations.</param>
    /// <exception cref="ArgumentException">The schema name is not usable.</exception>
    public PostgreSqlBookingSchema(NpgsqlDataSource dataSource, PostgreSqlStoreOptions? options = null, ILogger<PostgreSqlBookingSchema>? logger = null) =>
        _executor = new PostgreSqlExecutor(dataSource, options, (ILogger?)logger ?? NullLogger.Instance);

    /// <summary>The version this library creates and expects.</summary>
    public static int LatestVersion => Migrations.Latest;

    /// <summary>The schema's name.</summary>
    public string Schema => _executor.SchemaName;

    /// <summary>Creates the schema and its tables, or applies the migrations it lacks; does nothing when it is up to date.</summary>
    /// <param name="cancellationToken">Cancels the call; a half-applied upgrade is rolled back.</param>
    /// <returns>The schema's version now (<see cref="LatestVersion"/>).</returns>
    /// <exception cref="InvalidOperationException">The schema is newer than this library, or <c>btree_gist</c> is missing and cannot be created.</exception>
    public Task<int> EnsureSchemaAsync(CancellationToken cancellationToken = default) => MigrateAsync(LatestVersion, cancellationToken);

    /// <summary>
    /// Applies the migrations up to <paramref name="targetVersion"/> only: what a schema written by an earlier release looks like, so tests
    /// can upgrade one in place.
    /// </summary>
    internal async Task<int> MigrateAsync(int targetVersion, CancellationToken cancellationToken = default)
    {
        // Transactional steps run together in one transaction; a concurrent step stops it, runs on its own, and the loop goes on after it.
        while (true)
        {
            var (version, concurrent) = await ApplyInTransactionAsync(targetVersion, cancellationToken).ConfigureAwait(false);
            if (concurrent is null)
            {
                Log.SchemaUpToDate(_executor.Logger, Schema, version);
                return version;
            }

            await ApplyConcurrentlyAsync(concurrent, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Creates the schema when missing and applies, in one transaction under the migration lock, the pending transactional steps up to
    /// <paramref name="targetVersion"/>, stopping before the first concurrent one, which it returns.
    /// </summary>
    private async Task<(int Version, Migration? Concurrent)> ApplyInTransactionAsync(int targetVersion, CancellationToken cancellationToken)
    {
        var connection = await _executor.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await ExecuteAsync(connection, "SELECT pg_advisory_xact_lock($1)", cancellationToken, Sql.Int64(MigrationLockKey)).ConfigureAwait(false);
                await EnsureBtreeGistAsync(connection, cancellationToken).ConfigureAwait(false);

                var s = _executor.Schema;
                await ExecuteAsync(connection, $"CREATE SCHEMA IF NOT EXISTS {s}", cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(
                    connection,
                    $"""
                    CREATE TABLE IF NOT EXISTS {s}.schema_versions (
                        version     integer     NOT NULL,
                        description text        NOT NULL,
                        applied_at  timestamptz NOT NULL DEFAULT now(),
                        CONSTRAINT schema_versions_pkey PRIMARY KEY (version))
                    """,
                    cancellationToken).ConfigureAwait(false);

                var current = await ReadVersionAsync(connection, cancellationToken).ConfigureAwait(false);
                if (current > LatestVersion)
                {
                    throw new InvalidOperationException(
                        $"Schema \"{Schema}\" is at version {current}, newer than this library's {LatestVersion}: upgrade InterviewBooking.PostgreSql.");
                }

                Migration? concurrent = null;
                foreach (var migration in Migrations.All.Where(m => m.Version > current && m.Version <= targetVersion))
                {
                    if (migration.IsConcurrent)
                    {
                        concurrent = migration;
                        break;
                    }

                    await ExecuteAsync(connection, migration.Sql(s), cancellationToken).ConfigureAwait(false);
                    await RecordAsync(connection, migration, cancellationToken).ConfigureAwait(false);
                    current = migration.Version;
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return (concurrent is null ? Math.Max(current, targetVersion) : current, concurrent);
            }
        }
    }

    /// <summary>
    /// Builds a concurrent step's indexes with <c>CREATE INDEX CONCURRENTLY</c> (and drops those it drops with <c>DROP INDEX CONCURRENTLY</c>),
    /// which cannot run inside a transaction: one instance at a time
    /// (a session-level advisory lock of its own), each index as its own statement, then records the step. An index an interrupted build left
    /// INVALID is dropped and built again; one already valid (the build finished but the step was not recorded) is kept.
    /// </summary>
    /// <remarks>
    /// The lock is taken with <c>pg_try_advisory_lock</c> and waited for between attempts, never inside a statement: a build waits for every
    /// transaction holding an older snapshot, so another instance blocked in a statement on the lock would wait on the build that waits on it.
    /// </remarks>
    private async Task ApplyConcurrentlyAsync(Migration migration, CancellationToken cancellationToken)
    {
        var connection = await _executor.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var locked = await ConcurrentLockWait.ExecuteAsync(
                async ct => await ScalarAsync(connection, "SELECT pg_try_advisory_lock($1)", ct, Sql.Int64(ConcurrentMigrationLockKey)).ConfigureAwait(false) is true,
                cancellationToken).ConfigureAwait(false);
            if (!locked)
            {
                throw new InvalidOperationException(
                    $"Schema \"{Schema}\": another instance has been applying migration {migration.Version} for over {ConcurrentLockWaitLimit}; is it stuck?");
            }

            try
            {
                // Another instance may have applied it while this one waited.
                if (await ReadVersionAsync(connection, cancellationToken).ConfigureAwait(false) >= migration.Version)
                {
                    return;
                }

                var s = _executor.Schema;
                foreach (var index in migration.ConcurrentIndexes)
                {
                    var valid = await ScalarAsync(
                        connection,
                        "SELECT i.indisvalid FROM pg_index i WHERE i.indexrelid = to_regclass($1)",
                        cancellationToken,
                        Sql.Text($"{s}.{index.Name}")).ConfigureAwait(false);
                    if (valid is true)
                    {
                        continue;
                    }

                    if (valid is false)
                    {
                        Log.InvalidIndexDropped(_executor.Logger, Schema, index.Name, migration.Version);
                        await BuildAsync(connection, $"DROP INDEX CONCURRENTLY IF EXISTS {s}.{index.Name}", cancellationToken).ConfigureAwait(false);
                    }

                    await BuildAsync(connection, $"CREATE INDEX CONCURRENTLY {index.Name} ON {index.Definition(s)}", cancellationToken)
                        .ConfigureAwait(false);
                }

                // IF EXISTS: an interrupted step may have dropped some already; a drop interrupted part-way leaves the index INVALID, and
                // dropping it again finishes the job.
                foreach (var name in migration.DroppedIndexes)
                {
                    await BuildAsync(connection, $"DROP INDEX CONCURRENTLY IF EXISTS {s}.{name}", cancellationToken).ConfigureAwait(false);
                }

                await RecordAsync(connection, migration, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                // Released even when the build failed or was canceled; a broken connection releases it when its session ends.
                await ExecuteAsync(connection, "SELECT pg_advisory_unlock($1)", CancellationToken.None, Sql.Int64(ConcurrentMigrationLockKey)).ConfigureAwait(false);
            }
        }
    }

    private async Task RecordAsync(NpgsqlConnection connection, Migration migration, CancellationToken cancellationToken)
    {
        await ExecuteAsync(
            connection,
            $"INSERT INTO {_executor.Schema}.schema_versions (version, description) VALUES ($1, $2)",
            cancellationToken,
            Sql.Int64(migration.Version),
            Sql.Text(migration.Description)).ConfigureAwait(false);
        Log.MigrationApplied(_executor.Logger, Schema, migration.Version, migration.Description);
    }

    /// <summary>The schema's version: 0 when it was never created.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<int> GetVersionAsync(CancellationToken cancellationToken = default)
    {
        var connection = await _executor.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var table = await ScalarAsync(connection, "SELECT to_regclass($1) IS NOT NULL", cancellationToken, Sql.Text(_executor.Schema + ".schema_versions"))
                .ConfigureAwait(false);
            return table is true ? await ReadVersionAsync(connection, cancellationToken).ConfigureAwait(false) : 0;
        }
    }

    private async Task<int> ReadVersionAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        Convert.ToInt32(
            await ScalarAsync(connection, $"SELECT coalesce(max(version), 0) FROM {_executor.Schema}.schema_versions", cancellationToken).ConfigureAwait(false),
            System.Globalization.CultureInfo.InvariantCulture);

    private static async Task EnsureBtreeGistAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        if (await ScalarAsync(connection, "SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'btree_gist')", cancellationToken).ConfigureAwait(false) is true)
        {
            return;
        }

        try
        {
            await ExecuteAsync(connection, "CREATE EXTENSION IF NOT EXISTS btree_gist", cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException exception)
        {
            throw new InvalidOperationException(
                $"The btree_gist extension is missing and could not be created ({exception.MessageText}). " +
                $"Ask an administrator to run \"CREATE EXTENSION btree_gist\" once in database \"{connection.Database}\".",
                exception);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string text, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        using var command = Sql.Statement(connection, text, parameters);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    // An index build (or drop) on a large table takes as long as it takes: no command timeout; the caller's token still cancels it.
    private static async Task BuildAsync(NpgsqlConnection connection, string text, CancellationToken cancellationToken)
    {
        using var command = Sql.Statement(connection, text);
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string text, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        using var command = Sql.Statement(connection, text, parameters);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }
}
