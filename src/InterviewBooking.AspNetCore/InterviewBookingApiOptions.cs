using System.Security.Claims;

namespace InterviewBooking.AspNetCore;

/// <summary>Options of the endpoints <c>MapInterviewBookingApi</c> maps.</summary>
public sealed class InterviewBookingApiOptions
{
    /// <summary>
    /// The candidate id of the caller, from the host's claims; <see langword="null"/> answers 401. A candidate reads and changes only the
    /// bookings started under their own id. By default the <see cref="ClaimTypes.NameIdentifier"/> claim, else <c>sub</c>.
    /// </summary>
    public Func<ClaimsPrincipal, string?> CandidateIdResolver { get; set; } =
        static user => user.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? user.FindFirst("sub")?.Value;
}
