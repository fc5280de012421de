using System.Security.Claims;

namespace InterviewBooking.Sample.Web;

/// <summary>
/// Demo only: who the caller is, without a sign-in. An API client names itself with <see cref="SampleWebApp.DemoCandidateHeader"/>;
/// a browser gets a random candidate id in a cookie on its first page. A real host signs candidates in and reads their id from the claims.
/// </summary>
internal static class DemoCandidate
{
    public const string CookieName = "demo-candidate";

    public static Task SignInAsync(HttpContext context, Func<Task> next)
    {
        var candidate = context.Request.Headers[SampleWebApp.DemoCandidateHeader].ToString();
        if (string.IsNullOrWhiteSpace(candidate))
        {
            candidate = context.Request.Cookies[CookieName] ?? string.Empty;
        }

        // Only a page visit gets a new id: an API call without the header stays anonymous (401), as the API documents.
        if (string.IsNullOrWhiteSpace(candidate) && IsPageRequest(context.Request))
        {
            candidate = "candidate-" + Guid.NewGuid().ToString("N")[..12];
            context.Response.Cookies.Append(CookieName, candidate, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true });
        }

        if (!string.IsNullOrWhiteSpace(candidate) && candidate.Length <= IdText.MaxLength)
        {
            context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, candidate)], "demo"));
        }

        return next();
    }

    /// <summary>The candidate signed in, or <see langword="null"/>.</summary>
    public static CandidateId? Of(HttpContext context) =>
        context.User.FindFirst(ClaimTypes.NameIdentifier)?.Value is { Length: > 0 and <= IdText.MaxLength } id ? new CandidateId(id) : null;

    /// <summary>Whether a browser asks for a page (HTML), not an API client for JSON.</summary>
    public static bool IsPageRequest(HttpRequest request) =>
        request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);
}
