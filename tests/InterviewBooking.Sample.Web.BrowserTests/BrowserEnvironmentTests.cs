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
}
