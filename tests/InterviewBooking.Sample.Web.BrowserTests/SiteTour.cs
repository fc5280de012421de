namespace InterviewBooking.Sample.Web.BrowserTests;

/// <summary>
/// Every page of the site, reached as a candidate reaches it (a booking made on the way, so the confirmation, manage and interviewer
/// pages have something to show); <paramref name="onPage"/> runs on each once it is shown.
/// </summary>
internal static class SiteTour
{
    public static IReadOnlyList<string> Visit(Browser browser, Action<string> onPage)
    {
        var visited = new List<string>();
        void Page(string name, string shownCss)
        {
            browser.WaitFor(shownCss);
            onPage(name);
            visited.Add(name);
        }

        browser.Open("/?tz=Europe/London");
        Page("booking", "#choice");
        Candidate.ChooseAndSearch(browser, "Europe/London");
        Page("free-times", "#slots");
        Candidate.PickSlot(browser);
        Page("interviewer-and-price", "#match");
        var sessionId = Candidate.Hold(browser);
        Page("payment", "#pay-now");
        Candidate.Pay(browser);
        Page("confirmation", "#confirmation");
        browser.Find("#manage").Click();
        Page("manage", "#reschedule");
        browser.Open("/interviewers");
        Page("interviewers", "#interviewers");
        browser.Open("/manage/" + sessionId);
        var name = browser.Find("dd:nth-of-type(2)").Text.Split(',')[0];
        browser.Open("/interviewers");
        browser.FindAll("#interviewers a").First(a => a.Text == name).Click();
        Page("interviewer", "#upcoming li");
        browser.Open("/?plan=none&years=many&tz=Mars%2FBase");
        Page("booking-bad-input", "#problems");
        browser.Open("/manage/no-such-booking");
        Page("not-found", "#error-message");
        return visited;
    }
}
