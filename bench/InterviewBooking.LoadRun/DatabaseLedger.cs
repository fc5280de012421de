using InterviewBooking.Stress;
using Npgsql;

namespace InterviewBooking.LoadRun;

/// <summary>
/// On PostgreSQL the verdict judges every row the database holds, not only the sessions the hosts' answers named: a start whose answer
/// was lost still left its session, reservation and interview in the tables.
/// </summary>
internal static class DatabaseLedger
{
    public static async Task AddAllAsync(Ledger ledger, string connectionString, string schema)
    {
        await using var source = NpgsqlDataSource.Create(connectionString);
        await foreach (var id in IdsAsync(source, schema, "payment_sessions"))
        {
            ledger.Session(new PaymentSessionId(id));
        }

        await foreach (var id in IdsAsync(source, schema, "reservations"))
        {
            ledger.Reservation(new ReservationId(id));
        }

        await foreach (var id in IdsAsync(source, schema, "interviews"))
        {
            ledger.Interview(new InterviewId(id));
        }
    }

    private static async IAsyncEnumerable<string> IdsAsync(NpgsqlDataSource source, string schema, string table)
    {
        // The schema is the run's own (PostgresStoreFactory names it), the table one of three constants: nothing here comes from outside.
        await using var command = source.CreateCommand($"SELECT id FROM \"{schema}\".{table}");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            yield return reader.GetString(0);
        }
    }
}
