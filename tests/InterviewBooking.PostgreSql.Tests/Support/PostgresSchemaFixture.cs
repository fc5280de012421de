using Npgsql;

namespace InterviewBooking.PostgreSql.Tests;

/// <summary>
/// One test class's own schema, created with <see cref="PostgreSqlBookingSchema.EnsureSchemaAsync"/> and dropped after the class, so test
/// classes run in parallel on one database without seeing one another's rows.
/// </summary>
public sealed class PostgresSchemaFixture : IAsyncLifetime
{
    private NpgsqlDataSource? _dataSource;

    public string Schema { get; } = PostgresServer.NewSchemaName();

    public PostgreSqlStoreOptions Options => new() { Schema = Schema };

    public NpgsqlDataSource DataSource => _dataSource ?? throw new InvalidOperationException("The fixture was not initialized.");

    public async Task InitializeAsync()
    {
        if (PostgresServer.SkipReason is not null)
        {
            return; // every test is reported skipped; nothing to set up
        }

        _dataSource = PostgresServer.CreateDataSource();
        await new PostgreSqlBookingSchema(_dataSource, Options).EnsureSchemaAsync();
    }

    public async Task DisposeAsync()
    {
        if (_dataSource is null)
        {
            return;
        }

        await using (_dataSource)
        {
            await ExecuteAsync($"DROP SCHEMA IF EXISTS \"{Schema}\" CASCADE");
        }
    }

    /// <summary>Runs SQL text as written (tests only; values are the tests' own).</summary>
    public async Task<int> ExecuteAsync(string sql, params object[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>Reads one value.</summary>
    public async Task<T> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The table name qualified with this fixture's schema.</summary>
    public string Table(string name) => $"\"{Schema}\".{name}";
}
