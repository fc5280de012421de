using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace InterviewBooking.Smtp.Tests;

/// <summary>
/// Runs alone: "receives no message" counts the shared test server's folder, which the delivery tests write to when they run beside it.
/// </summary>
[CollectionDefinition(nameof(CountsTheServersMessages), DisableParallelization = true)]
public sealed class CountsTheServersMessages;

/// <summary>
/// The check <c>AddSmtpNotifications</c> contributes (<c>interviewbooking-smtp</c>), run as the host's health check service would: against
/// the test server (eng/start-smtp.sh), a closed port on 127.0.0.1, and a server that accepts the connection but never speaks.
/// </summary>
[Collection(nameof(CountsTheServersMessages))]
public sealed class HealthCheckTests
{
    [SkippableFact]
    public async Task A_server_that_answers_is_healthy_and_receives_no_message()
    {
        var server = TestSmtpServer.Require();
        var before = Directory.GetFiles(server.Folder).Length;

        var result = await CheckAsync(server.Configure);

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Equal(server.Port, result.Data["port"]);
        Assert.Equal(before, Directory.GetFiles(server.Folder).Length);
    }

    [Fact]
    public async Task A_closed_port_is_degraded_naming_the_server()
    {
        var port = Loopback.ClosedPort();

        var result = await CheckAsync(o => (o.Host, o.Port, o.Security) = ("127.0.0.1", port, SmtpSecurity.None));

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Contains($"127.0.0.1:{port} is unreachable", result.Description, StringComparison.Ordinal);
        Assert.IsType<SocketException>(result.Exception);
    }

    [Fact]
    public async Task A_server_that_never_greets_fails_within_the_timeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var accepting = silent.AcceptTcpClientAsync();
        var clock = Stopwatch.StartNew();

        var result = await CheckAsync(o => (o.Host, o.Port, o.Security, o.Timeout) = ("127.0.0.1", port, SmtpSecurity.None, Duration.FromSeconds(1)));

        clock.Stop();
        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Contains($"127.0.0.1:{port}", result.Description, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), $"took {clock.Elapsed}");
        Assert.True(accepting.IsCompleted, "the check never connected");
        (await accepting).Dispose();
    }

    [Fact]
    public void The_check_is_tagged_ready_and_smtp_and_degrades_rather_than_fails()
    {
        using var provider = Build(o => o.Host = "127.0.0.1");

        var registration = provider.GetServices<AdapterHealthCheck>().Single().Registration;

        Assert.Equal("interviewbooking-smtp", registration.Name);
        Assert.Equal(["ready", "smtp"], registration.Tags.Order(StringComparer.Ordinal));
        Assert.Equal(HealthStatus.Degraded, registration.FailureStatus);
        Assert.True(registration.Timeout > TimeSpan.FromSeconds(10) && registration.Timeout <= TimeSpan.FromSeconds(15), registration.Timeout.ToString());
    }

    private static ServiceProvider Build(Action<SmtpNotifierOptions> smtp)
    {
        var services = new ServiceCollection();
        services.AddInterviewBooking(o => o.Plans.Add(new InterviewPlan { Id = "mock-30", Name = "Mock", Duration = Duration.FromMinutes(30), PriceMinorUnits = 4900 }))
            .AddCalendarInvites(o => o.OrganizerEmail = "interviews@acme.example")
            .AddSmtpNotifications(o =>
            {
                o.FromAddress = "bookings@acme.example";
                smtp(o);
            });
        return services.BuildServiceProvider();
    }

    /// <summary>Runs the contributed check the way the health check service does: built from the provider, given its registration.</summary>
    private static async Task<HealthCheckResult> CheckAsync(Action<SmtpNotifierOptions> smtp)
    {
        await using var provider = Build(smtp);
        var registration = provider.GetServices<AdapterHealthCheck>().Single().Registration;
        using var timeout = new CancellationTokenSource(registration.Timeout);
        return await registration.Factory(provider).CheckHealthAsync(new HealthCheckContext { Registration = registration }, timeout.Token);
    }
}
