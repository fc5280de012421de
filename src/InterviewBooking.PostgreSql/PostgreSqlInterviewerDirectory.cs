using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace InterviewBooking.PostgreSql;

/// <summary>
/// An <see cref="IIndexedInterviewerDirectory"/> whose profiles live in the <c>interviewers</c> table, shared by every instance of the host:
/// each instance keeps them in its own <see cref="InterviewerIndex"/> (matches never query the database) and follows every instance's edits
/// through <c>LISTEN</c>/<c>NOTIFY</c>, applying only the rows that changed.
/// </summary>
/// <remarks>
/// <para><b>Edits.</b> <see cref="AddOrUpdateAsync"/>, <see cref="AddOrUpdateRangeAsync"/> and <see cref="RemoveAsync"/> are the in-memory
/// directory's edits, made durable: one transaction each, which takes the next directory-wide change number, writes the rows (a version per
/// row) and sends one notification, so the notification exists exactly when the write does. When the call returns, this instance's index
/// holds the change.</para>
/// <para><b>Other instances</b> apply it when the notification arrives (a round trip and one read, normally milliseconds), or at the latest
/// after <see cref="PostgreSqlInterviewerDirectoryOptions.PollInterval"/>, when the listener reads the changes anyway. A listener that
/// loses its connection reconnects (<see cref="PostgreSqlInterviewerDirectoryOptions.ReconnectDelay"/>, doubling up to
/// <see cref="PostgreSqlInterviewerDirectoryOptions.MaxReconnectDelay"/>) and resyncs: it reads every row changed since the last change it
/// saw, the ones whose notifications it missed among them. Meanwhile its index stays as it was, never half-applied.</para>
/// <para><b>Start.</b> The first use loads every profile and starts the listener: the hosted service that
/// <c>AddPostgreSqlInterviewerDirectory</c> registers does it when the host starts; without a host, await <see cref="StartAsync"/> (the async
/// members wait for it themselves; reading <see cref="Index"/> first only starts it).</para>
/// </remarks>
public sealed class PostgreSqlInterviewerDirectory : IIndexedInterviewerDirectory, IAsyncDisposable, IDisposable
{
    private readonly PostgreSqlExecutor _executor;
    private readonly IDateTimeZoneProvider _zones;
    private readonly InterviewerIndex _index = new();
    private readonly DirectoryCatchUp _catchUp;
    private readonly DirectoryListener _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _startGate = new();
    private Task? _started;
    private Task? _listening;
    private int _disposed;

    /// <summary>Creates the directory; nothing is read until it starts (<see cref="StartAsync"/>, or any use).</summary>
    /// <param name="dataSource">The database (the stores' data source, say); the directory never disposes it.</param>
    /// <param name="storeOptions">The schema and the time zone provider; the defaults when <see langword="null"/>.</param>
    /// <param name="options">The listener's settings; the defaults when <see langword="null"/>.</param>
    /// <param name="logger">Logs the listener's connections and unusable rows.</param>
    /// <exception cref="ArgumentNullException"><paramref name="dataSource"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The schema name is not usable.</exception>
    public PostgreSqlInterviewerDirectory(
        NpgsqlDataSource dataSource,
        PostgreSqlStoreOptions? storeOptions = null,
        PostgreSqlInterviewerDirectoryOptions? options = null,
        ILogger<PostgreSqlInterviewerDirectory>? logger = null)
    {
        _executor = new PostgreSqlExecutor(dataSource, storeOptions, (ILogger?)logger ?? NullLogger.Instance);
        _zones = _executor.Options.TimeZoneProvider ?? DateTimeZoneProviders.Tzdb;
        _catchUp = new DirectoryCatchUp(_executor, _index);
        _listener = new DirectoryListener(_executor, _catchUp, options ?? new PostgreSqlInterviewerDirectoryOptions());
    }

    /// <inheritdoc />
    /// <remarks>Reading it before the directory started starts it in the background; the index fills once the profiles are loaded.</remarks>
    public InterviewerIndex Index
    {
        get
        {
            if (Volatile.Read(ref _started) is null)
            {
                _ = StartInBackground();
            }

            return _index;
        }
    }

