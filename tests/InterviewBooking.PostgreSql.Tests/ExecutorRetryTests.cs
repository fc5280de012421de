using Npgsql;

namespace InterviewBooking.PostgreSql.Tests;

/// <summary>The executor's retry pipeline: a deadlock or serialization failure is tried again, up to three attempts; anything else is not.</summary>
public sealed class ExecutorRetryTests(PostgresSchemaFixture database) : IClassFixture<PostgresSchemaFixture>
{
    [Fact]
    public async Task A_deadlock_is_tried_again_on_a_fresh_connection_and_each_retry_is_logged()
    {
        var logger = new RecordingLogger<ExecutorRetryTests>();
        var executor = new PostgreSqlExecutor(database.DataSource, database.Options, logger);
        var calls = 0;

        var answer = await executor.RunAsync(
            "Test statement",
            async (connection, ct) =>
            {
                Assert.Equal(System.Data.ConnectionState.Open, connection.State);
                await Task.Yield();
                return ++calls < 3 ? throw Transient(calls == 1 ? PostgresErrorCodes.DeadlockDetected : PostgresErrorCodes.SerializationFailure) : 42;
            },
            CancellationToken.None);

        Assert.Equal(42, answer);
        Assert.Equal(3, calls);
        Assert.Equal(
            ["Test statement met a transient conflict (SQLSTATE 40P01); attempt 2 of 3 is next.", "Test statement met a transient conflict (SQLSTATE 40001); attempt 3 of 3 is next."],
            logger.Entries.Where(e => e.Id.Id == 6005).Select(e => e.Message));
    }

    [Fact]
    public async Task The_third_transient_failure_surfaces_and_other_errors_are_not_retried()
    {
        var executor = new PostgreSqlExecutor(database.DataSource, database.Options, new RecordingLogger<ExecutorRetryTests>());
        var transientCalls = 0;
        var otherCalls = 0;

        var transient = await Assert.ThrowsAsync<PostgresException>(() => executor.RunAsync<int>(
            "Always deadlocks", (_, _) => { transientCalls++; throw Transient(PostgresErrorCodes.DeadlockDetected); }, CancellationToken.None));
        var other = await Assert.ThrowsAsync<PostgresException>(() => executor.RunAsync<int>(
            "Violates a constraint", (_, _) => { otherCalls++; throw Transient(PostgresErrorCodes.UniqueViolation); }, CancellationToken.None));

        Assert.Equal(PostgresErrorCodes.DeadlockDetected, transient.SqlState);
        Assert.Equal(3, transientCalls);
        Assert.Equal(PostgresErrorCodes.UniqueViolation, other.SqlState);
        Assert.Equal(1, otherCalls);
    }

    private static PostgresException Transient(string sqlState) => new("simulated", "ERROR", "ERROR", sqlState);
}
