using System.Diagnostics.Metrics;
using System.Text;
using static InterviewBooking.CalDav.Tests.CalDavFixture;

namespace InterviewBooking.CalDav.Tests;

/// <summary>A calendar that cannot be read: a server that is down, wrong credentials.</summary>
public sealed class FailureTests
{
    private static readonly Interval Week = new(Instant.FromUtc(2026, 3, 2, 0, 0), Instant.FromUtc(2026, 3, 9, 0, 0));

    /// <summary>A closed port on the loopback: nothing listens there.</summary>
    private static CalDavConnection Down() => new(new Uri($"http://127.0.0.1:{Loopback.ClosedPort()}/ada/calendar/"), "ada", "down-server-secret");

    [SkippableFact]
    public async Task A_server_that_is_down_refuses_the_interviewers_slots_by_default_logged_and_counted()
    {
        TestCalDavServer.Require();
        await using var fixture = new CalDavFixture();
        fixture.Resolver.Connections[Ada] = Down();
        var failures = new List<string>();
        using var listener = ListenFor(CalDavTelemetry.ReadFailures, (tags) => failures.Add(tags));

        var busy = await fixture.BusyAsync(Ada, Week);

        Assert.NotNull(busy);
        Assert.True(busy.IsUnknown);
        Assert.True(busy.Blocks(At(NewYork, 2026, 3, 3, 10, 0, 60), Duration.Zero));
        var logged = Assert.Single(fixture.Logs.WithId(8002));
        Assert.Contains("Unreachable", logged.Message, StringComparison.Ordinal);
        Assert.Contains("reason=Unreachable;treatment=refuse_slots", failures);
    }

    [SkippableFact]
    public async Task A_server_that_is_down_leaves_the_windows_alone_when_the_option_says_so()
    {
        TestCalDavServer.Require();
        await using var fixture = new CalDavFixture(o => o.OnFailure = CalDavFailureMode.WindowsOnly);
        fixture.Resolver.Connections[Ada] = Down();

        Assert.Null(await fixture.BusyAsync(Ada, Week));
        Assert.Single(fixture.Logs.WithId(8002));
    }

    [SkippableFact]
    public async Task Wrong_credentials_are_a_typed_error_and_no_log_holds_the_password()
    {
        var server = TestCalDavServer.Require();
        await using var fixture = new CalDavFixture();
        var calendar = await server.NewCalendarAsync();
        const string wrong = "wrong-caldav-password-4711";
        var connection = calendar with { Password = wrong };
        fixture.Resolver.Connections[Ada] = connection;

        var client = (CalDavClient)fixture.Services.GetService(typeof(CalDavClient))!;
        var error = await Assert.ThrowsAsync<CalDavException>(() => client.QueryAsync(connection, Week, CancellationToken.None));
        Assert.Equal(CalDavFailure.Unauthorized, error.Reason);
        Assert.Equal(calendar.CalendarUrl, error.CalendarUrl);

        var busy = await fixture.BusyAsync(Ada, Week);
        Assert.True(busy?.IsUnknown);
        Assert.Contains("Unauthorized", Assert.Single(fixture.Logs.WithId(8002)).Message, StringComparison.Ordinal);

        var logs = fixture.Logs.AllText();
        Assert.DoesNotContain(wrong, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes($"{connection.UserName}:{wrong}")), logs, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, connection.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, error.ToString(), StringComparison.Ordinal);
    }

    private static MeterListener ListenFor(string instrument, Action<string> onMeasurement)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (i, l) =>
            {
                if (i.Name == instrument)
                {
                    l.EnableMeasurementEvents(i);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            var text = new List<string>();
            foreach (var tag in tags)
            {
                text.Add($"{tag.Key}={tag.Value}");
            }

            lock (onMeasurement)
            {
                onMeasurement(string.Join(';', text));
            }
        });
        listener.Start();
        return listener;
    }
}

internal static class Loopback
{
    /// <summary>A port on 127.0.0.1 that was free a moment ago: bound, then released.</summary>
    public static int ClosedPort()
    {
        using var socket = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        socket.Start();
        var port = ((System.Net.IPEndPoint)socket.LocalEndpoint).Port;
        socket.Stop();
        return port;
    }
}
