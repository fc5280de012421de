using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using NodaTime.Text;

namespace InterviewBooking.Sample.Web.Pages;

/// <summary>
/// The candidate's booking: its status, the invite, a reschedule to another free time of the same interviewer and a cancellation with
/// the refund the policy gives (both <see cref="BookingChangeService"/>), or closing an unpaid checkout (<see cref="ICheckoutControl"/>).
/// After the interview: how it ended, the interviewer's feedback and the candidate's rating (<see cref="InterviewLifecycleService"/>), and
/// after the interviewer's cancellation or no-show the choice between the refund and a free rebooking (<see cref="RebookingService"/>).
/// </summary>
public sealed class ManageModel(
    IPaymentSessionStore sessions, IInterviewStore interviews, IInterviewerDirectory directory, SlotSearchService search,
    BookingChangeService changes, ICheckoutControl checkouts, IOptionsMonitor<InterviewBookingOptions> options, IClock clock,
    SamplePayments payments, InterviewLifecycleService lifecycle, RebookingService rebooking) : PageModel
{
    internal PaymentSession? Session { get; private set; }

    internal ScheduledInterview? Interview { get; private set; }

    internal SlotSearchResult? FreeTimes { get; private set; }

    /// <summary>Whether the candidate may choose a free rebooking now, instead of the refund.</summary>
    internal bool RebookingOffered { get; private set; }

    /// <summary>Free times of other interviewers who qualify as the original one did, for the free rebooking.</summary>
    internal SlotSearchResult? RebookTimes { get; private set; }

    /// <summary>When the full refund is issued unless a free rebooking is chosen first.</summary>
    internal Instant? RefundAt => RebookingOffered ? Session!.UpdatedAt + Options.RebookingChoiceWindow : null;

    internal ViewerZone Zone => ViewerZone.Of(HttpContext);

    internal InterviewBookingOptions Options => options.CurrentValue;

    internal bool UsesStripe => payments.UsesStripe;

    /// <summary>What this visit changed, or why not, as a sentence.</summary>
    internal string? Outcome { get; private set; }

    internal bool Failed { get; private set; }

    internal bool IsUpcoming => Session?.Status == PaymentSessionStatus.Booked && Interview is { Status: InterviewStatus.Scheduled } i && clock.GetCurrentInstant() < i.Slot.Start;

    internal bool IsOver => Interview is { Status: InterviewStatus.Scheduled } i && clock.GetCurrentInstant() >= i.Slot.End;

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostCancelAsync(string id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        if (Session!.Status == PaymentSessionStatus.Pending)
        {
            var answer = await checkouts.AbandonAsync(Session.Id, cancellationToken);
            Outcome = answer.Succeeded ? "You left the checkout. Nothing was charged and the time is free for others again." : "The checkout could not be closed; please try again.";
            Failed = !answer.Succeeded;
        }
        else
        {
            var result = await changes.CancelAsync(Session.Id, "Canceled by the candidate.", cancellationToken);
            Failed = !result.Succeeded;
            Outcome = result.Succeeded && result.Refund is { } refund
                ? $"Your interview is canceled. You get {MoneyText.Format(refund.Amount)} back ({refund.Percent}% of the price): {refund.Policy}"
                : Sentences.Change(result);
        }

        await LoadAsync(id, cancellationToken);
        Response.StatusCode = Failed ? StatusCodes.Status409Conflict : StatusCodes.Status200OK;
        return Page();
    }

    public async Task<IActionResult> OnPostRescheduleAsync(string id, string? start, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        var parsed = InstantPattern.General.Parse(start ?? string.Empty);
        if (!parsed.Success || Session!.Slot is not { } booked)
        {
            Failed = true;
            Outcome = "Please pick one of the free times below.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var result = await changes.RescheduleAsync(Session.Id, new Interval(parsed.Value, parsed.Value + booked.Duration), cancellationToken);
        Failed = !result.Succeeded;
        Outcome = result.Succeeded && result.Session?.Slot is { } moved
            ? $"Your interview is moved to {Zone.Slot(moved)}. The calendar invite below is updated."
            : Sentences.Change(result);
        await LoadAsync(id, cancellationToken);
        Response.StatusCode = Failed ? StatusCodes.Status409Conflict : StatusCodes.Status200OK;
        return Page();
    }

    public async Task<IActionResult> OnPostRateAsync(string id, int? stars, string? comment, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        if (stars is null)
        {
            Failed = true;
            Outcome = "Please choose from 1 to 5 stars.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        try
        {
            var result = await lifecycle.RateAsync(Session!.Id, stars.Value, comment, cancellationToken);
            Failed = !result.Succeeded;
            Outcome = Sentences.Rating(result);
        }
        catch (InvalidInterviewRequestException invalid)
        {
            Failed = true;
            Outcome = Sentences.Of(invalid);
        }

        await LoadAsync(id, cancellationToken);
        Response.StatusCode = Failed ? StatusCodes.Status409Conflict : StatusCodes.Status200OK;
        return Page();
    }

    public async Task<IActionResult> OnPostRebookAsync(string id, string? start, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        var parsed = InstantPattern.General.Parse(start ?? string.Empty);
        if (!parsed.Success || Session!.Slot is not { } booked || Session.InterviewerId is not { IsEmpty: false } original
            || await directory.GetAsync(original, cancellationToken) is not { } interviewer)
        {
            Failed = true;
            Outcome = "Please pick one of the free times below.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        // The session keeps no copy of the candidate's skills: the original interviewer's profile is what the new one must qualify for.
        var query = InterviewerPage.OwnQuery(interviewer, Session.PlanId, Session.CandidateTimeZone);
        var request = new InterviewRequest
        {
            CandidateId = Session.CandidateId,
            CandidateName = Session.CandidateName,
            CandidateEmail = Session.CandidateEmail,
            ExperienceYears = query.ExperienceYears,
            SkillCategories = query.SkillCategories,
            Skills = query.Skills,
            RequestedSlot = new Interval(parsed.Value, parsed.Value + booked.Duration),
            CandidateTimeZone = Session.CandidateTimeZone,
            PlanId = Session.PlanId,
            AddOns = Session.AddOns,
        };
        try
        {
            var result = await rebooking.RebookAsync(Session.Id, request, cancellationToken);
            if (result.Rebooked is { } rebooked && result.Outcome is RebookingOutcome.Rebooked or RebookingOutcome.AlreadyRebooked)
            {
                return Redirect("/manage/" + Uri.EscapeDataString(rebooked.Id.Value));
            }

            Failed = true;
            Outcome = Sentences.Rebooking(result);
        }
        catch (InvalidInterviewRequestException invalid)
        {
            Failed = true;
            Outcome = Sentences.Of(invalid);
        }

        await LoadAsync(id, cancellationToken);
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    private async Task<bool> LoadAsync(string id, CancellationToken cancellationToken)
    {
        Session = await OwnedSession.FindAsync(HttpContext, sessions, id, cancellationToken);
        if (Session is null)
        {
            return false;
        }

        Interview = Session.InterviewId is { IsEmpty: false } interviewId ? await interviews.GetAsync(interviewId, cancellationToken) : null;
        FreeTimes = null;
        RebookTimes = null;
        RebookingOffered = Session.Status == PaymentSessionStatus.BookingCanceled && Interview is not null
            && await rebooking.IsOfferedAsync(Session.Id, cancellationToken);
        if (RebookingOffered && Session.InterviewerId is { IsEmpty: false } originalId && await directory.GetAsync(originalId, cancellationToken) is { } original)
        {
            // Others who qualify as the original interviewer did; the rebooking itself never matches the original again.
            RebookTimes = await search.SearchAsync(
                InterviewerPage.OwnQuery(original, Session.PlanId, Zone.Zone) with { ExcludedInterviewers = [originalId] }, cancellationToken);
        }

        if (IsUpcoming && Session.InterviewerId is { IsEmpty: false } interviewerId && await directory.GetAsync(interviewerId, cancellationToken) is { } interviewer)
        {
            // The same interviewer's free times. The session keeps no copy of the candidate's skills, so the interviewer's own profile
            // is the query: they qualify for it, and the times are exactly those the matcher would offer with them.
            FreeTimes = await search.SearchInterviewerAsync(interviewerId, InterviewerPage.OwnQuery(interviewer, Session.PlanId, Zone.Zone), cancellationToken);
        }

        return true;
    }
}
