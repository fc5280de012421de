using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace InterviewBooking.PostgreSql.Tests;

/// <summary>
/// The check <c>AddPostgreSqlStores</c> contributes (<c>interviewbooking-postgresql</c>), run as the host's health check service would:
/// against the real server, a closed port on 127.0.0.1, and schemas missing, behind and ahead of the library's version.
/// </summary>
public sealed class HealthCheckTests(PostgresSchemaFixture database) : IClassFixture<PostgresSchemaFixture>
{
    [Fact]
    public async Task Reachable_with_the_schema_current_is_healthy()
    {
        var result = await CheckAsync(b => b.AddPostgreSqlStores(database.DataSource, o => o.Schema = database.Schema));

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Equal(PostgreSqlBookingSchema.LatestVersion, result.Data["version"]);
        Assert.Equal(PostgreSqlBookingSchema.LatestVersion, result.Data["latestVersion"]);
        Assert.Equal(database.Schema, result.Data["schema"]);
    }

    [Fact]
    public async Task A_closed_port_is_unhealthy_naming_the_failure()
    {
        var connection = new NpgsqlConnectionStringBuilder(PostgresServer.ConnectionStringWithPool(2)) { Host = "127.0.0.1", Port = ClosedPort(), Timeout = 3 };

        var result = await CheckAsync(b => b.AddPostgreSqlStores(connection.ConnectionString, o => o.Schema = database.Schema));

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.StartsWith("PostgreSQL is unreachable", result.Description, StringComparison.Ordinal);
        Assert.IsAssignableFrom<NpgsqlException>(result.Exception);
        Assert.False(result.Data.ContainsKey("version"));
    }

    [Fact]
    public async Task A_schema_behind_the_library_is_unhealthy_until_upgraded()
    {
        var name = PostgresServer.NewSchemaName("ib_health");
        var schema = new PostgreSqlBookingSchema(database.DataSource, new PostgreSqlStoreOptions { Schema = name });
        var previous = PostgreSqlBookingSchema.LatestVersion - 1;
        try
        {
            Assert.Equal(previous, await schema.MigrateAsync(previous));

            var behind = await CheckAsync(b => b.AddPostgreSqlStores(database.DataSource, o => o.Schema = name));
            Assert.Equal(HealthStatus.Unhealthy, behind.Status);
            Assert.Equal(previous, behind.Data["version"]);
            Assert.Contains($"is at version {previous}, behind this library's {PostgreSqlBookingSchema.LatestVersion}", behind.Description, StringComparison.Ordinal);

            await schema.EnsureSchemaAsync();
            Assert.Equal(HealthStatus.Healthy, (await CheckAsync(b => b.AddPostgreSqlStores(database.DataSource, o => o.Schema = name))).Status);
        }
        finally
        {
            await database.ExecuteAsync($"DROP SCHEMA IF EXISTS \"{name}\" CASCADE");
        }
    }

    [Fact]
    public async Task A_missing_schema_is_unhealthy()
    {
        var name = PostgresServer.NewSchemaName("ib_absent");

        var result = await CheckAsync(b => b.AddPostgreSqlStores(database.DataSource, o => o.Schema = name));

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal(0, result.Data["version"]);
        Assert.Contains("does not exist", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_schema_ahead_of_the_library_is_healthy_for_a_rolling_deployment()
    {
        var name = PostgresServer.NewSchemaName("ib_ahead");
        try
        {
            await new PostgreSqlBookingSchema(database.DataSource, new PostgreSqlStoreOptions { Schema = name }).EnsureSchemaAsync();
            var ahead = PostgreSqlBookingSchema.LatestVersion + 1;
            await database.ExecuteAsync($"INSERT INTO \"{name}\".schema_versions (version, description) VALUES ({ahead}, 'a later release')");

            var result = await CheckAsync(b => b.AddPostgreSqlStores(database.DataSource, o => o.Schema = name));

            Assert.Equal(HealthStatus.Healthy, result.Status);
            Assert.Equal(ahead, result.Data["version"]);
            Assert.Contains("ahead", result.Description, StringComparison.Ordinal);
        }
        finally
        {
            await database.ExecuteAsync($"DROP SCHEMA IF EXISTS \"{name}\" CASCADE");
        }
    }

    [Fact]
    public void The_check_is_contributed_once_tagged_ready_and_postgresql()
    {
        using var provider = TestHost.Build(b => b.AddPostgreSqlStores(database.DataSource).AddPostgreSqlStores(database.DataSource));

        var registrations = provider.GetServices<AdapterHealthCheck>().Select(c => c.Registration).ToArray();

        // Each call contributes; the host's health checks keep one per name (see the AspNetCore package's tests).
        Assert.All(registrations, r => Assert.Equal("interviewbooking-postgresql", r.Name));
        var registration = registrations[0];
        Assert.Equal(["postgresql", InterviewBookingHealthChecks.ReadyTag], registration.Tags.Order(StringComparer.Ordinal));
        Assert.Equal(HealthStatus.Unhealthy, registration.FailureStatus);
        Assert.True(registration.Timeout > TimeSpan.Zero && registration.Timeout <= TimeSpan.FromSeconds(30));
    }

    /// <summary>Runs the contributed check the way the health check service does: built from the provider, given its registration.</summary>
    private static async Task<HealthCheckResult> CheckAsync(Action<IInterviewBookingBuilder> configure)
    {
        await using var provider = TestHost.Build(configure);
        var registration = provider.GetServices<AdapterHealthCheck>().Single().Registration;
        using var timeout = new CancellationTokenSource(registration.Timeout);
        return await registration.Factory(provider).CheckHealthAsync(new HealthCheckContext { Registration = registration }, timeout.Token);
    }

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
