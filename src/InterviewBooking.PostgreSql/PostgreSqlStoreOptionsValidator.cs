using Microsoft.Extensions.Options;
using Npgsql;

namespace InterviewBooking.PostgreSql;

/// <summary>Checks <see cref="PostgreSqlStoreOptions"/> when the host starts, naming each bad setting (never echoing a connection string, which may hold a password).</summary>
internal sealed class PostgreSqlStoreOptionsValidator : IValidateOptions<PostgreSqlStoreOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, PostgreSqlStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        var hasConnectionString = !string.IsNullOrWhiteSpace(options.ConnectionString);
        if (hasConnectionString == (options.DataSource is not null))
        {
            failures.Add(hasConnectionString
                ? "Set either ConnectionString or DataSource, not both."
                : "Set ConnectionString (or DataSource): the PostgreSQL stores need a database.");
        }
        else if (hasConnectionString)
        {
            try
            {
                _ = new NpgsqlConnectionStringBuilder(options.ConnectionString);
            }
            catch (ArgumentException exception)
            {
                failures.Add($"ConnectionString is not a valid Npgsql connection string: {exception.Message}");
            }
        }

        if (SchemaName.Check(options.Schema) is { } schemaProblem)
        {
            failures.Add(schemaProblem);
        }

        if (options.TimeZoneProvider is null)
        {
            failures.Add("TimeZoneProvider is required (DateTimeZoneProviders.Tzdb, say).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
