using InterviewBooking.InMemory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace InterviewBooking.Smtp.Tests;

public class RegistrationTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_SMTP_notifier_wins_over_the_in_memory_default_in_either_order(bool smtpFirst)
    {
        await using var flow = new SmtpFlow(o => o.Host = "smtp.example.com", smtpBeforeInMemory: smtpFirst);

        Assert.IsType<SmtpBookingNotifier>(flow.Notifier);
        Assert.Same(flow.Notifier, flow.Services.GetRequiredService<SmtpBookingNotifier>());
        Assert.Single(flow.Services.GetServices<IBookingNotifier>());
    }

    [Fact]
    public void Bad_options_fail_at_start_up_naming_every_setting()
    {
        var services = new ServiceCollection();
        services.AddInterviewBooking(SmtpFlow.ConfigurePlans)
            .AddInMemoryStores()
            .AddSmtpNotifications(o => o.Port = 0);
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<AggregateException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        var messages = string.Join("\n", error.InnerExceptions.Select(e => e.Message));
        Assert.Contains("SmtpNotifierOptions.Host must be", messages, StringComparison.Ordinal);
        Assert.Contains("SmtpNotifierOptions.Port must be between 1 and 65535; got 0", messages, StringComparison.Ordinal);
        Assert.Contains("SmtpNotifierOptions.FromAddress is required", messages, StringComparison.Ordinal);
        Assert.Contains("CalendarInviteOptions.OrganizerEmail is required", messages, StringComparison.Ordinal);
    }

    [Fact]
    public void AddSmtpNotifications_needs_a_configuration()
    {
        var builder = new ServiceCollection().AddInterviewBooking(SmtpFlow.ConfigurePlans);
        Assert.Throws<ArgumentNullException>(() => builder.AddSmtpNotifications((Action<SmtpNotifierOptions>)null!));
    }
}
