using System.Text.Json;
using System.Text.Json.Serialization;
using Npgsql;

namespace InterviewBooking.PostgreSql;

/// <summary>
/// The outbox table's columns as both stores write and read them: <see cref="PostgreSqlOutboxStore"/>, and
/// <see cref="PostgreSqlPaymentSessionStore"/>, which inserts a transition's messages in the compare-and-set's own statement.
/// </summary>
internal static class OutboxRows
{
    public const string Columns =
        "key, kind, session_id, data, due_at, status, attempts, next_attempt_at, lease_token, leased_until, last_error, created_at, finished_at";

    /// <summary>
    /// The columns of a transition's messages, passed as five parallel arrays from <paramref name="first"/> on ($n keys, $n+1 kinds,
    /// $n+2 session ids, $n+3 data as JSON text, $n+4 due times) and read with <c>unnest</c>, so any number of messages is one statement.
    /// </summary>
    public static string Unnest(int first) =>
        $"unnest(${first}::text[], ${first + 1}::text[], ${first + 2}::text[], ${first + 3}::text[], ${first + 4}::timestamptz[]) AS m(key, kind, session_id, data, due_at)";

    /// <summary>The five arrays <see cref="Unnest"/> reads, in order.</summary>
    public static NpgsqlParameter[] Arrays(IReadOnlyList<OutboxMessage> messages) =>
    [
        Sql.TextArray([.. messages.Select(static m => m.Key)]),
        Sql.TextArray([.. messages.Select(static m => m.Kind)]),
        Sql.NullableTextArray([.. messages.Select(static m => m.SessionId is { IsEmpty: false } id ? id.Value : null)]),
        Sql.TextArray([.. messages.Select(static m => WriteData(m.Data))]),
        Sql.TimestampArray([.. messages.Select(static m => m.DueAt)]),
    ];

    /// <exception cref="ArgumentException">A message has a blank key or kind.</exception>
    public static void EnsureValid(OutboxMessage message, string paramName)
    {
        ArgumentNullException.ThrowIfNull(message, paramName);
        if (string.IsNullOrWhiteSpace(message.Key) || string.IsNullOrWhiteSpace(message.Kind))
        {
            throw new ArgumentException($"An outbox message needs a key and a kind; got key \"{message.Key}\", kind \"{message.Kind}\".", paramName);
        }
    }

    public static string WriteData(IReadOnlyDictionary<string, string> data) =>
        JsonSerializer.Serialize(data.ToDictionary(static p => p.Key, static p => p.Value, StringComparer.Ordinal), OutboxJsonContext.Default.DictionaryStringString);

    /// <summary>Reads a row of <see cref="Columns"/>.</summary>
    public static OutboxItem Read(NpgsqlDataReader reader)
    {
        var key = reader.GetString(0);
        var data = JsonSerializer.Deserialize(reader.GetString(3), OutboxJsonContext.Default.DictionaryStringString)
            ?? throw new InvalidDataException($"Outbox item '{key}': data is null.");
        return new OutboxItem
        {
            Message = new OutboxMessage(key, reader.GetString(1), Sql.GetInstant(reader, 4))
            {
                SessionId = Sql.GetNullableString(reader, 2) is { } sessionId ? new PaymentSessionId(sessionId) : null,
                Data = new Dictionary<string, string>(data, StringComparer.Ordinal),
            },
            Status = StoredEnums.OutboxStatus.Parse(reader.GetString(5)),
            Attempts = reader.GetInt32(6),
            NextAttemptAt = Sql.GetInstant(reader, 7),
            LeaseToken = reader.IsDBNull(8) ? null : reader.GetGuid(8),
            LeasedUntil = Sql.GetNullableInstant(reader, 9),
            LastError = Sql.GetNullableString(reader, 10),
            CreatedAt = Sql.GetInstant(reader, 11),
            FinishedAt = Sql.GetNullableInstant(reader, 12),
        };
    }
}

[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class OutboxJsonContext : JsonSerializerContext;
