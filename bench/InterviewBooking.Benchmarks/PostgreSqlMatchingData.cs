using InterviewBooking.InMemory;
using InterviewBooking.PostgreSql;
using Npgsql;
using NpgsqlTypes;

namespace InterviewBooking.Benchmarks;

/// <summary>
/// <see cref="MatchingData"/> in PostgreSQL: the interviewers written through <see cref="PostgreSqlInterviewerDirectory"/>, and exactly the
/// reservations <see cref="MatchingData.ReserveAsync"/> left in an in-memory store, copied in with <c>COPY</c> (a million holds through the
/// store would take most of an hour with fsync on; the rows are the same either way, without their audit entries, which a match never reads).
/// The schema is named after the size and kept: a later run whose counts match reuses it instead of seeding again.
/// </summary>
internal static class PostgreSqlMatchingData
{
    private const int DirectoryChunk = 2_000;

    /// <summary>
    /// The schema holding <paramref name="data"/> (<paramref name="schema"/>, by default <c>ib_bench_match_{count}</c>), seeded now unless an
    /// earlier run left it complete.
    /// </summary>
    public static async Task<PostgreSqlStoreOptions> EnsureAsync(NpgsqlDataSource dataSource, MatchingData data, InMemoryReservationStore reserved, string? schema = null)
    {
        var options = new PostgreSqlStoreOptions { Schema = schema ?? $"ib_bench_match_{data.Interviewers.Length}" };
        var quoted = $"\"{options.Schema}\"";
        var reservations = await reserved.GetActiveAsync([.. data.Interviewers.Select(static i => i.Id)], new Interval(null, null));
        await new PostgreSqlBookingSchema(dataSource, options).EnsureSchemaAsync();
        await using (var count = dataSource.CreateCommand(
            $"SELECT (SELECT count(*) FROM {quoted}.interviewers WHERE NOT removed), (SELECT count(*) FROM {quoted}.reservations)"))
        await using (var reader = await count.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            if (reader.GetInt64(0) == data.Interviewers.Length && reader.GetInt64(1) == reservations.Count)
            {
                Console.WriteLine($"// reusing schema {options.Schema}: {data.Interviewers.Length} interviewers, {reservations.Count} reservations");
                return options;
            }
        }

        Console.WriteLine($"// seeding schema {options.Schema}: {data.Interviewers.Length} interviewers, {reservations.Count} reservations");
        await using (var drop = dataSource.CreateCommand($"DROP SCHEMA {quoted} CASCADE"))
        {
            await drop.ExecuteNonQueryAsync();
        }

        await new PostgreSqlBookingSchema(dataSource, options).EnsureSchemaAsync();
        await using (var directory = new PostgreSqlInterviewerDirectory(dataSource, options))
        {
            foreach (var chunk in data.Interviewers.Chunk(DirectoryChunk))
            {
                await directory.AddOrUpdateRangeAsync(chunk);
            }
        }

        await using var connection = await dataSource.OpenConnectionAsync();
        await using (var copy = await connection.BeginBinaryImportAsync(
            $"COPY {quoted}.reservations (id, interviewer_id, slot, occupied, owner, status, held_until, created_at, updated_at) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var reservation in reservations)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(reservation.Id.Value, NpgsqlDbType.Text);
                await copy.WriteAsync(reservation.InterviewerId.Value, NpgsqlDbType.Text);
                await copy.WriteAsync(Range(reservation.Slot.Start, reservation.Slot.End), NpgsqlDbType.TimestampTzRange);
                await copy.WriteAsync(Range(reservation.Slot.Start - reservation.BufferBefore, reservation.Slot.End + reservation.BufferAfter), NpgsqlDbType.TimestampTzRange);
                await copy.WriteAsync(reservation.Owner, NpgsqlDbType.Text);
                await copy.WriteAsync(StoredEnums.ReservationStatus.NameOf(reservation.Status), NpgsqlDbType.Text);
                await copy.WriteAsync(reservation.HeldUntil.ToDateTimeUtc(), NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(reservation.CreatedAt.ToDateTimeUtc(), NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(reservation.CreatedAt.ToDateTimeUtc(), NpgsqlDbType.TimestampTz);
            }

            await copy.CompleteAsync();
        }

        await using (var analyze = new NpgsqlCommand($"ANALYZE {quoted}.reservations", connection))
        {
            await analyze.ExecuteNonQueryAsync();
        }

        return options;
    }

    private static NpgsqlRange<DateTime> Range(Instant start, Instant end) => new(start.ToDateTimeUtc(), true, end.ToDateTimeUtc(), false);
}