    /// <summary>How many interviewers this instance's index holds, active or not.</summary>
    public int Count => _index.Count;

    /// <summary>How many of them are active.</summary>
    public int ActiveCount => _index.ActiveCount;

    /// <summary>The highest directory-wide change number this instance's index reflects (0 before it loaded anything).</summary>
    public long LastChange => _catchUp.LastChange;

    /// <summary>The channel the directory's writes notify (<c>{schema}_directory</c>), for operators watching <c>pg_stat_activity</c>.</summary>
    public string Channel => _listener.Channel;

    /// <summary>The listener connection's backend process id, 0 while it is not listening.</summary>
    internal int ListenerProcessId => _listener.ProcessId;

    /// <summary>
    /// Loads every profile into the index and starts following changes; later calls wait for the first load and do nothing else.
    /// A load that failed is tried again by the next call.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting (the load itself goes on for the other callers).</param>
    /// <exception cref="ObjectDisposedException">The directory was disposed.</exception>
    public Task StartAsync(CancellationToken cancellationToken = default) => EnsureStarted().WaitAsync(cancellationToken);

    /// <summary>Adds an interviewer, or replaces the stored profile with the same id (re-indexing it), for every instance.</summary>
    /// <param name="profile">The profile; its <see cref="InterviewerProfile.Id"/> must not be empty.</param>
    /// <param name="cancellationToken">Cancels the call; a write canceled before its commit leaves nothing behind.</param>
    /// <exception cref="ArgumentNullException"><paramref name="profile"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The profile is one the in-memory directory refuses, or its zone is unknown to the store's time zone
    /// provider, or a duration is over about 292 years; nothing is written.</exception>
    public Task AddOrUpdateAsync(InterviewerProfile profile, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return AddOrUpdateRangeAsync([profile], cancellationToken);
    }

