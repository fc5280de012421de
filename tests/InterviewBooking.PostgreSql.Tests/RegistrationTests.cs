using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime.Testing;
using Npgsql;

namespace InterviewBooking.PostgreSql.Tests;

public sealed class RegistrationTests(PostgresSchemaFixture database) : IClassFixture<PostgresSchemaFixture>
{
    [Fact]
    public void PostgreSql_stores_replace_the_in_memory_default_whatever_the_order()
    {
        using var before = TestHost.Build(b => b.AddPostgreSqlStores(database.DataSource).AddInMemoryStores());
        using var after = TestHost.Build(b => b.AddInMemoryStores().AddPostgreSqlStores(database.DataSource));

        foreach (var provider in new[] { before, after })
        {
            Assert.IsType<PostgreSqlReservationStore>(provider.GetRequiredService<IReservationStore>());
            Assert.IsType<PostgreSqlPaymentSessionStore>(provider.GetRequiredService<IPaymentSessionStore>());
            Assert.IsType<PostgreSqlCouponRedemptionStore>(provider.GetRequiredService<ICouponRedemptionStore>());
            Assert.IsType<PostgreSqlPaymentEventInbox>(provider.GetRequiredService<IPaymentEventInbox>());
            Assert.IsType<PostgreSqlInterviewStore>(provider.GetRequiredService<IInterviewStore>());
            Assert.IsType<InterviewScheduler>(provider.GetRequiredService<IInterviewScheduler>());
            Assert.IsType<PostgreSqlOutboxStore>(provider.GetRequiredService<IOutboxStore>());
            Assert.Single(provider.GetServices<IOutboxStore>());
            Assert.Single(provider.GetServices<IReservationStore>());
            Assert.Single(provider.GetServices<IInterviewStore>());
            Assert.Single(provider.GetServices<IInterviewScheduler>());
            Assert.Same(provider.GetRequiredService<PostgreSqlReservationStore>(), provider.GetRequiredService<IReservationStore>());
        }
    }

    [Fact]
    public void Calling_twice_registers_each_store_once()
    {
        var services = new ServiceCollection();
        services.AddInterviewBooking().AddPostgreSqlStores("Host=localhost").AddPostgreSqlStores("Host=localhost");

        Assert.Single(services, d => d.ServiceType == typeof(IReservationStore));
        Assert.Single(services, d => d.ServiceType == typeof(IInterviewScheduler));
        Assert.Single(services, d => d.ServiceType == typeof(PostgreSqlReservationStore));
        Assert.Single(services, d => d.ServiceType == typeof(IValidateOptions<PostgreSqlStoreOptions>));
    }

    [Fact]
    public async Task Registered_stores_use_the_container_clock_and_schema_once_EnsureSchema_ran()
    {
        var clock = new FakeClock(Instant.FromUtc(2031, 3, 3, 9, 0));
        var schema = PostgresServer.NewSchemaName("ib_di");
        await using var provider = TestHost.Build(
            b => b.AddInMemoryStores().AddPostgreSqlStores(PostgresServer.ConnectionStringWithPool(4), o => o.Schema = schema), clock);
        try
        {
            Assert.Equal(PostgreSqlBookingSchema.LatestVersion, await provider.GetRequiredService<PostgreSqlBookingSchema>().EnsureSchemaAsync());
            var store = provider.GetRequiredService<IReservationStore>();
            var start = clock.GetCurrentInstant() + Duration.FromDays(1);

            var hold = await store.TryHoldAsync(new HoldRequest(new InterviewerId("iv-di"), new Interval(start, start + Duration.FromMinutes(30)), "owner", clock.GetCurrentInstant() + Duration.FromMinutes(1)));

            Assert.True(hold.Succeeded);
            Assert.Equal(clock.GetCurrentInstant(), hold.Reservation!.CreatedAt);
            Assert.Equal(1L, await database.ScalarAsync<long>($"SELECT count(*) FROM \"{schema}\".reservations"));
        }
        finally
        {
            await database.ExecuteAsync($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE");
        }
    }

    [Fact]
    public async Task A_host_data_source_outlives_the_provider_and_an_owned_one_is_disposed_with_it()
    {
        await using var hostOwned = PostgresServer.CreateDataSource(maxPoolSize: 2);
        NpgsqlDataSource owned;
        await using (var provider = TestHost.Build(b => b.AddPostgreSqlStores(hostOwned)))
        {
            Assert.Same(hostOwned, provider.GetRequiredService<PostgreSqlStoreDataSource>().DataSource);
        }

        await using (var provider = TestHost.Build(b => b.AddPostgreSqlStores(PostgresServer.ConnectionStringWithPool(2))))
        {
            owned = provider.GetRequiredService<PostgreSqlStoreDataSource>().DataSource;
            await using var connection = await owned.OpenConnectionAsync();
        }

        await using (var stillOpen = await hostOwned.OpenConnectionAsync())
        {
            Assert.Equal(System.Data.ConnectionState.Open, stillOpen.State);
        }

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await owned.OpenConnectionAsync());
    }

    [Theory]
    [InlineData(null, false, "Set ConnectionString (or DataSource)")]
    [InlineData("Host=localhost", true, "Set either ConnectionString or DataSource, not both.")]
    [InlineData("Host=localhost;Password=hunter2;Not A Keyword=1", false, "ConnectionString is not a valid Npgsql connection string")]
    public void Connection_settings_are_checked_when_the_host_starts(string? connectionString, bool withDataSource, string expected)
    {
        using var provider = TestHost.Build(b => b.AddPostgreSqlStores(o =>
        {
            o.ConnectionString = connectionString;
            o.DataSource = withDataSource ? database.DataSource : null;
        }));

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.StartsWith(expected, Assert.Single(error.Failures), StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_schema_name_and_a_missing_zone_provider_are_named_at_start_up()
    {
        using var provider = TestHost.Build(b => b.AddPostgreSqlStores(database.DataSource, o =>
        {
            o.Schema = "Bad Name";
            o.TimeZoneProvider = null!;
        }));

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(2, error.Failures.Count());
        Assert.Contains(error.Failures, f => f.StartsWith("Schema must be", StringComparison.Ordinal) && f.Contains("\"Bad Name\"", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("TimeZoneProvider is required", StringComparison.Ordinal));
        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IReservationStore>());
    }

    [Fact]
    public void Blank_arguments_are_refused_at_registration()
    {
        var builder = new ServiceCollection().AddInterviewBooking();

        Assert.Throws<ArgumentException>(() => builder.AddPostgreSqlStores(" "));
        Assert.Throws<ArgumentNullException>(() => builder.AddPostgreSqlStores((string)null!));
        Assert.Throws<ArgumentNullException>(() => builder.AddPostgreSqlStores((NpgsqlDataSource)null!));
        Assert.Throws<ArgumentNullException>(() => builder.AddPostgreSqlStores((Action<PostgreSqlStoreOptions>)null!));
    }
}
