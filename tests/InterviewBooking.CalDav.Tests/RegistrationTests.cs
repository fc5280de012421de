using InterviewBooking.InMemory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace InterviewBooking.CalDav.Tests;

/// <summary>What <c>AddCalDavCalendars</c> registers, and the options check at start (no server needed).</summary>
public sealed class RegistrationTests
{
    private static ServiceProvider Build(Action<CalDavOptions>? configure = null, int times = 1)
    {
        var services = new ServiceCollection();
        var builder = services.AddInterviewBooking(o => o.Plans.Add(new InterviewPlan { Id = "p", Name = "p", Duration = Duration.FromMinutes(30), PriceMinorUnits = 100 }))
            .AddInMemoryStores().AddSimulatedPayments().AddOutboxWorker();
        for (var i = 0; i < times; i++)
        {
            builder.AddCalDavCalendars<DictionaryConnectionResolver>(configure);
        }

        return services.BuildServiceProvider();
    }

    [Fact]
    public void The_calendars_become_the_busy_time_source_with_one_handler_and_one_contributor_however_often_added()
    {
        using var provider = Build(times: 2);

        Assert.IsType<CalDavBusyTimeSource>(provider.GetRequiredService<IBusyTimeSource>());
        Assert.Single(provider.GetServices<IOutboxHandler>(), h => h.Kind == CalendarEventMessages.Kind);
        Assert.Single(provider.GetServices<IOutboxMessageContributor>());
    }

    [Fact]
    public void Without_the_package_the_core_knows_no_outside_busy_time()
    {
        var services = new ServiceCollection();
        services.AddInterviewBooking(o => { }).AddInMemoryStores();
        using var provider = services.BuildServiceProvider();

        Assert.Equal("NoBusyTimeSource", provider.GetRequiredService<IBusyTimeSource>().GetType().Name);
    }

    [Fact]
    public void Bad_options_fail_at_start_naming_each_setting()
    {
        using var provider = Build(o =>
        {
            o.CacheTimeToLive = Duration.FromSeconds(1);
            o.MaxCachedCalendars = 0;
            o.OwnUidSuffix = "no-at-sign";
            o.OnFailure = (CalDavFailureMode)7;
        });

        // The resilience pipeline's options read these options too, so the start check may report the failure more than once.
        var thrown = Assert.ThrowsAny<Exception>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        var error = thrown as OptionsValidationException ?? Assert.IsType<OptionsValidationException>(Assert.IsType<AggregateException>(thrown).InnerExceptions[0]);
        Assert.Contains("CalDavOptions.CacheTimeToLive", error.Message, StringComparison.Ordinal);
        Assert.Contains("CalDavOptions.MaxCachedCalendars", error.Message, StringComparison.Ordinal);
        Assert.Contains("CalDavOptions.OwnUidSuffix", error.Message, StringComparison.Ordinal);
        Assert.Contains("CalDavOptions.OnFailure", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_options_pass()
    {
        Assert.True(new CalDavOptionsValidator().Validate(null, new CalDavOptions()).Succeeded);
    }

    [Fact]
    public void Only_booked_rescheduled_and_canceled_notifications_get_a_calendar_message()
    {
        var contributor = new CalendarEventMessages();
        var session = PaymentSessionId.New();
        OutboxMessage Notification(string kind) => new($"{session.Value}:notification:{kind.ToLowerInvariant()}:0", OutboxKinds.Notification, Instant.FromUtc(2026, 3, 2, 8, 0))
        {
            SessionId = session,
            Data = new Dictionary<string, string> { [OutboxDataKeys.NotificationKind] = kind },
        };

        var booked = Assert.Single(contributor.Contribute(Notification("Booked")));
        Assert.Equal(CalendarEventMessages.Kind, booked.Kind);
        Assert.Equal($"{session.Value}:caldav-event:booked:0", booked.Key);
        Assert.Equal(session, booked.SessionId);
        Assert.Single(contributor.Contribute(Notification("Rescheduled")));
        Assert.Single(contributor.Contribute(Notification("Canceled")));
        Assert.Empty(contributor.Contribute(Notification("RefundRequired")));
    }
}
