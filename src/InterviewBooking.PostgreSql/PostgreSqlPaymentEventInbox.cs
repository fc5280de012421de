using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace InterviewBooking.PostgreSql;

/// <summary>
/// An <see cref="IPaymentEventInbox"/> on PostgreSQL: <c>processed_payment_events</c> keyed by the provider's event id, so of concurrent
/// records on any instances the first stays (<c>INSERT ... ON CONFLICT DO NOTHING</c>). Any gateway adapter can use it.
/// </summary>
public sealed class PostgreSqlPaymentEventInbox : IPaymentEventInbox
{
    private readonly PostgreSqlExecutor _executor;
    private readonly string _find;
    private readonly string _record;

    /// <summary>Creates the inbox; the tables must exist (<see cref="PostgreSqlBookingSchema.EnsureSchemaAsync"/>).</summary>
    /// <param name="dataSource">The database.</param>
    /// <param name="options">The schema; the default when <see langword="null"/>. Its connection settings are not read here.</param>
    /// <param name="logger">Logs retries.</param>
    /// <exception cref="ArgumentException">The schema name is not usable.</exception>
    public PostgreSqlPaymentEventInbox(NpgsqlDataSource dataSource, PostgreSqlStoreOptions? options = null, ILogger<PostgreSqlPaymentEventInbox>? logger = null)
    {
        _executor = new PostgreSqlExecutor(dataSource, options, (ILogger?)logger ?? NullLogger.Instance);
        var table = _executor.Schema + ".processed_payment_events";
        _find = $"SELECT event_id, event_type, session_id, outcome, processed_at FROM {table} WHERE event_id = $1";
        _record = $"""
            INSERT INTO {table} (event_id, event_type, session_id, outcome, processed_at) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (event_id) DO NOTHING
            """;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="eventId"/> is blank.</exception>
    public Task<ProcessedPaymentEvent?> FindAsync(string eventId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventId);
        return _executor.FindAsync(
            "Find processed payment event",
            _find,
            eventId,
            static reader => new ProcessedPaymentEvent(
                reader.GetString(0),
                reader.GetString(1),
                Sql.GetNullableString(reader, 2) is { } sessionId ? new PaymentSessionId(sessionId) : null,
                StoredEnums.EventOutcome.Parse(reader.GetString(3)),
                Sql.GetInstant(reader, 4)),
            cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The event id is blank.</exception>
    public Task<bool> TryRecordAsync(ProcessedPaymentEvent processed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(processed);
        ArgumentException.ThrowIfNullOrWhiteSpace(processed.EventId, nameof(processed));
        NpgsqlBatchCommand Record() => Sql.Command(
            _record,
            Sql.Text(processed.EventId),
            Sql.Text(processed.EventType ?? string.Empty),
            Sql.NullableText(processed.SessionId is { IsEmpty: false } sessionId ? sessionId.Value : null),
            Sql.Text(StoredEnums.EventOutcome.NameOf(processed.Outcome)),
            Sql.Timestamp(processed.ProcessedAt));
        return _executor.RunAsync(
            "Record processed payment event",
            async (connection, ct) =>
            {
                var batch = PostgreSqlExecutor.Batch(connection, Record());
                await using (batch.ConfigureAwait(false))
                {
                    return await batch.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
                }
            },
            cancellationToken);
    }
}
