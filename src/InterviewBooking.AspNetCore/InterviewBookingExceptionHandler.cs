using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace InterviewBooking.AspNetCore;

/// <summary>
/// Answers the library's typed errors as problem details wherever they surface in the host (with <c>UseExceptionHandler</c>); the booking
/// endpoints apply the same mapping themselves, so they never answer 500 for bad input even without it.
/// </summary>
internal sealed class InterviewBookingExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (BookingProblems.FromException(exception) is not { } problem)
        {
            return false;
        }

        await problem.ExecuteAsync(httpContext).ConfigureAwait(false);
        return true;
    }
}
