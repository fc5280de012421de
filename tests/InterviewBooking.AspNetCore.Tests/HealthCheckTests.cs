using System.Net;
using System.Net.Sockets;
using InterviewBooking.InMemory;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using NodaTime.Testing;

namespace InterviewBooking.AspNetCore.Tests;

/// <summary>
/// <c>AddInterviewBookingHealthChecks()</c>: the outbox check against its thresholds on a real in-memory outbox, and the adapters' checks
/// gathered in either call order, tagged so a host splits readiness from liveness.
/// </summary>
public sealed class HealthCheckTests
{
    private static readonly Instant Start = Instant.FromUtc(2026, 12, 1, 8, 0);

    [Fact]
    public async Task An_empty_outbox_is_healthy()
    {
        await using var host = Build();

        var entry = await host.CheckAsync("interviewbooking-outbox");

        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Equal(0L, entry.Data["dueItems"]);
        Assert.Equal(0L, entry.Data["deadLetters"]);
    }

    [Fact]
    public async Task More_due_items_than_allowed_degrade_the_check()
    {
        await using var host = Build(o => o.MaxDueItems = 3);
        await host.EnqueueAsync(3, dueAt: Start);
        await host.EnqueueAsync(5, dueAt: Start + Duration.FromHours(1)); // not due: does not count

        Assert.Equal(HealthStatus.Healthy, (await host.CheckAsync("interviewbooking-outbox")).Status);

        await host.EnqueueAsync(1, dueAt: Start);
        var entry = await host.CheckAsync("interviewbooking-outbox");

        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Equal(4L, entry.Data["dueItems"]);
        Assert.Contains("4 due items wait for a worker (at most 3 allowed)", entry.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_due_item_waiting_longer_than_allowed_degrades_the_check()
    {
        await using var host = Build(o => o.MaxDueAge = Duration.FromMinutes(5));
        await host.EnqueueAsync(1, dueAt: Start);

        host.Clock.Advance(Duration.FromMinutes(5));
        Assert.Equal(HealthStatus.Healthy, (await host.CheckAsync("interviewbooking-outbox")).Status);

        host.Clock.Advance(Duration.FromSeconds(1));
        var entry = await host.CheckAsync("interviewbooking-outbox");

        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Equal(301.0, entry.Data["oldestDueWaitSeconds"]);
        Assert.Contains("the oldest due item has waited", entry.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dead_letters_past_the_threshold_degrade_the_check()
    {
        await using var host = Build(o => o.MaxDeadLetters = 1);
        var outbox = host.Services.GetRequiredService<IOutboxStore>();
        await host.EnqueueAsync(2, dueAt: Start);
        var leased = await outbox.LeaseAsync(10, Duration.FromMinutes(1));

        Assert.True(await outbox.DeadLetterAsync(leased[0].Message.Key, leased[0].LeaseToken!.Value, "refused: 550"));
        Assert.Equal(HealthStatus.Healthy, (await host.CheckAsync("interviewbooking-outbox")).Status);

        Assert.True(await outbox.DeadLetterAsync(leased[1].Message.Key, leased[1].LeaseToken!.Value, "refused: 550"));
        var entry = await host.CheckAsync("interviewbooking-outbox");

        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Equal(2L, entry.Data["deadLetters"]);
        Assert.Contains("2 items are dead-lettered (at most 1 allowed)", entry.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Adapters_checks_are_added_in_either_order_once_per_name()
    {
        await using var host = Build(
            configureServices: services =>
            {
                services.AddSingleton(Contribution("early", HealthStatus.Healthy));
                services.AddHealthChecks().AddInterviewBookingHealthChecks(); // a second call adds nothing twice
                services.AddSingleton(Contribution("late", HealthStatus.Unhealthy));
                services.AddSingleton(Contribution("late", HealthStatus.Healthy)); // a second contribution under one name is ignored
            });

        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.Equal(["early", "interviewbooking-outbox", "late"], report.Entries.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(HealthStatus.Healthy, report.Entries["early"].Status);
        Assert.Equal(HealthStatus.Unhealthy, report.Entries["late"].Status);
        Assert.Equal(HealthStatus.Unhealthy, report.Status);
    }

    [Fact]
    public void Thresholds_out_of_range_fail_at_start_naming_each()
    {
        var services = new ServiceCollection();
        services.AddHealthChecks().AddInterviewBookingHealthChecks(o => (o.MaxDeadLetters, o.MaxDueItems, o.MaxDueAge) = (-1, 2_000_000, Duration.Zero));
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<InterviewBookingHealthCheckOptions>>().Value);

        Assert.Contains("MaxDeadLetters must be between 0 and 1000000; got -1.", error.Failures);
        Assert.Contains("MaxDueItems must be between 0 and 1000000; got 2000000.", error.Failures);
        Assert.Contains(error.Failures, f => f.StartsWith("MaxDueAge must be between", StringComparison.Ordinal));
    }

    /// <summary>
    /// A host that calls only the adapters' Add methods and AddInterviewBookingHealthChecks gets the PostgreSQL and SMTP checks, tagged:
    /// here both servers are closed ports on 127.0.0.1, so readiness answers 503 while a liveness probe (no check of the library) answers 200.
    /// </summary>
    [Fact]
    public async Task A_host_gets_the_adapters_checks_and_splits_readiness_from_liveness()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddSingleton<IClock>(new FakeClock(Start));
        builder.Services.AddInterviewBooking(o => o.Plans.Add(new InterviewPlan { Id = "mock-30", Name = "Mock", Duration = Duration.FromMinutes(30), PriceMinorUnits = 4900 }))
            .AddPostgreSqlStores($"Host=127.0.0.1;Port={ClosedPort()};Username=nobody;Password=none;Database=none;Timeout=3")
            .AddCalendarInvites(o => o.OrganizerEmail = "interviews@acme.example")
            .AddSmtpNotifications(o => (o.Host, o.Port, o.Security, o.FromAddress) = ("127.0.0.1", ClosedPort(), Smtp.SmtpSecurity.None, "bookings@acme.example"));
        builder.Services.AddHealthChecks().AddInterviewBookingHealthChecks();
        await using var app = builder.Build();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(InterviewBookingHealthChecks.ReadyTag) });
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = c => c.Tags.Contains(InterviewBookingHealthChecks.LiveTag) });
        await app.StartAsync();

        var report = await app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.Equal(["interviewbooking-outbox", "interviewbooking-postgresql", "interviewbooking-smtp"], report.Entries.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(HealthStatus.Unhealthy, report.Entries["interviewbooking-postgresql"].Status);
        Assert.Equal(HealthStatus.Degraded, report.Entries["interviewbooking-smtp"].Status);
        Assert.Equal(["outbox", "ready"], report.Entries["interviewbooking-outbox"].Tags.Order(StringComparer.Ordinal));
        Assert.Equal(["postgresql", "ready"], report.Entries["interviewbooking-postgresql"].Tags.Order(StringComparer.Ordinal));
        Assert.Equal(["ready", "smtp"], report.Entries["interviewbooking-smtp"].Tags.Order(StringComparer.Ordinal));

        using var http = app.GetTestClient();
        using var ready = await http.GetAsync("/health/ready");
        using var live = await http.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        await app.StopAsync();
    }

    private static AdapterHealthCheck Contribution(string name, HealthStatus status) =>
        new(new HealthCheckRegistration(name, _ => new FixedCheck(status), HealthStatus.Unhealthy, ["ready", "test"]));

    private static OutboxHost Build(Action<InterviewBookingHealthCheckOptions>? thresholds = null, Action<IServiceCollection>? configureServices = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IClock>(new FakeClock(Start));
        services.AddInterviewBooking(o => o.Plans.Add(new InterviewPlan { Id = "mock-30", Name = "Mock", Duration = Duration.FromMinutes(30), PriceMinorUnits = 4900 }))
            .AddInMemoryStores();
        services.AddHealthChecks().AddInterviewBookingHealthChecks(thresholds);
        configureServices?.Invoke(services);
        return new OutboxHost(services.BuildServiceProvider());
    }

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private sealed class OutboxHost(ServiceProvider services) : IAsyncDisposable
    {
        private int _next;

        public ServiceProvider Services => services;

        public FakeClock Clock => (FakeClock)services.GetRequiredService<IClock>();

        public async Task EnqueueAsync(int count, Instant dueAt)
        {
            var outbox = services.GetRequiredService<IOutboxStore>();
            for (var i = 0; i < count; i++)
            {
                Assert.True(await outbox.EnqueueAsync(new OutboxMessage($"health-{_next++}", "health-test", dueAt)));
            }
        }

        public async Task<HealthReportEntry> CheckAsync(string name)
        {
            var report = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == name);
            return Assert.Single(report.Entries).Value;
        }

        public ValueTask DisposeAsync() => services.DisposeAsync();
    }

    private sealed class FixedCheck(HealthStatus status) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(new HealthCheckResult(status, "fixed"));
    }
}