    /// <summary>Adds or replaces many interviewers in one transaction: every instance's readers see all of them or none.</summary>
    /// <param name="profiles">The profiles; the last profile with an id wins.</param>
    /// <param name="cancellationToken">Cancels the call; a write canceled before its commit leaves nothing behind.</param>
    /// <exception cref="ArgumentNullException"><paramref name="profiles"/> or one of its items is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A profile is invalid (see <see cref="AddOrUpdateAsync"/>); nothing is written.</exception>
    public async Task AddOrUpdateRangeAsync(IEnumerable<InterviewerProfile> profiles, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        var given = new List<InterviewerProfile>(profiles);

        // The same checks, and the same errors, as the in-memory directory's: an index of the batch alone.
        new InterviewerIndex().AddOrUpdateRange(given);
        var batch = new Dictionary<InterviewerId, InterviewerProfile>();
        foreach (var profile in given)
        {
            InterviewerRows.CheckStorable(profile, _zones, nameof(profiles));
            batch[profile.Id] = profile;
        }

        if (batch.Count == 0)
        {
            return;
        }

        await StartAsync(cancellationToken).ConfigureAwait(false);
        var written = batch.Values.ToArray();
        await WriteAsync(
            "AddOrUpdateInterviewers",
            (schema, change) => [.. written.Select(p => InterviewerRows.Upsert(schema, p, change))],
            static _ => true,
            cancellationToken).ConfigureAwait(false);
        await _catchUp.RunAsync(null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes an interviewer, for every instance.</summary>
    /// <param name="id">The interviewer's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether an interviewer with that id was stored.</returns>
    public async Task<bool> RemoveAsync(InterviewerId id, CancellationToken cancellationToken = default)
    {
        if (id.IsEmpty)
        {
            return false;
        }

        await StartAsync(cancellationToken).ConfigureAwait(false);
        var removed = await WriteAsync(
            "RemoveInterviewer",
            (schema, change) => [InterviewerRows.Remove(schema, id, change)],
            static commands => commands[0].RecordsAffected == 1,
            cancellationToken).ConfigureAwait(false);
        if (removed)
        {
            await _catchUp.RunAsync(null, cancellationToken).ConfigureAwait(false);
        }

        return removed;
    }

    /// <inheritdoc />
    /// <remarks>Reads this instance's index (after the first load): an inactive interviewer's profile too, as in memory.</remarks>
    public ValueTask<InterviewerProfile?> GetAsync(InterviewerId id, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return IsLoaded ? ValueTask.FromResult(_index.Get(id)) : GetAfterStartAsync(id, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>Reads this instance's index (after the first load). A blank category matches nobody; the list is ordered by id and never changes.</remarks>
    public ValueTask<IReadOnlyList<InterviewerProfile>> FindAsync(string? skillCategory, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return IsLoaded ? ValueTask.FromResult(_index.Find(skillCategory)) : FindAfterStartAsync(skillCategory, cancellationToken);
    }

    /// <summary>Stops the listener and closes its connection; the index keeps what it holds.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        if (Volatile.Read(ref _listening) is { } listening)
        {
            await listening.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _stopping.Dispose();
        _catchUp.Dispose();
    }

    /// <summary>Stops the listener, waiting for it (prefer <see cref="DisposeAsync"/>).</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private bool IsLoaded => Volatile.Read(ref _started) is { IsCompletedSuccessfully: true };

    private async ValueTask<InterviewerProfile?> GetAfterStartAsync(InterviewerId id, CancellationToken cancellationToken)
    {
        await StartAsync(cancellationToken).ConfigureAwait(false);
        return _index.Get(id);
    }

    private async ValueTask<IReadOnlyList<InterviewerProfile>> FindAfterStartAsync(string? skillCategory, CancellationToken cancellationToken)
    {
        await StartAsync(cancellationToken).ConfigureAwait(false);
        return _index.Find(skillCategory);
    }

    private Task EnsureStarted()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        lock (_startGate)
        {
            if (_started is null || _started.IsFaulted || _started.IsCanceled)
            {
                _started = LoadAndListenAsync();
            }

            return _started;
        }
    }

    private Task StartInBackground()
    {
        if (Volatile.Read(ref _disposed) == 1)
        {
            return Task.CompletedTask;
        }

        // Nobody awaits this start: its failure is logged (in LoadAndListenAsync) and the next use tries again.
        return EnsureStarted().ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    private async Task LoadAndListenAsync()
    {
        try
        {
            await _catchUp.RunAsync(null, _stopping.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.DirectoryLoadFailed(_executor.Logger, exception, _executor.SchemaName);
            throw;
        }

        // Loaded: the listener resyncs from here once it listens, so nothing committed in between is missed.
        Volatile.Write(ref _listening, Task.Run(() => _listener.RunAsync(_stopping.Token)));
    }

    // One transaction: the directory row (locked by its update, so writers on every instance take turns and change numbers commit in order),
    // the statements, and the notification, sent by PostgreSQL at commit and never for a write that rolled back.
    private Task<bool> WriteAsync(
        string operation, Func<string, long, NpgsqlBatchCommand[]> statements, Func<IReadOnlyList<NpgsqlBatchCommand>, bool> changed, CancellationToken cancellationToken) =>
        _executor.RunAsync(
            operation,
            async (connection, ct) =>
            {
                var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    long change;
                    using (var next = Sql.Statement(
                        connection, $"UPDATE {_executor.Schema}.interviewer_directory SET last_change = last_change + 1 RETURNING last_change"))
                    {
                        change = (long)(await next.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
                    }

                    var commands = statements(_executor.Schema, change);
                    var batch = PostgreSqlExecutor.Batch(connection, commands);
                    await using (batch.ConfigureAwait(false))
                    {
                        await batch.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                    }

                    if (!changed(commands))
                    {
                        await transaction.RollbackAsync(ct).ConfigureAwait(false);
                        return false;
                    }

                    using (var notify = Sql.Statement(connection, "SELECT pg_notify($1, $2)", Sql.Text(_listener.Channel), Sql.Text(change.ToString(System.Globalization.CultureInfo.InvariantCulture))))
                    {
                        await notify.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                    }

                    await transaction.CommitAsync(ct).ConfigureAwait(false);
                    return true;
                }
            },
            cancellationToken);
}
