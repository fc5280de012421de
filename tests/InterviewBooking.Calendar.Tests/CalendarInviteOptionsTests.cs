using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace InterviewBooking.Calendar.Tests;

public class CalendarInviteOptionsTests
{
    [Fact]
    public void Valid_options_pass()
    {
        Assert.True(new CalendarInviteOptionsValidator().Validate(null, Invites.DefaultOptions()).Succeeded);
        Assert.True(new CalendarInviteOptionsValidator().Validate(null, new CalendarInviteOptions { OrganizerEmail = "a@b.example" }).Succeeded);
    }

    [Theory]
    [InlineData("", null, "OrganizerEmail is required")]
    [InlineData("not-an-address", null, "OrganizerEmail must be a plain email address")]
    [InlineData("Acme <interviews@acme.example>", null, "OrganizerEmail must be a plain email address")]
    [InlineData("interviews@acme.example", "bad domain!", "UidDomain must be a host name")]
    [InlineData("interviews@acme.example", ".acme.example", "UidDomain must be a host name")]
    public void Bad_settings_are_named(string email, string? uidDomain, string expected)
    {
        var result = new CalendarInviteOptionsValidator().Validate(null, new CalendarInviteOptions { OrganizerEmail = email, UidDomain = uidDomain });

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Line_breaks_in_the_organizer_name_or_product_id_fail()
    {
        var options = Invites.DefaultOptions();
        options.OrganizerName = "Acme\r\nBcc: x";
        options.ProductId = "";
        var result = new CalendarInviteOptionsValidator().Validate(null, options);

        Assert.Contains("OrganizerName must not contain line breaks", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("ProductId must be non-empty", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_options_fail_at_start_up_not_on_first_use()
    {
        var services = new ServiceCollection();
        services.AddInterviewBooking(Plans).AddCalendarInvites();
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("OrganizerEmail is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddCalendarInvites_registers_a_writer_with_the_configured_organizer()
    {
        var services = new ServiceCollection();
        services.AddInterviewBooking(Plans)
            .AddCalendarInvites(o => o.OrganizerEmail = "interviews@acme.example")
            .AddCalendarInvites(o => o.OrganizerName = "Acme Interviews");
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();

        var writer = provider.GetRequiredService<CalendarInviteWriter>();
        Assert.Same(writer, provider.GetRequiredService<CalendarInviteWriter>());
        var invite = writer.Write(Invites.Notification(BookingNotificationKind.Booked))!;
        Assert.Contains("ORGANIZER;CN=Acme Interviews:mailto:interviews@acme.example", invite.Content, StringComparison.Ordinal);
        Assert.Equal("30-minute mock interview", writer.PlanName("mock-30"));
    }

    private static void Plans(InterviewBookingOptions options) =>
        options.Plans.Add(new InterviewPlan { Id = "mock-30", Name = "30-minute mock interview", Duration = Duration.FromMinutes(30), PriceMinorUnits = 4900 });
}
