namespace InterviewBooking;

/// <summary>
/// The one interviewer a preview named, ranked for a request by the matcher's own <see cref="MatchRun"/> over just their current
/// profile: every rule applies (windows, overrides, notice, horizon, buffers, daily cap, primary domain, exclusions, minimum score).
/// </summary>
internal sealed class PinnedInterviewer(InterviewerId id, IInterviewerDirectory directory, IReservationStore reservations, InterviewBookingOptions options, IClock clock)
{
    public InterviewerId Id { get; } = id;

    /// <summary>When the preview's token expires: after it only a replay of a start already made with it is answered.</summary>
    public Instant ExpiresAt { get; init; } = Instant.MaxValue;

    /// <summary>Whether the token has expired at <paramref name="now"/>.</summary>
    public bool HasExpired(Instant now) => ExpiresAt <= now;

    /// <summary>Their match for the request's slot, or none when they no longer qualify or are not free.</summary>
    public async ValueTask<MatchResult> MatchAsync(InterviewRequest request, CancellationToken cancellationToken)
    {
        var profile = await directory.GetAsync(Id, cancellationToken).ConfigureAwait(false);
        if (profile is not { IsActive: true } || profile.Id != Id)
        {
            return MatchResult.Empty;
        }

        var vocabulary = SkillVocabulary.For(options);
        var wanted = RequestedTokens.From(request, vocabulary);
        using var run = new MatchRun(IndexSnapshot.Unindexed([profile]), request, request.RequestedSlot, wanted, vocabulary, options, clock.GetCurrentInstant());
        var matches = await run.RankAsync(reservations, 1, cancellationToken).ConfigureAwait(false);
        return matches.Length == 0 ? MatchResult.Empty : new MatchResult { Matches = matches };
    }
}
