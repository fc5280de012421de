using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;
using NpgsqlTypes;

namespace InterviewBooking.PostgreSql;

/// <summary>
/// Parameters and column readers shared by the stores. Every value reaches PostgreSQL as a positional parameter (<c>$1</c>, <c>$2</c>, ...);
/// instants travel as UTC <see cref="DateTime"/> to <c>timestamptz</c> columns, which keep microseconds (finer digits are truncated).
/// </summary>
internal static partial class Sql
{
    /// <summary>
    /// <paramref name="fragment"/> with every positional parameter moved up by <paramref name="offset"/> (<c>$1</c> becomes <c>$(1 + offset)</c>),
    /// so a store's statement piece, numbered from <c>$1</c>, can follow another's parameters in one statement. Fragments hold no <c>$</c>
    /// other than parameters.
    /// </summary>
    public static string Renumber(string fragment, int offset) =>
        ParameterPattern().Replace(fragment, match => "$" + (int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture) + offset).ToString(CultureInfo.InvariantCulture));

    [GeneratedRegex(@"\$(\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex ParameterPattern();

    /// <summary>A statement with its positional parameters, in order.</summary>
    public static NpgsqlBatchCommand Command(string text, params NpgsqlParameter[] parameters)
    {
#pragma warning disable CA2100 // Statement texts are constants of this package; the only variable part is the schema, checked and quoted by SchemaName.
        var command = new NpgsqlBatchCommand(text);
#pragma warning restore CA2100
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(parameter);
        }

        return command;
    }

    /// <summary>A command on <paramref name="connection"/> (in its transaction, if any); a text without parameters may hold several statements (DDL).</summary>
    public static NpgsqlCommand Statement(NpgsqlConnection connection, string text, params NpgsqlParameter[] parameters)
    {
#pragma warning disable CA2100 // As in Command.
        var command = new NpgsqlCommand(text, connection);
#pragma warning restore CA2100
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(parameter);
        }

        return command;
    }

    public static NpgsqlParameter Text(string value) => new NpgsqlParameter<string> { TypedValue = value, NpgsqlDbType = NpgsqlDbType.Text };

    public static NpgsqlParameter NullableText(string? value) =>
        new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    public static NpgsqlParameter TextArray(string[] values) => new NpgsqlParameter<string[]> { TypedValue = values, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };

    public static NpgsqlParameter NullableTextArray(string?[] values) =>
        new NpgsqlParameter<string?[]> { TypedValue = values, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };

    public static NpgsqlParameter TimestampArray(Instant[] values) =>
        new NpgsqlParameter<DateTime[]> { TypedValue = [.. values.Select(static v => v.ToDateTimeUtc())], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz };

    public static NpgsqlParameter Uuid(Guid value) => new NpgsqlParameter<Guid> { TypedValue = value, NpgsqlDbType = NpgsqlDbType.Uuid };

    public static NpgsqlParameter Jsonb(string json) => new NpgsqlParameter<string> { TypedValue = json, NpgsqlDbType = NpgsqlDbType.Jsonb };

    public static NpgsqlParameter NullableJsonb(string? json) =>
        new() { Value = (object?)json ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Jsonb };

    public static NpgsqlParameter Int64(long value) => new NpgsqlParameter<long> { TypedValue = value, NpgsqlDbType = NpgsqlDbType.Bigint };

    public static NpgsqlParameter Int32(int value) => new NpgsqlParameter<int> { TypedValue = value, NpgsqlDbType = NpgsqlDbType.Integer };

    public static NpgsqlParameter Boolean(bool value) => new NpgsqlParameter<bool> { TypedValue = value, NpgsqlDbType = NpgsqlDbType.Boolean };

    public static NpgsqlParameter NullableInt64(long? value) =>
        new() { Value = value.HasValue ? value.Value : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint };

    public static NpgsqlParameter NullableInt32(int? value) =>
        new() { Value = value.HasValue ? value.Value : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer };

    public static NpgsqlParameter Timestamp(Instant value) =>
        new NpgsqlParameter<DateTime> { TypedValue = value.ToDateTimeUtc(), NpgsqlDbType = NpgsqlDbType.TimestampTz };

    public static NpgsqlParameter NullableTimestamp(Instant? value) =>
        new() { Value = value.HasValue ? value.Value.ToDateTimeUtc() : DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz };

    public static NpgsqlParameter Date(LocalDate value) => new NpgsqlParameter<DateOnly> { TypedValue = value.ToDateOnly(), NpgsqlDbType = NpgsqlDbType.Date };

    public static NpgsqlParameter NullableDate(LocalDate? value) =>
        new() { Value = value.HasValue ? value.Value.ToDateOnly() : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Date };

    /// <summary>An instant as PostgreSQL keeps it: whole microseconds since its 2000-01-01 epoch, as Npgsql truncates them.</summary>
    public static Instant Stored(Instant value) => Instant.FromDateTimeUtc(StoredDateTime(value.ToDateTimeUtc()));

    /// <summary>A slot as PostgreSQL keeps it (see <see cref="Stored(Instant)"/>).</summary>
    public static Interval Stored(Interval slot) => new(Stored(slot.Start), Stored(slot.End));

    public static Instant GetInstant(NpgsqlDataReader reader, int ordinal) => Instant.FromDateTimeUtc(reader.GetFieldValue<DateTime>(ordinal));

    public static Instant? GetNullableInstant(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : GetInstant(reader, ordinal);

    private static DateTime StoredDateTime(DateTime utc)
    {
        var sincePostgresEpoch = utc.Ticks - PostgresEpochTicks;
        return new DateTime(PostgresEpochTicks + (sincePostgresEpoch / 10 * 10), DateTimeKind.Utc);
    }

    private static readonly long PostgresEpochTicks = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

    public static string? GetNullableString(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
