using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using NodaTime.Text;

namespace InterviewBooking.Sample.Web.Pages;

/// <summary>
/// The candidate's booking: its status, the invite, a reschedule to another free time of the same interviewer and a cancellation with
/// the refund the policy gives (both <see cref="BookingChangeService"/>), or closing an unpaid checkout (<see cref="ICheckoutControl"/>).
/// </summary>
public sealed class ManageModel(
    IPaymentSessionStore sessions, IInterviewStore interviews, IInterviewerDirectory directory, SlotSearchService search,
    BookingChangeService changes, ICheckoutControl checkouts, IOptionsMonitor<InterviewBookingOptions> options, IClock clock,
    SamplePayments payments) : PageModel
{
    internal PaymentSession? Session { get; private set; }

    internal ScheduledInterview? Interview { get; private set; }

    internal SlotSearchResult? FreeTimes { get; private set; }

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

    private async Task<bool> LoadAsync(string id, CancellationToken cancellationToken)
    {
        Session = await OwnedSession.FindAsync(HttpContext, sessions, id, cancellationToken);
        if (Session is null)
        {
            return false;
        }

        Interview = Session.InterviewId is { IsEmpty: false } interviewId ? await interviews.GetAsync(interviewId, cancellationToken) : null;
        FreeTimes = null;
        if (IsUpcoming && Session.InterviewerId is { IsEmpty: false } interviewerId && await directory.GetAsync(interviewerId, cancellationToken) is { } interviewer)
        {
            // The same interviewer's free times. The session keeps no copy of the candidate's skills, so the interviewer's own profile
            // is the query: they qualify for it, and the times are exactly those the matcher would offer with them.
            FreeTimes = await search.SearchInterviewerAsync(interviewerId, InterviewerPage.OwnQuery(interviewer, Session.PlanId, Zone.Zone), cancellationToken);
        }

        return true;
    }
}
