using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace InterviewBooking.Sample.Web.Pages.Interviewers;

/// <summary>
/// One interviewer: their upcoming interviews (their confirmed reservations and the sessions that own them) and their free times as the
/// matcher sees them (slot search over that interviewer alone: windows, notice, horizon, buffers, daily cap and held slots all apply).
/// </summary>
public sealed class DetailModel(
    IInterviewerDirectory directory, IReservationStore reservations, IPaymentSessionStore sessions, SlotSearchService search,
    IOptionsMonitor<InterviewBookingOptions> options, IClock clock) : PageModel
{
    internal InterviewerProfile? Interviewer { get; private set; }

    internal IReadOnlyList<(Reservation Reservation, PaymentSession? Session)> Upcoming { get; private set; } = [];

    internal SlotSearchResult? FreeTimes { get; private set; }

    internal InterviewPlan? Plan { get; private set; }

    internal ViewerZone Zone => ViewerZone.Of(HttpContext);

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        Interviewer = string.IsNullOrWhiteSpace(id) || id.Length > IdText.MaxLength ? null : await directory.GetAsync(new InterviewerId(id), cancellationToken);
        if (Interviewer is null)
        {
            return NotFound();
        }

        var now = clock.GetCurrentInstant();
        var active = await reservations.GetActiveAsync([Interviewer.Id], new Interval(now, now + Duration.FromDays(60)), cancellationToken);
        var upcoming = new List<(Reservation, PaymentSession?)>();
        foreach (var reservation in active.Where(r => r.Status == ReservationStatus.Confirmed).OrderBy(r => r.Slot.Start))
        {
            upcoming.Add((reservation, await sessions.GetAsync(new PaymentSessionId(reservation.Owner), cancellationToken)));
        }

        Upcoming = upcoming;
        Plan = options.CurrentValue.Plans[0];
        FreeTimes = await search.SearchInterviewerAsync(Interviewer.Id, InterviewerPage.OwnQuery(Interviewer, Plan.Id, Zone.Zone), cancellationToken);
        return Page();
    }
}
