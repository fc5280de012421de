namespace InterviewBooking.Sample.Web.BrowserTests;

/// <summary>
/// After the interview, in a real browser: the interviewer marks it completed and writes feedback on their page, the candidate reads it
/// and rates them; after the interviewer's no-show,
/// the candidate chooses between the refund and a free rebooking with another interviewer.
/// </summary>
public sealed class LifecycleFlowTests
{
    [SkippableFact]
    public async Task After_a_completed_interview_the_candidate_reads_the_feedback_and_rates_the_interviewer()
    {
        BrowserEnvironment.Require();
        await using var site = await SiteHost.StartAsync();
        using var browser = new Browser(site);
        var sessionId = Book(site, browser);
        var session = await site.Get<IPaymentSessionStore>().GetAsync(new PaymentSessionId(sessionId));

        // The interview takes place: the clock passes its end and the interviewer completes it and writes feedback.
        site.Clock.Reset(session!.Slot!.Value.End + Duration.FromMinutes(5));
        browser.Open("/manage/" + sessionId);
        Assert.Equal("Scheduled", browser.Find("#interview-status").GetAttribute("data-status"));

        // The interviewer's page (the sample's demo stands for their own): mark it completed, then write the feedback.
        browser.Open("/interviewers/" + Uri.EscapeDataString(session.InterviewerId!.Value.Value));
        var article = $"#recent article[data-session='{sessionId}']";
        browser.Find(article + " form[action*=Complete] button").Click();
        browser.WaitFor("#outcome");
        Assert.Equal("Marked completed. The candidate can now rate the interview.", browser.Text("#outcome"));
        browser.Find(article + " textarea[name=feedback]").SendKeys("Clear structure in the design round; name your trade-offs sooner.");
        browser.AssertPageStandards();
        browser.Screenshots("lifecycle-0-interviewer-feedback-form");
        browser.Find(article + " form[action*=Feedback] button").Click();
        browser.WaitUntil(() => browser.Text("#outcome").StartsWith("Your feedback is saved", StringComparison.Ordinal), "the feedback to be saved");

        browser.Open("/manage/" + sessionId);
        Assert.Equal("Completed", browser.Find("#interview-status").GetAttribute("data-status"));
        Assert.Equal("Clear structure in the design round; name your trade-offs sooner.", browser.Text("#feedback"));
        Assert.Empty(browser.FindAll("#reschedule"));
        Assert.Equal("How was your interview with " + session.MatchedInterviewer!.Name + "? (1 = poor, 5 = excellent)", browser.Text("#rate legend"));
        browser.AssertPageStandards();
        browser.Screenshots("lifecycle-1-feedback-and-rating-form");

        // The label is the radio's name and its click target.
        browser.Find("label[for=stars-4]").Click();
        Assert.True(browser.Find("#stars-4").Selected);
        browser.Find("#comment").SendKeys("Friendly, and the hints came at the right time.");
        browser.Find("#send-rating").Click();

        browser.WaitFor("#outcome");
        Assert.Equal("Thank you: your rating is saved.", browser.Text("#outcome"));
        Assert.Equal("4", browser.Find("#rating").GetAttribute("data-stars"));
        Assert.Empty(browser.FindAll("#rate"));
        var stored = await site.Get<IInterviewStore>().GetAsync(session.InterviewId!.Value);
        Assert.Equal(4, stored!.Rating!.Stars);
        Assert.Equal("Friendly, and the hints came at the right time.", stored.Rating.Comment);
        browser.AssertPageStandards();
        browser.Screenshots("lifecycle-2-rated");
    }

    [SkippableFact]
    public async Task After_the_interviewer_did_not_show_the_candidate_chooses_a_free_rebooking_with_another_interviewer()
    {
        BrowserEnvironment.Require();
        await using var site = await SiteHost.StartAsync();
        using var browser = new Browser(site);
        var sessionId = Book(site, browser);
        var session = await site.Get<IPaymentSessionStore>().GetAsync(new PaymentSessionId(sessionId));
        var options = site.Get<Microsoft.Extensions.Options.IOptions<InterviewBookingOptions>>().Value;
        site.Clock.Reset(session!.Slot!.Value.Start + options.NoShowGracePeriod + Duration.FromMinutes(1));
        var noShow = await site.Get<InterviewLifecycleService>().ReportNoShowAsync(session.Id, InterviewParty.Interviewer, InterviewParty.Candidate);
        Assert.True(noShow.Succeeded, noShow.Reason);

        browser.Open("/manage/" + sessionId);
        Assert.Equal("InterviewerNoShow", browser.Find("#interview-status").GetAttribute("data-status"));
        Assert.Contains("the full price", browser.Text("#refund-choice"), StringComparison.Ordinal);
        var free = browser.FindAll("#rebook button[name=start]");
        Assert.NotEmpty(free);
        Assert.DoesNotContain(free, b => b.GetAttribute("aria-label")!.Contains(session.MatchedInterviewer!.Name, StringComparison.Ordinal));
        browser.AssertPageStandards();
        browser.Screenshots("lifecycle-3-refund-or-rebooking");

        free[0].Click();
        browser.WaitUntil(() => browser.Driver.Url.EndsWith("/manage/" + RebookingService.RebookedSessionId(session.Id).Value, StringComparison.Ordinal), "the rebooked session's page");
        Assert.Equal("Booked", browser.Find("#status").GetAttribute("data-status"));
        var rebooked = await site.Get<IPaymentSessionStore>().GetAsync(RebookingService.RebookedSessionId(session.Id));
        Assert.NotEqual(session.InterviewerId, rebooked!.InterviewerId);
        Assert.Equal(PaymentSessionStatus.Rebooked, (await site.Get<IPaymentSessionStore>().GetAsync(session.Id))!.Status);
        browser.Open("/manage/" + sessionId);
        Assert.Empty(browser.FindAll("#choice"));
    }

    private static string Book(SiteHost site, Browser browser)
    {
        Candidate.ChooseAndSearch(browser, "Europe/London");
        Candidate.PickSlot(browser, site.Clock.GetCurrentInstant() + Duration.FromDays(1));
        var sessionId = Candidate.Hold(browser);
        Candidate.Pay(browser);
        return sessionId;
    }
}
