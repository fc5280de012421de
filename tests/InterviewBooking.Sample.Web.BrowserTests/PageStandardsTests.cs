namespace InterviewBooking.Sample.Web.BrowserTests;

/// <summary>The standards every page keeps, checked on every page in a real browser: accessible, fits a phone, screenshots saved.</summary>
public sealed class PageStandardsTests
{
    [SkippableFact]
    public async Task No_page_has_a_serious_or_critical_accessibility_violation()
    {
        BrowserEnvironment.Require();
        await using var site = await SiteHost.StartAsync();
        using var browser = new Browser(site);
        var violations = new List<string>();

        var pages = SiteTour.Visit(browser, _ => violations.AddRange(browser.SeriousAccessibilityViolations()));

        Assert.True(pages.Count >= 10, $"The tour saw only {pages.Count} pages.");
        Assert.Empty(violations);
    }

    [SkippableFact]
    public async Task Every_page_fits_a_375_px_phone_without_horizontal_scroll_and_is_saved_as_screenshots()
    {
        BrowserEnvironment.Require();
        await using var site = await SiteHost.StartAsync();
        using var browser = new Browser(site);
        var overflows = new List<string>();

        var pages = SiteTour.Visit(browser, name =>
        {
            browser.Resize(Browser.Phone);
            if (browser.HorizontalOverflow() is var overflow and > 0)
            {
                overflows.Add($"{name}: {overflow} px wider than the screen");
            }

            browser.Screenshots("page-" + name);
        });

        Assert.Empty(overflows);
        foreach (var page in pages)
        {
            foreach (var width in new[] { "desktop", "phone" })
            {
                var file = new FileInfo(Path.Combine(Browser.ScreenshotFolder, $"page-{page}-{width}.png"));
                Assert.True(file.Exists && file.Length > 1000, $"No screenshot {file.FullName}.");
            }
        }
    }

    [SkippableFact]
    public async Task The_checks_see_a_planted_fault_an_unlabelled_field_and_a_too_wide_block()
    {
        BrowserEnvironment.Require();
        await using var site = await SiteHost.StartAsync();
        using var browser = new Browser(site);
        browser.Open("/?tz=UTC");
        browser.WaitFor("#choice");
        Assert.Empty(browser.SeriousAccessibilityViolations());
        browser.Resize(Browser.Phone);
        Assert.Equal(0, browser.HorizontalOverflow());

        browser.Script("var i = document.createElement('input'); i.type = 'text'; document.querySelector('main').appendChild(i);" +
            "var d = document.createElement('div'); d.style.width = '600px'; d.textContent = 'wide'; document.querySelector('main').appendChild(d);");

        Assert.Contains(browser.SeriousAccessibilityViolations(), v => v.Contains(": label (critical)", StringComparison.Ordinal));
        Assert.True(browser.HorizontalOverflow() > 0);
    }
}
