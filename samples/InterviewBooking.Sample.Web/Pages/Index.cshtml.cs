using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace InterviewBooking.Sample.Web.Pages;

/// <summary>The booking page: plan, add-ons, area and skills, then the free slots of the next days grouped by the viewer's day (slot search).</summary>
public sealed class IndexModel(SlotSearchService search, IInterviewerDirectory directory, IOptionsMonitor<InterviewBookingOptions> options) : PageModel
{
    internal BookingChoice Choice { get; private set; } = new();

    internal IReadOnlyList<string> Problems { get; private set; } = [];

    internal SlotSearchResult? Result { get; private set; }

    internal IReadOnlyList<string> Areas { get; private set; } = [];

    internal InterviewBookingOptions Options => options.CurrentValue;

    internal ViewerZone Zone => ViewerZone.Of(HttpContext);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Choice = BookingChoice.Read(key => Request.Query[key]);
        Areas = (await directory.FindAsync(null, cancellationToken)).SelectMany(i => i.SkillCategories)
            .Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToArray();
        if (!Choice.IsChosen)
        {
            return;
        }

        Problems = Choice.Problems(Options);
        if (Problems.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        try
        {
            Result = await search.SearchAsync(Choice.ToSearch(Zone.Zone), cancellationToken);
        }
        catch (InvalidInterviewRequestException invalid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            Problems = [Sentences.Of(invalid)];
        }
    }
}
