using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace InterviewBooking.Sample.Web.Pages.Checkout;

/// <summary>
/// Where the payment sends the candidate back. The URL proves nothing: the page asks the provider about the checkout it names
/// (<see cref="ICheckoutControl.ConfirmReturnAsync"/>: Stripe retrieves the Checkout Session and fulfills it when paid) and shows the
/// booking as stored.
/// </summary>
public sealed class SuccessModel(ICheckoutControl checkouts, IPaymentSessionStore sessions, IInterviewStore interviews) : PageModel
{
    internal PaymentSession? Session { get; private set; }

    internal ScheduledInterview? Interview { get; private set; }

    internal ViewerZone Zone => ViewerZone.Of(HttpContext);

    public async Task<IActionResult> OnGetAsync([FromQuery(Name = "session_id")] string? reference, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(reference) || reference.Length > IdText.MaxLength + 16)
        {
            return NotFound();
        }

        var answer = await checkouts.ConfirmReturnAsync(reference, cancellationToken);
        Session = answer.SessionId is { } id ? await OwnedSession.FindAsync(HttpContext, sessions, id.Value, cancellationToken) : null;
        if (Session is null)
        {
            return answer.HttpStatusCode >= 500 ? StatusCode(StatusCodes.Status503ServiceUnavailable) : NotFound();
        }

        Interview = Session.InterviewId is { IsEmpty: false } interviewId ? await interviews.GetAsync(interviewId, cancellationToken) : null;
        return Page();
    }
}
