using System.Security.Cryptography;
using System.Text;
using Npgsql;
using Polly;
using Polly.Retry;

namespace InterviewBooking.PostgreSql;

/// <summary>
/// Keeps one dedicated connection <c>LISTEN</c>ing on the schema's directory channel and catches the index up whenever a notification arrives,
/// or when <see cref="PostgreSqlInterviewerDirectoryOptions.PollInterval"/> passes without one (which also proves the connection alive).
/// Notifications sent while the connection is down are lost, so every (re)connection listens first and then resyncs: it reads every row
/// changed since the last change seen. A lost connection is reopened by a Polly pipeline, after a delay that doubles per failed attempt.
/// </summary>
internal sealed class DirectoryListener
{
    private static readonly ResiliencePropertyKey<bool> Reconnecting = new("InterviewBooking.PostgreSql.Directory.Reconnecting");

    private readonly PostgreSqlExecutor _executor;
    private readonly DirectoryCatchUp _catchUp;
    private readonly PostgreSqlInterviewerDirectoryOptions _options;
    private readonly ResiliencePipeline _pipeline;
    private readonly string _listen;
    private int _failuresInARow;
    private int _notified;
    private int _processId;

    public DirectoryListener(PostgreSqlExecutor executor, DirectoryCatchUp catchUp, PostgreSqlInterviewerDirectoryOptions options)
    {
        _executor = executor;
        _catchUp = catchUp;
        _options = options;
        Channel = ChannelOf(executor.SchemaName);
        _listen = $"LISTEN \"{Channel}\"";
        _pipeline = new ResiliencePipelineBuilder { Name = "InterviewBooking.PostgreSql.DirectoryListener" }
            .AddRetry(new RetryStrategyOptions
            {
                // Everything but the host stopping: a session only ever ends by failing, and it must come back.
                ShouldHandle = static arguments => ValueTask.FromResult(
                    arguments.Outcome.Exception is { } exception
                    && !(exception is OperationCanceledException && arguments.Context.CancellationToken.IsCancellationRequested)),
                MaxRetryAttempts = int.MaxValue,
                DelayGenerator = _ => ValueTask.FromResult<TimeSpan?>(NextDelay()),
                OnRetry = arguments =>
                {
                    arguments.Context.Properties.Set(Reconnecting, true);
                    Log.DirectoryListenerLost(_executor.Logger, arguments.Outcome.Exception!, _executor.SchemaName, _failuresInARow, arguments.RetryDelay);
                    return default;
                },
            })
            .Build();
    }

    /// <summary>The channel the directory's writes notify: one per schema.</summary>
    public string Channel { get; }

    /// <summary>The backend process id of the listening connection, 0 while there is none (tests end it with <c>pg_terminate_backend</c>).</summary>
    public int ProcessId => Volatile.Read(ref _processId);

    /// <summary>The channel of <paramref name="schema"/>: <c>{schema}_directory</c>, or a hash of the schema when that is over PostgreSQL's 63 bytes.</summary>
    public static string ChannelOf(string schema)
    {
        var readable = schema + "_directory";
        return readable.Length <= 63
            ? readable
            : "ib_directory_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(schema)))[..32];
    }

    /// <summary>Listens until <paramref name="stoppingToken"/> is canceled.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var context = ResilienceContextPool.Shared.Get(stoppingToken);
        try
        {
            await _pipeline.ExecuteAsync(static (context, listener) => listener.ListenAsync(context), context, this).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    // One session: connect, LISTEN, resync, then wait for notifications until the connection fails (the pipeline then reconnects).
    private async ValueTask ListenAsync(ResilienceContext context)
    {
        var cancellationToken = context.CancellationToken;
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            connection.Notification += OnNotification;
            using (var listen = Sql.Statement(connection, _listen))
            {
                await listen.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            // Listening before reading: a change committed from here on is notified, one committed before is read now.
            var applied = await _catchUp.RunAsync(connection, cancellationToken).ConfigureAwait(false);
            var reconnected = context.Properties.GetValue(Reconnecting, false);
            Log.DirectoryListening(_executor.Logger, _executor.SchemaName, Channel, _catchUp.LastChange, applied, reconnected);
            Interlocked.Exchange(ref _failuresInARow, 0);
            Volatile.Write(ref _processId, connection.ProcessID);
            try
            {
                var poll = _options.PollInterval.ToTimeSpan();
                while (true)
                {
                    if (!await connection.WaitAsync(poll, cancellationToken).ConfigureAwait(false))
                    {
                        Interlocked.Exchange(ref _notified, 1); // the safety poll
                    }

                    // Notifications that arrive during a catch-up set the flag again: read once more, never miss one.
                    while (Interlocked.Exchange(ref _notified, 0) == 1)
                    {
                        await _catchUp.RunAsync(connection, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            finally
            {
                Volatile.Write(ref _processId, 0);
                connection.Notification -= OnNotification;
            }
        }
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (_options.ListenConnectionString is not { } connectionString)
        {
            return await _executor.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }

        var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs arguments) => Interlocked.Exchange(ref _notified, 1);

    private TimeSpan NextDelay()
    {
        var failures = Interlocked.Increment(ref _failuresInARow);
        var first = _options.ReconnectDelay.ToTimeSpan();
        var max = _options.MaxReconnectDelay.ToTimeSpan();
        var delay = first * Math.Pow(2, Math.Min(failures - 1, 20));
        var capped = delay < max ? delay : max;
        // A little jitter so that instances cut off together do not all reconnect in the same instant.
#pragma warning disable CA5394 // Jitter spreads reconnections; nothing here needs unpredictable numbers.
        return capped * (0.8 + (0.2 * Random.Shared.NextDouble()));
#pragma warning restore CA5394
    }
}
