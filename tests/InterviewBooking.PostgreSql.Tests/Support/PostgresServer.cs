using Npgsql;

namespace InterviewBooking.PostgreSql.Tests;

/// <summary>
/// The PostgreSQL server the tests use, named by <see cref="Variable"/>. Without it the tests are skipped locally (with a reason that says
/// how to run them); with <c>CI=true</c> they run and fail, since CI must never pass by skipping them.
/// </summary>
internal static class PostgresServer
{
    public const string Variable = "INTERVIEWBOOKING_TEST_POSTGRES";

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why the PostgreSQL tests are skipped, or <see langword="null"/> when they run.</summary>
    public static string? SkipReason => ConnectionString is null && !IsCi
        ? $"No PostgreSQL server: set {Variable} to run these tests, e.g. export {Variable}=\"$(sudo bash eng/start-postgres.sh)\" " +
          "(installs and starts a throwaway server), or to any Npgsql connection string whose user may create schemas."
        : null;

    /// <summary>A connection string for a test's own pool.</summary>
    /// <exception cref="InvalidOperationException">No server is configured (only reached with CI=true: locally such tests are skipped).</exception>
    public static string ConnectionStringWithPool(int maxPoolSize)
    {
        var configured = ConnectionString ?? throw new InvalidOperationException(
            $"CI=true but {Variable} is not set: .ci/run must start PostgreSQL (eng/start-postgres.sh) and export the connection string. " +
            "In CI the PostgreSQL tests fail rather than skip.");
        return new NpgsqlConnectionStringBuilder(configured) { MaxPoolSize = maxPoolSize, ApplicationName = "InterviewBooking.PostgreSql.Tests" }.ConnectionString;
    }

    public static NpgsqlDataSource CreateDataSource(int maxPoolSize = 40) => NpgsqlDataSource.Create(ConnectionStringWithPool(maxPoolSize));

    /// <summary>A schema name no other test class or run uses.</summary>
    public static string NewSchemaName(string prefix = "ib_test") => $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(63, prefix.Length + 17)];
}
