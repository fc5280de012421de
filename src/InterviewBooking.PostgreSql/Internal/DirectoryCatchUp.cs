using Npgsql;

namespace InterviewBooking.PostgreSql;

/// <summary>
/// Brings an <see cref="InterviewerIndex"/> up to the <c>interviewers</c> table: reads the rows whose change number is above the last one
/// applied and applies them in change order, copying only what they touch. One catch-up runs at a time, so the index only moves forward.
/// </summary>
/// <remarks>
/// Change numbers commit in the order they are handed out (every write locks the one <c>interviewer_directory</c> row first), so after
/// reading up to change n nothing at or below n can still appear: the rows above the last change seen are exactly what this instance missed,
/// whether a notification arrived for them or not.
/// </remarks>
internal sealed class DirectoryCatchUp(PostgreSqlExecutor executor, InterviewerIndex index) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _lastChange;

    /// <summary>The highest change number the index reflects (0 before the first catch-up).</summary>
    public long LastChange => Volatile.Read(ref _lastChange);

    /// <summary>Applies every change above <see cref="LastChange"/>, read on <paramref name="connection"/> or on a pooled one when <see langword="null"/>.</summary>
    /// <returns>How many rows were applied.</returns>
    public async Task<int> RunAsync(NpgsqlConnection? connection, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var since = _lastChange;
            var sql = $"SELECT {InterviewerRows.Columns} FROM {executor.Schema}.interviewers WHERE change > $1 ORDER BY change, id";
            var zones = executor.Options.TimeZoneProvider ?? DateTimeZoneProviders.Tzdb;
            var rows = connection is null
                ? (await executor.QueryAsync("CatchUpInterviewers", () => [Sql.Command(sql, Sql.Int64(since))], r => InterviewerRows.Read(r, zones), cancellationToken)
                    .ConfigureAwait(false)).Rows
                : await ReadAsync(connection, sql, since, zones, cancellationToken).ConfigureAwait(false);
            if (rows.Count == 0)
            {
                return 0;
            }

            Apply(rows);
            Volatile.Write(ref _lastChange, rows[^1].Change);
            return rows.Count;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private static async Task<IReadOnlyList<InterviewerChange>> ReadAsync(
        NpgsqlConnection connection, string sql, long since, IDateTimeZoneProvider zones, CancellationToken cancellationToken)
    {
        using var command = Sql.Statement(connection, sql, Sql.Int64(since));
        var rows = new List<InterviewerChange>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add(InterviewerRows.Read(reader, zones));
            }
        }

        return rows;
    }

    // In change order: a run of stored profiles is one atomic edit of the index, each removal another, so no reader sees a state the
    // table never had between two changes.
    private void Apply(IReadOnlyList<InterviewerChange> rows)
    {
        var run = new List<InterviewerChange>();
        foreach (var row in rows)
        {
            if (row.Problem is { } problem)
            {
                Log.InterviewerRowUnreadable(executor.Logger, executor.SchemaName, row.Id, row.Change, problem);
            }

            if (row.Profile is not null)
            {
                run.Add(row);
                continue;
            }

            Flush(run);
            index.Remove(row.Id);
        }

        Flush(run);
    }

    private void Flush(List<InterviewerChange> run)
    {
        if (run.Count == 0)
        {
            return;
        }

        try
        {
            index.AddOrUpdateRange(run.Select(static r => r.Profile!));
        }
        catch (ArgumentException)
        {
            // A row the index refuses (written by something other than this library): the others apply, it reads as missing.
            foreach (var row in run)
            {
                try
                {
                    index.AddOrUpdate(row.Profile!);
                }
                catch (ArgumentException exception)
                {
                    Log.InterviewerRowUnreadable(executor.Logger, executor.SchemaName, row.Id, row.Change, exception.Message);
                    index.Remove(row.Id);
                }
            }
        }

        run.Clear();
    }
}
