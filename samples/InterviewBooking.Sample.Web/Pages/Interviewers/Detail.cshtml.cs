using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace InterviewBooking.Sample.Web.Pages.Interviewers;

/// <summary>
/// One interviewer: their upcoming interviews (their confirmed reservations and the sessions that own them) and their free times as the
/// matcher sees them (slot search over that interviewer alone: windows, notice, horizon, buffers, daily cap and held slots all apply).
/// Their interviews of the last days, with what the interviewer does after one (<see cref="InterviewLifecycleService"/>): mark it completed,
/// report the candidate's no-show, write feedback. Demo only: the sample has no interviewer sign-in, so this page stands for the
/// interviewer's own; a real host shows it to the signed-in interviewer alone.
/// </summary>
public sealed class DetailModel(
    IInterviewerDirectory directory, IReservationStore reservations, IPaymentSessionStore sessions, IInterviewStore interviews,
    SlotSearchService search, InterviewLifecycleService lifecycle, IOptionsMonitor<InterviewBookingOptions> options, IClock clock) : PageModel
{
    /// <summary>How far back the page lists interviews that have started.</summary>
    private static readonly Duration RecentPast = Duration.FromDays(14);

    internal InterviewerProfile? Interviewer { get; private set; }

    internal IReadOnlyList<(Reservation Reservation, PaymentSession? Session)> Upcoming { get; private set; } = [];

    internal SlotSearchResult? FreeTimes { get; private set; }

    internal InterviewPlan? Plan { get; private set; }

    /// <summary>Interviews that have started in the last days, newest first, with their sessions.</summary>
    internal IReadOnlyList<(PaymentSession Session, ScheduledInterview Interview)> Recent { get; private set; } = [];

    /// <summary>What this visit changed, or why not, as a sentence.</summary>
    internal string? Outcome { get; private set; }

    internal bool Failed { get; private set; }

    internal ViewerZone Zone => ViewerZone.Of(HttpContext);

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public Task<IActionResult> OnPostCompleteAsync(string id, string? session, CancellationToken cancellationToken) =>
        ActAsync(id, session, sessionId => lifecycle.CompleteAsync(sessionId, InterviewParty.Interviewer, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostNoShowAsync(string id, string? session, CancellationToken cancellationToken) =>
        ActAsync(id, session, sessionId => lifecycle.ReportNoShowAsync(sessionId, InterviewParty.Candidate, InterviewParty.Interviewer, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostFeedbackAsync(string id, string? session, string? feedback, CancellationToken cancellationToken) =>
        ActAsync(id, session, sessionId => lifecycle.SubmitFeedbackAsync(sessionId, feedback ?? string.Empty, cancellationToken), cancellationToken);

    private async Task<IActionResult> ActAsync(string id, string? session, Func<PaymentSessionId, Task<InterviewLifecycleResult>> act, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        // Only this interviewer's own interviews, as listed on the page.
        var own = Recent.Select(r => r.Session).FirstOrDefault(s => string.Equals(s.Id.Value, session, StringComparison.Ordinal));
        if (own is null)
        {
            Failed = true;
            Outcome = "Please pick one of your interviews below.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        try
        {
            var result = await act(own.Id);
            Failed = !result.Succeeded;
            Outcome = Sentences.InterviewerAction(result);
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

    private async Task<bool> LoadAsync(string id, CancellationToken cancellationToken)
    {
        Interviewer = string.IsNullOrWhiteSpace(id) || id.Length > IdText.MaxLength ? null : await directory.GetAsync(new InterviewerId(id), cancellationToken);
        if (Interviewer is null)
        {
            return false;
        }

        var now = clock.GetCurrentInstant();
        var active = await reservations.GetActiveAsync([Interviewer.Id], new Interval(now - RecentPast, now + Duration.FromDays(60)), cancellationToken);
        var upcoming = new List<(Reservation, PaymentSession?)>();
        var recent = new List<(PaymentSession, ScheduledInterview)>();
        foreach (var reservation in active.Where(r => r.Status == ReservationStatus.Confirmed).OrderBy(r => r.Slot.Start))
        {
            var session = await sessions.GetAsync(new PaymentSessionId(reservation.Owner), cancellationToken);
            if (reservation.Slot.Start > now)
            {
                upcoming.Add((reservation, session));
            }
            else if (session?.InterviewId is { IsEmpty: false } interviewId
                && session.InterviewerId == Interviewer.Id
                && await interviews.GetAsync(interviewId, cancellationToken) is { } interview)
            {
                recent.Add((session, interview));
            }
        }

        Upcoming = upcoming;
        recent.Reverse();
        Recent = recent;
        Plan = options.CurrentValue.Plans[0];
        FreeTimes = await search.SearchInterviewerAsync(Interviewer.Id, InterviewerPage.OwnQuery(Interviewer, Plan.Id, Zone.Zone), cancellationToken);
        return true;
    }
}
