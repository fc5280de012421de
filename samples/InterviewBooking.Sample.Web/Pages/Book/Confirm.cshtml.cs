using InterviewBooking.InMemory;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using NodaTime.Text;

namespace InterviewBooking.Sample.Web.Pages.Book;

/// <summary>
/// The matched interviewer for the chosen slot, with the score breakdown and the price lines (a preview: nothing held yet); the candidate
/// gives a name and email and the start holds exactly that interviewer, then sends them to pay. When the slot went meanwhile, the page
/// offers the alternatives the library gives.
/// </summary>
public sealed class ConfirmModel(
    BookingPreviewService previews, SlotSearchService search, IOptionsMonitor<InterviewBookingOptions> options, SamplePayments payments) : PageModel
{
    internal BookingChoice Choice { get; private set; } = new();

    internal ViewerZone Zone => ViewerZone.Of(HttpContext);

    internal BookingPreview? Preview { get; private set; }

    internal IReadOnlyList<string> Problems { get; private set; } = [];

    /// <summary>Why the hold was refused, when it was.</summary>
    internal string? Refusal { get; private set; }

    internal IReadOnlyList<SlotAlternative> Alternatives { get; private set; } = [];

    internal Instant? Start { get; private set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Token { get; set; }

    /// <summary>A key made when the page is drawn: sending the form twice holds one slot, not two.</summary>
    [BindProperty]
    public string? AttemptKey { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!Read(key => Request.Query[key]))
        {
            return Page();
        }

        await PreviewAsync(cancellationToken);
        AttemptKey = "page-" + Guid.NewGuid().ToString("N");
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!Read(key => Request.Form[key]))
        {
            return Page();
        }

        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Name) || Name.Length > 100)
        {
            problems.Add("Please give your name (up to 100 characters).");
        }

        if (string.IsNullOrWhiteSpace(Email) || Email.Length > 200 || !Email.Contains('@', StringComparison.Ordinal))
        {
            problems.Add("Please give an email address we can send the invite to, like name@example.com.");
        }

        if (string.IsNullOrWhiteSpace(Token) || DemoCandidate.Of(HttpContext) is not { } candidate)
        {
            problems.Add("This form has expired. Please pick the time again.");
            candidate = default;
        }

        if (problems.Count > 0)
        {
            Problems = problems;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await PreviewAsync(cancellationToken);
            return Page();
        }

        var plan = options.CurrentValue.Plans.First(p => p.Id == Choice.PlanId);
        var request = Choice.ToRequest(candidate, Name!.Trim(), Email!.Trim(), Start!.Value, plan.Duration, Zone.Zone, AttemptKey is { Length: > 0 and <= 100 } key ? key : null);
        BookingStartResult started;
        try
        {
            started = await previews.StartAsync(request, Token!, cancellationToken);
        }
        catch (InvalidInterviewRequestException invalid)
        {
            Problems = [Sentences.Of(invalid)];
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        catch (IdempotencyKeyConflictException)
        {
            Problems = ["This form was already sent for another choice. Please pick the time again."];
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        if (started.Succeeded && started.Session is { } session)
        {
            // Offline the simulated gateway's checkout is our own page; with Stripe it is Stripe Checkout.
            return payments.UsesStripe ? Redirect(started.CheckoutUrl!.AbsoluteUri) : Redirect($"/pay/{Uri.EscapeDataString(session.Id.Value)}");
        }

        Refusal = Sentences.Start(started);
        Response.StatusCode = StatusCodes.Status409Conflict;
        Alternatives = started.Alternatives.Count > 0 ? started.Alternatives : await NextFreeAsync(cancellationToken);
        return Page();
    }

    private bool Read(Func<string, Microsoft.Extensions.Primitives.StringValues> values)
    {
        Choice = BookingChoice.Read(values);
        var problems = Choice.Problems(options.CurrentValue).ToList();
        var start = values("start").ToString();
        var parsed = InstantPattern.General.Parse(start);
        if (!parsed.Success)
        {
            problems.Add("Please pick a time from the list of free times.");
        }
        else
        {
            Start = parsed.Value;
        }

        Problems = problems;
        if (problems.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return problems.Count == 0;
    }

    private async Task PreviewAsync(CancellationToken cancellationToken)
    {
        if (DemoCandidate.Of(HttpContext) is not { } candidate)
        {
            Problems = [.. Problems, "Please allow cookies for this site: they say who you are while you book."];
            return;
        }

        var plan = options.CurrentValue.Plans.First(p => p.Id == Choice.PlanId);
        try
        {
            // The name and email do not change the match; the preview runs before the candidate gives them.
            Preview = await previews.PreviewAsync(Choice.ToRequest(candidate, Name ?? "Candidate", Email ?? "candidate@example.org", Start!.Value, plan.Duration, Zone.Zone, null), cancellationToken);
            Token ??= Preview.Token;
            if (!Preview.Succeeded)
            {
                Refusal = "No interviewer who fits your choice is free at that time any more.";
                Alternatives = Preview.Alternatives.Count > 0 ? Preview.Alternatives : await NextFreeAsync(cancellationToken);
            }
        }
        catch (InvalidInterviewRequestException invalid)
        {
            Problems = [.. Problems, Sentences.Of(invalid)];
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
    }

    // When the library offers no alternative, the next free times from the slot search.
    private async Task<IReadOnlyList<SlotAlternative>> NextFreeAsync(CancellationToken cancellationToken)
    {
        var found = await search.SearchAsync(Choice.ToSearch(Zone.Zone) with { MaxSlots = 6 }, cancellationToken);
        return found.Days.SelectMany(d => d.Slots).ToArray();
    }
}
