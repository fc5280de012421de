namespace InterviewBooking.Sample.Web.BrowserTests;

/// <summary>Two candidates racing for one slot, and a hold that runs out while the candidate is on the payment page.</summary>
public sealed class RaceAndHoldTests
{
    [SkippableFact]
    public async Task Two_browsers_race_for_the_last_free_slot_one_books_and_the_other_is_offered_alternatives()
    {
        BrowserEnvironment.Require();
        await using var site = await SiteHost.StartAsync();
        using var first = new Browser(site);
        using var second = new Browser(site);

        // Both candidates see the same free time and are shown the same interviewer for it (nothing is held by a preview).
        Candidate.ChooseAndSearch(first, "UTC", withAddOn: false);
        var offer = Candidate.PickSlot(first);
        second.Driver.Navigate().GoToUrl(offer);
        second.WaitFor("#match");
        Assert.Equal(first.Text("#match-title"), second.Text("#match-title"));
        var interviewer = first.Text("#match-title").Split(',')[0];

        // The first holds it and pays; the preview the second one holds names that interviewer only, so that slot is the last one.
        var won = Candidate.Hold(first, "Ada Winner", "ada@example.org");
        Candidate.Pay(first);
        second.Find("#name").SendKeys("Bo Second");
        second.Find("#email").SendKeys("bo@example.org");
        second.Find("#pay").Click();

        Assert.Contains("Someone else has just taken this slot", second.Text("#refusal"), StringComparison.Ordinal);
        var alternatives = second.FindAll("#alternatives a.slot");
        Assert.NotEmpty(alternatives);
        var taken = Candidate.StartOf(first.Find("#when"));
        Assert.DoesNotContain(alternatives, a => Candidate.StartOf(a.FindElement(OpenQA.Selenium.By.CssSelector("time"))) == taken && a.Text.EndsWith(interviewer, StringComparison.Ordinal));
        second.AssertPageStandards();
        second.Screenshots("race-alternatives");

        // An alternative books normally.
        alternatives[0].Click();
        second.WaitFor("#match");
        var lost = Candidate.Hold(second, "Bo Second", "bo@example.org");
        Candidate.Pay(second);
        var sessions = site.Get<IPaymentSessionStore>();
        Assert.Equal(PaymentSessionStatus.Booked, (await sessions.GetAsync(new PaymentSessionId(won)))!.Status);
        Assert.Equal(PaymentSessionStatus.Booked, (await sessions.GetAsync(new PaymentSessionId(lost)))!.Status);
        Assert.Equal(2, site.Interviews.Count);
        Assert.Single(site.Interviews, i => i.Slot.Start == taken && i.Request.Interviewer.Name == interviewer);
    }

    [SkippableFact]
    public async Task A_hold_that_runs_out_on_the_payment_page_is_said_so_and_paying_then_does_not_book()
    {
        BrowserEnvironment.Require();
        await using var site = await SiteHost.StartAsync();
        using var browser = new Browser(site);

        Candidate.ChooseAndSearch(browser, "Asia/Kolkata");
        Candidate.PickSlot(browser);
        var sessionId = Candidate.Hold(browser);
        var session = await site.Get<IPaymentSessionStore>().GetAsync(new PaymentSessionId(sessionId));

        // The candidate leaves the payment page open past the hold (the sample holds for 35 minutes), then pays.
        site.Clock.AdvanceMinutes(36);
        Assert.True(site.Clock.GetCurrentInstant() > session!.ExpiresAt);
        browser.Find("#pay-now").Click();

        Assert.Contains("Your payment was not taken", browser.Text("#outcome"), StringComparison.Ordinal);
        Assert.Contains("Your hold ran out", browser.Text("#hold-ran-out"), StringComparison.Ordinal);
        Assert.Contains("(Asia/Kolkata)", browser.Text("#hold-ran-out"), StringComparison.Ordinal);
        Assert.Empty(browser.FindAll("#pay-now"));
        browser.AssertPageStandards();
        browser.Screenshots("payment-hold-ran-out");
        var after = await site.Get<IPaymentSessionStore>().GetAsync(session.Id);
        Assert.Equal(PaymentSessionStatus.Expired, after!.Status);
        Assert.Empty(site.Interviews);
        Assert.Empty(site.Get<InMemory.SimulatedPaymentGateway>().RefundsOf(session.Id)); // nothing was charged, so nothing to refund
        var hold = await site.Get<IReservationStore>().GetAsync(session.ReservationId!.Value);
        Assert.NotEqual(ReservationStatus.Confirmed, hold!.Status);

        // Coming back to the page says the same, and offers to start again.
        browser.Open("/pay/" + sessionId);
        Assert.Contains("Your hold ran out", browser.Text("#hold-ran-out"), StringComparison.Ordinal);
        Assert.Empty(site.Interviews);
    }

    [SkippableFact]
    public async Task Leaving_the_payment_page_without_paying_frees_the_time_for_the_next_candidate()
    {
        BrowserEnvironment.Require();
        await using var site = await SiteHost.StartAsync();
        using var first = new Browser(site);
        using var second = new Browser(site);
        Candidate.ChooseAndSearch(first, "UTC", withAddOn: false);
        var offer = Candidate.PickSlot(first);
        var interviewer = first.Text("#match-title");
        var sessionId = Candidate.Hold(first);

        first.Find("#abandon").Click();

        Assert.Contains("You left the checkout. Nothing was charged", first.Text("#outcome"), StringComparison.Ordinal);
        Assert.Empty(first.FindAll("#pay-now"));
        first.AssertPageStandards();
        first.Screenshots("payment-abandoned");
        Assert.Equal(PaymentSessionStatus.Canceled, (await site.Get<IPaymentSessionStore>().GetAsync(new PaymentSessionId(sessionId)))!.Status);

        // The same time with the same interviewer is free again: the next candidate holds and pays it.
        second.Driver.Navigate().GoToUrl(offer);
        Assert.Equal(interviewer, second.Text("#match-title"));
        Candidate.Hold(second, "Bo Next", "bo@example.org");
        Candidate.Pay(second);
        Assert.Equal("Bo Next", Assert.Single(site.Interviews).Request.CandidateName);
    }
}
