using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace InterviewBooking.Sample.Web.Pages;

/// <summary>The friendly error page: a sentence for the status, never the exception or a stack trace.</summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    internal int Code { get; private set; }

    public void OnGet(int? code) => Show(code);

    public void OnPost(int? code) => Show(code);

    private void Show(int? code)
    {
        Code = code is >= 400 and < 600 ? code.Value : StatusCodes.Status500InternalServerError;
        Response.StatusCode = Code;
    }

    internal string Sentence => Code switch
    {
        404 => "We could not find that page or booking. The link may be mistyped, or the booking belongs to someone else.",
        400 => "We could not understand that request. Please go back and check what you entered.",
        405 => "That action is not available here. Please use the buttons on the page.",
        409 => "That change clashes with another one made at the same time. Please reload the page and try again.",
        503 => "The payment provider did not answer. Please try again in a minute; nothing was charged twice.",
        >= 500 => "Something went wrong on our side. Nothing was booked or charged by this request. Please try again.",
        _ => "That request could not be completed. Please go back and try again.",
    };
}
