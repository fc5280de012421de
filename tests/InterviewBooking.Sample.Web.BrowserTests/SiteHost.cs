using InterviewBooking.InMemory;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using NodaTime.Testing;

namespace InterviewBooking.Sample.Web.BrowserTests;

/// <summary>
/// The web sample itself on Kestrel at 127.0.0.1 and a free port (a real browser cannot reach an in-memory test server), offline on the
/// simulated gateway, its clock a <see cref="FakeClock"/> the tests move.
/// </summary>
internal sealed class SiteHost : IAsyncDisposable
{
    /// <summary>Monday 7 December 2026, 06:00 UTC: every sample interviewer has working days ahead.</summary>
    public static readonly Instant Start = Instant.FromUtc(2026, 12, 7, 6, 0);

    private SiteHost(WebApplication app, FakeClock clock)
    {
        App = app;
        Clock = clock;
        BaseUrl = new Uri(Assert.Single(app.Urls));
    }

    public WebApplication App { get; }

    public FakeClock Clock { get; }

    public Uri BaseUrl { get; }

    /// <summary>Starts the site; <paramref name="args"/> add configuration (Stripe keys, say), <paramref name="configure"/> replaces services.</summary>
    public static async Task<SiteHost> StartAsync(string[]? args = null, Action<WebApplicationBuilder>? configure = null)
    {
        var clock = new FakeClock(Start);
        var app = SampleWebApp.Create(
            ["--urls=http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning", "--Stripe:SecretKey=", .. args ?? []],
            builder =>
            {
                builder.Services.AddSingleton<IClock>(clock);
                configure?.Invoke(builder);
            });
        await app.StartAsync();
        var host = new SiteHost(app, clock);
        Assert.Equal("127.0.0.1", host.BaseUrl.Host);
        return host;
    }

    public string Url(string pathAndQuery) => new Uri(BaseUrl, pathAndQuery).AbsoluteUri;

    public T Get<T>()
        where T : notnull => App.Services.GetRequiredService<T>();

    public IReadOnlyList<ScheduledInterview> Interviews => Get<RecordingInterviewScheduler>().Interviews;

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
