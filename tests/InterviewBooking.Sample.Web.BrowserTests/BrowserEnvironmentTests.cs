namespace InterviewBooking.Sample.Web.BrowserTests;

/// <summary>The installed browser and driver are a pair: a driver drives only the Chromium of its own version.</summary>
public sealed class BrowserEnvironmentTests
{
    [SkippableFact]
    public void Chromium_and_chromedriver_have_the_same_version()
    {
        BrowserEnvironment.Require();

        var browser = BrowserEnvironment.VersionOf(BrowserEnvironment.ChromiumPath);
        var driver = BrowserEnvironment.VersionOf(BrowserEnvironment.DriverPath);

        Assert.Equal(browser, driver);
    }

    [Fact]
    public void Without_Chromium_a_browser_test_fails_under_CI_and_is_skipped_with_the_reason_outside_it()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-chromium-" + Guid.NewGuid().ToString("N"));

        var underCi = Assert.Throws<InvalidOperationException>(() => BrowserEnvironment.Require(missing, missing, ci: true));
        var outside = Assert.Throws<SkipException>(() => BrowserEnvironment.Require(missing, missing, ci: false));

        Assert.Contains("CI=true", underCi.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install -y chromium chromium-driver", outside.Message, StringComparison.Ordinal);
    }
}
