using OpenQA.Selenium;
using OpenQA.Selenium.Support.UI;

namespace InterviewBooking.Sample.Web.BrowserTests;

/// <summary>What a candidate does on the site, step by step, with the mouse (the keyboard-only test has its own steps).</summary>
internal static class Candidate
{
    /// <summary>The booking page's form: plan, add-on, area, skills, experience; then the free times.</summary>
    public static void ChooseAndSearch(Browser browser, string zone, bool withAddOn = true)
    {
        browser.Open("/?tz=" + Uri.EscapeDataString(zone));
        browser.WaitFor("#plan-mock-30").Click();
        if (withAddOn)
        {
            browser.Find("#addon-written-feedback").Click();
        }

        new SelectElement(browser.Find("#area")).SelectByValue("Backend");
        var skills = browser.Find("#skills");
        skills.Clear();
        skills.SendKeys("Java, Kubernetes");
        var years = browser.Find("#years");
        years.Clear();
        years.SendKeys("6");
        browser.Find("#show-slots").Click();
        browser.WaitFor("#slots a.slot");
    }

    /// <summary>Picks the first free time starting at or after <paramref name="notBefore"/> (the first one by default) and waits for the matched interviewer.</summary>
    public static string PickSlot(Browser browser, Instant? notBefore = null)
    {
        var slot = FirstFrom(browser.FindAll("#slots a.slot"), "time", notBefore);
        var href = slot.GetAttribute("href")!;
        slot.Click();
        browser.WaitFor("#match");
        return href;
    }

    /// <summary>The first of <paramref name="elements"/> whose <c>time</c> (found by <paramref name="timeCss"/>) starts at or after <paramref name="notBefore"/>.</summary>
    public static IWebElement FirstFrom(IEnumerable<IWebElement> elements, string timeCss, Instant? notBefore) =>
        elements.First(e => notBefore is not { } from || StartOf(e.FindElement(By.CssSelector(timeCss))) >= from);

    public static Instant StartOf(IWebElement time) => NodaTime.Text.InstantPattern.General.Parse(time.GetAttribute("datetime")!).Value;

    /// <summary>Gives a name and email and holds the time; returns the payment session id from the payment page's address.</summary>
    public static string Hold(Browser browser, string name = "Casey Jordan", string email = "casey.jordan@example.org")
    {
        browser.Find("#name").SendKeys(name);
        browser.Find("#email").SendKeys(email);
        browser.Find("#pay").Click();
        browser.WaitFor("#pay-now");
        return browser.Driver.Url.Split("/pay/")[1];
    }

    public static void Pay(Browser browser)
    {
        browser.Find("#pay-now").Click();
        browser.WaitFor("#confirmation");
    }
}
