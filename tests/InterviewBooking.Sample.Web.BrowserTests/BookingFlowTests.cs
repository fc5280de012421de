using System.Text.RegularExpressions;

namespace InterviewBooking.Sample.Web.BrowserTests;

/// <summary>The whole flow in a real browser: book, pay (simulated), confirmation, invite, reschedule, cancel.</summary>
public sealed partial class BookingFlowTests
{
    [SkippableFact]
    public async Task A_candidate_books_pays_sees_the_confirmation_downloads_the_invite_reschedules_and_cancels()
    {
        BrowserEnvironment.Require();
        await using var site = await SiteHost.StartAsync();
        using var browser = new Browser(site);

        Candidate.ChooseAndSearch(browser, "Europe/London");
        browser.Screenshots("flow-1-free-times");
        // Two days ahead, so the cancellation at the end is early enough for the policy's full refund.
        Candidate.PickSlot(browser, site.Clock.GetCurrentInstant() + Duration.FromDays(2));
        Assert.Matches(@"\d+ of 30", browser.Text("#score"));
        Assert.Contains("Written feedback report", browser.Text("#price"), StringComparison.Ordinal);
        Assert.Equal("64.00 USD", browser.Text("#total")); // 49.00 plan + 15.00 add-on, priced by the library
        var interviewer = browser.Text("#match-title");
        browser.Screenshots("flow-2-interviewer");

        var sessionId = Candidate.Hold(browser);
        Assert.Contains("held for you until", browser.Text("#held-until"), StringComparison.Ordinal);
        browser.Screenshots("flow-3-payment");
        Candidate.Pay(browser);

        Assert.StartsWith(interviewer, browser.Text("#interviewer"), StringComparison.Ordinal);
        var bookedAt = browser.Find("#when").GetAttribute("datetime")!;
        Assert.EndsWith("(Europe/London)", browser.Text("#when"), StringComparison.Ordinal);
        browser.Screenshots("flow-4-confirmation");

        var invite = browser.Fetch(browser.Find("#invite").GetAttribute("href")!);
        Assert.StartsWith("200\ntext/calendar", invite, StringComparison.Ordinal);
        Assert.Contains("METHOD:REQUEST", invite, StringComparison.Ordinal);
        Assert.Contains("DTSTART:" + IcsTime(bookedAt), invite, StringComparison.Ordinal);
        Assert.Contains("SEQUENCE:0", invite, StringComparison.Ordinal);

        browser.Find("#manage").Click();
        browser.WaitFor("#reschedule");
        Assert.Equal("Booked", browser.Find("#status").GetAttribute("data-status"));
        browser.Screenshots("flow-5-manage");
        var move = Candidate.FirstFrom(browser.FindAll("#reschedule button[name=start]"), "time", Instant.FromDateTimeOffset(DateTimeOffset.Parse(bookedAt, null)) + Duration.FromDays(1));
        var movedTo = move.GetAttribute("value")!;
        move.Click();
        browser.WaitFor("#outcome");
        Assert.Contains("moved to", browser.Text("#outcome"), StringComparison.Ordinal);
        Assert.Equal(movedTo, browser.Find("#when").GetAttribute("datetime"));
        var moved = Assert.Single(site.Interviews);
        Assert.Equal(Instant.FromDateTimeOffset(DateTimeOffset.Parse(movedTo, null)), moved.Slot.Start);
        Assert.Equal(interviewer.Split(',')[0], moved.Request.Interviewer.Name); // the same interviewer
        var updated = browser.Fetch(browser.Find("#invite").GetAttribute("href")!);
        Assert.Contains("DTSTART:" + IcsTime(movedTo), updated, StringComparison.Ordinal);
        Assert.Contains("SEQUENCE:1", updated, StringComparison.Ordinal);

        browser.Find("#cancel").Click();
        // The page shows the session after the change: canceled, or already refunded when the outbox worker was quicker.
        browser.WaitUntil(() => browser.Find("#status").GetAttribute("data-status") is "BookingCanceled" or "Refunded", "the booking to be canceled");
        // Days ahead of the start: the policy refunds the full price.
        Assert.Contains("You get 64.00 USD back (100% of the price)", browser.Text("#outcome"), StringComparison.Ordinal);
        Assert.Contains("64.00 USD (100%)", browser.Text("#refund"), StringComparison.Ordinal);
        Assert.Contains("METHOD:CANCEL", browser.Fetch(browser.Find("#invite").GetAttribute("href")!), StringComparison.Ordinal);
        browser.AssertPageStandards();
        browser.Screenshots("flow-6-canceled");
        // The outbox worker then issues the refund through the (simulated) provider.
        var gateway = site.Get<InMemory.SimulatedPaymentGateway>();
        browser.WaitUntil(() => gateway.RefundsOf(new PaymentSessionId(sessionId)).Sum(r => r.Amount.MinorUnits) == 6400, "the refund of 64.00 USD to be issued");
        browser.Driver.Navigate().Refresh();
        browser.WaitUntil(() => browser.Find("#status").GetAttribute("data-status") == "Refunded", "the manage page to say refunded");
    }

    private static string IcsTime(string iso) => IcsDigits().Replace(iso, string.Empty);

    [GeneratedRegex("[-:]")]
    private static partial Regex IcsDigits();
}
