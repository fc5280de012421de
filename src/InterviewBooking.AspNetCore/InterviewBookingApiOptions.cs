using System.Security.Claims;

namespace InterviewBooking.AspNetCore;

/// <summary>Options of the endpoints <c>MapInterviewBookingApi</c> maps.</summary>
public sealed class InterviewBookingApiOptions
{
    /// <summary>
    /// The claim whose value is the caller's candidate id, when <see cref="CandidateIdResolver"/> is not set (a configuration file can say
    /// this, not a function). By default <see cref="ClaimTypes.NameIdentifier"/>, else <c>sub</c>.
    /// </summary>
    public string? CandidateIdClaimType { get; set; }

    /// <summary>
    /// The candidate id of the caller, from the host's claims; <see langword="null"/> answers 401. A candidate reads and changes only the
    /// bookings started under their own id. When not set, the claim <see cref="CandidateIdClaimType"/> names.
    /// </summary>
    public Func<ClaimsPrincipal, string?>? CandidateIdResolver { get; set; }

    /// <summary>The caller's candidate id as these options say: the resolver, else the claim.</summary>
    internal string? ResolveCandidateId(ClaimsPrincipal user) =>
        CandidateIdResolver is { } resolver ? resolver(user)
        : CandidateIdClaimType is { Length: > 0 } claim ? user.FindFirst(claim)?.Value
        : user.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? user.FindFirst("sub")?.Value;
}
