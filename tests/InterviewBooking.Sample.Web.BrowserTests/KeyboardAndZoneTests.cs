using OpenQA.Selenium;
using OpenQA.Selenium.Support.UI;

namespace InterviewBooking.Sample.Web.BrowserTests;

/// <summary>A booking with the keyboard alone, and every time shown in the viewer's zone with the zone named.</summary>
public sealed class KeyboardAndZoneTests
{
    [SkippableFact]
    public async Task A_whole_booking_is_done_with_the_keyboard_alone()
    {
        BrowserEnvironment.Require();
        await using var site = await SiteHost.StartAsync();
        using var browser = new Browser(site);
        browser.Open("/?tz=America/New_York");
        browser.WaitFor("#choice");

        // No click from here on: Tab moves the focus, keys go to the focused element, Enter submits or follows a link.
        browser.TabTo("#plan-mock-30");
        AssertFocusIsVisible(browser);
        browser.Press(Keys.ArrowDown); // the 60-minute plan
        browser.TabTo("#addon-written-feedback");
        browser.Press(Keys.Space);
        browser.TabTo("#skills");
        browser.Press("Java, Spring");
        browser.TabTo("#years");
        browser.Press(Keys.Control + "a" + Keys.Control);
        browser.Press("8");
        browser.Press(Keys.Enter);
        browser.WaitFor("#slots a.slot");
        Assert.True(browser.Find("#plan-mock-60").Selected);
        Assert.True(browser.Find("#addon-written-feedback").Selected);

        browser.TabTo("#slots a.slot");
        AssertFocusIsVisible(browser);
        browser.Press(Keys.Enter);
        browser.WaitFor("#match");
        Assert.Equal("104.00 USD", browser.Text("#total")); // 89.00 + 15.00
        browser.TabTo("#name");
        browser.Press("Kim Keys");
        browser.Press(Keys.Tab);
        Assert.True(browser.FocusedMatches("#email"));
        browser.Press("kim.keys@example.org");
        browser.Press(Keys.Enter);
        browser.WaitFor("#pay-now");

        browser.TabTo("#pay-now");
        AssertFocusIsVisible(browser);
        browser.Press(Keys.Enter);
        browser.WaitFor("#confirmation");
        browser.TabTo("#manage");
        browser.Press(Keys.Enter);
        browser.WaitFor("#reschedule");

        var interview = Assert.Single(site.Interviews);
        Assert.Equal("Kim Keys", interview.Request.CandidateName);
        Assert.Equal(Duration.FromMinutes(60), interview.Slot.Duration);
    }

    [SkippableFact]
    public async Task Every_time_is_shown_in_the_viewers_zone_with_the_zone_named_the_browsers_own_by_default()
    {
        BrowserEnvironment.Require();
        await using var site = await SiteHost.StartAsync();
        using var browser = new Browser(site);

        // The browser lives in Tokyo: with no zone chosen, the page's script picks the browser's own.
        browser.Driver.ExecuteCdpCommand("Emulation.setTimezoneOverride", new Dictionary<string, object?> { ["timezoneId"] = "Asia/Tokyo" });
        browser.Open("/");
        browser.WaitUntil(() => browser.Find("[data-viewer-zone]").Text == "Asia/Tokyo", "the page to take the browser's zone");
        browser.Find("#show-slots").Click();
        browser.WaitFor("#slots a.slot");
        AssertTimesIn(browser, "Asia/Tokyo");
        Assert.All(browser.FindAll("#slots h3"), day => Assert.EndsWith("(Asia/Tokyo)", day.Text, StringComparison.Ordinal));

        // Choosing another zone redraws the same page in it.
        new SelectElement(browser.Find("#viewer-zone")).SelectByValue("America/Sao_Paulo");
        browser.Find("form.zone button").Click();
        browser.WaitUntil(() => browser.Find("[data-viewer-zone]").Text == "America/Sao_Paulo", "the page to redraw in the chosen zone");
        browser.WaitFor("#slots a.slot");
        AssertTimesIn(browser, "America/Sao_Paulo");

        // The choice is remembered on the next pages, which name it with every time.
        Candidate.PickSlot(browser);
        Assert.EndsWith("(America/Sao_Paulo)", browser.Text("#slot-time"), StringComparison.Ordinal);
        AssertTimesIn(browser, "America/Sao_Paulo");
        Candidate.Hold(browser);
        AssertTimesIn(browser, "America/Sao_Paulo");
        Assert.EndsWith("(America/Sao_Paulo).", browser.Text("#held-until"), StringComparison.Ordinal);
    }

    /// <summary>Each <c>time</c> element reads its instant on the zone's clock.</summary>
    private static void AssertTimesIn(Browser browser, string zoneId)
    {
        var zone = DateTimeZoneProviders.Tzdb[zoneId];
        var times = browser.FindAll("main time[datetime]");
        Assert.NotEmpty(times);
        foreach (var time in times)
        {
            var local = Candidate.StartOf(time).InZone(zone);
            Assert.Contains(local.TimeOfDay.ToString("HH:mm", null), time.Text, StringComparison.Ordinal);
        }
    }

    private static void AssertFocusIsVisible(Browser browser) =>
        Assert.NotEqual("none", browser.Script("return getComputedStyle(document.activeElement).outlineStyle;"));
}
