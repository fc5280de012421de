using InterviewBooking.InMemory;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace InterviewBooking.Sample.Web.Pages;

/// <summary>
/// The simulated checkout, offline only (no Stripe keys): it stands in for the provider's payment page. Paying delivers the event the
/// provider's webhook would; leaving closes the checkout through <see cref="ICheckoutControl"/>. Like Stripe Checkout, whose checkout
/// expires when the hold ends, it takes no payment after the hold ran out: it delivers the provider's expiry instead.
/// </summary>
/// <remarks>With Stripe keys the simulated gateway is not registered and the page answers 404.</remarks>
public sealed class PayModel(
    IPaymentSessionStore sessions, PaymentEventProcessor events, ICheckoutControl checkouts, IClock clock, SimulatedPaymentGateway? gateway = null) : PageModel
{
    internal PaymentSession? Session { get; private set; }

    internal ViewerZone Zone => ViewerZone.Of(HttpContext);

    /// <summary>What happened on this visit, as a sentence.</summary>
    internal string? Outcome { get; private set; }

    internal bool HoldRanOut { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } missing)
        {
            return missing;
        }

        if (Session!.Status is PaymentSessionStatus.Booked or PaymentSessionStatus.Paid or PaymentSessionStatus.Booking)
        {
            return Redirect(SuccessUrl(Session));
        }

        await ExpireWhenRunOutAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostPayAsync(string id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } missing)
        {
            return missing;
        }

        if (await ExpireWhenRunOutAsync(cancellationToken))
        {
            Outcome = "Your payment was not taken: the hold had already run out.";
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        if (Session!.Status != PaymentSessionStatus.Pending)
        {
            Outcome = "This checkout can no longer be paid. Nothing was charged.";
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        await events.ProcessAsync(gateway!.CompleteCheckout(Session.Id), cancellationToken);
        return Redirect(SuccessUrl(Session));
    }

    public async Task<IActionResult> OnPostAbandonAsync(string id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } missing)
        {
            return missing;
        }

        var answer = await checkouts.AbandonAsync(Session!.Id, cancellationToken);
        Session = await sessions.GetAsync(Session.Id, cancellationToken) ?? Session;
        Outcome = answer.Succeeded ? "You left the checkout. Nothing was charged and the time is free for others again." : "This checkout was already closed.";
        return Page();
    }

    private static string SuccessUrl(PaymentSession session) =>
        "/checkout/success?session_id=" + Uri.EscapeDataString(SimulatedPaymentGateway.ReferenceFor(session.Id));

    private async Task<IActionResult?> LoadAsync(string id, CancellationToken cancellationToken)
    {
        if (gateway is null)
        {
            return NotFound();
        }

        Session = await OwnedSession.FindAsync(HttpContext, sessions, id, cancellationToken);
        return Session is null || gateway.FindCheckout(Session.Id) is null ? NotFound() : null;
    }

    // The provider expires its checkout when the hold ends and says so by webhook; the simulated one does it when the page is used.
    private async Task<bool> ExpireWhenRunOutAsync(CancellationToken cancellationToken)
    {
        if (Session!.Status != PaymentSessionStatus.Pending || clock.GetCurrentInstant() < Session.ExpiresAt)
        {
            HoldRanOut = Session.Status == PaymentSessionStatus.Expired;
            return HoldRanOut;
        }

        var result = await events.ProcessAsync(gateway!.ExpireCheckout(Session.Id), cancellationToken);
        Session = result.Session ?? await sessions.GetAsync(Session.Id, cancellationToken) ?? Session;
        HoldRanOut = true;
        return true;
    }
}
