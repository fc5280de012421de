using Microsoft.Extensions.DependencyInjection;
using NSubstitute;
using static InterviewBooking.Tests.Matching.MatcherFixture;

namespace InterviewBooking.Tests.Matching;

/// <summary>
/// Reliability as a ranking signal: off by default (no read, no points), and with a weight the interviewer whose record shows
/// no-shows, late cancellations or poor ratings ranks below an equally qualified reliable one.
/// </summary>
public sealed class ReliabilityScoringTests
{
    private static readonly InterviewerId Flaky = new("a-flaky");
    private static readonly InterviewerId Steady = new("b-steady");

    private readonly MatcherFixture _fixture = new();

    public ReliabilityScoringTests()
    {
        // Equally qualified; by id alone "a-flaky" ranks first.
        _fixture.Interviewers.Add(Interviewer(Flaky.Value));
        _fixture.Interviewers.Add(Interviewer(Steady.Value));

        // 10 ended interviews: 5 attended, 3 no-shows, 2 late cancellations.
        _fixture.Reliability[Flaky] = new InterviewerReliability(Flaky, 3, 2, 0, null) { Attended = 5 };
        _fixture.Reliability[Steady] = new InterviewerReliability(Steady, 0, 0, 0, null) { Attended = 10 };
    }

    [Theory]
    [InlineData(0, 0, 0, 0, null, 15)]   // no history: full points
    [InlineData(0, 1, 0, 0, null, 15)]   // one bad day, below the minimum of 5 ended: full points
    [InlineData(4, 1, 0, 0, null, 14)]   // shows 4/5: 15 * (0.8 + 1) / 2 = 13.5, half up
    [InlineData(5, 3, 2, 0, null, 11)]   // shows 5/10: 11.25
    [InlineData(0, 5, 0, 0, null, 8)]    // shows 0: 7.5
    [InlineData(10, 0, 0, 5, 3.0, 11)]   // rating (3 - 1) / 4 = 0.5: 11.25
    [InlineData(10, 0, 0, 5, 4.6, 14)]   // 23 stars of 5 ratings: 0.9, 14.25
    [InlineData(10, 0, 0, 4, 1.0, 15)]   // 4 ratings, below the minimum: full points
    [InlineData(0, 0, 0, 5, 1.0, 8)]     // shows unknown (1), rating 0: 7.5
    [InlineData(0, 5, 0, 5, 1.0, 0)]
    public void Points_follow_the_documented_formula(int attended, int noShows, int late, int ratings, double? mean, int expected)
    {
        var record = new InterviewerReliability(Steady, noShows, late, ratings, mean) { Attended = attended };

        Assert.Equal(expected, ScoringInterviewerMatcher.ReliabilityPoints(record, weight: 15, minimum: 5));
        Assert.Equal(0, ScoringInterviewerMatcher.ReliabilityPoints(record, weight: 0, minimum: 5));
    }

    [Fact]
    public async Task Off_by_default_the_ranking_is_unchanged_and_nothing_is_read()
    {
        var matches = (await _fixture.MatchBothWaysAsync(Request())).Matches;

        Assert.Equal(0, _fixture.Options.ReliabilityWeight);
        Assert.Equal([Flaky.Value, Steady.Value], Ids(matches));
        Assert.All(matches, m => Assert.Equal(0, m.Score.Reliability));
        await _fixture.Interviews.DidNotReceiveWithAnyArgs().GetReliabilityAsync(default!, default);
    }

    [Fact]
    public async Task With_a_weight_the_unreliable_interviewer_drops_below_the_reliable_one_and_the_breakdown_shows_why()
    {
        TurnOn();

        var matches = await _fixture.CreateMatcher().MatchAsync(Request(), 10);

        Assert.Equal([Steady.Value, Flaky.Value], Ids(matches.Matches));
        // Experience 25 * 25 / 30 = 20.8 -> 21, skills 35 (category only), a free day 25, then reliability.
        Assert.Equal(new MatchScore(21, 35, 25, 15), matches.Matches[0].Score);
        Assert.Equal(new MatchScore(21, 35, 25, 11), matches.Matches[1].Score);
        Assert.Equal(96, matches.Matches[0].Score.Total);
        await _fixture.Interviews.Received(1).GetReliabilityAsync(
            Arg.Is<IReadOnlyCollection<InterviewerId>>(ids => ids.Count == 2 && ids.Contains(Flaky) && ids.Contains(Steady)), Arg.Any<CancellationToken>());
        Assert.Equal(Describe(matches), Describe(await _fixture.CreateIndexedMatcher().MatchAsync(Request(), 10)));
    }

    [Fact]
    public async Task Reliability_can_outweigh_a_smaller_lead_in_experience()
    {
        TurnOn();
        _fixture.Interviewers.Add(Interviewer("c-senior", years: 15)); // experience 25 against 21
        _fixture.Reliability[new InterviewerId("c-senior")] = new InterviewerReliability(new InterviewerId("c-senior"), 10, 0, 5, 1.0);

        var matches = await _fixture.MatchAsync(Request(), maxResults: 1);

        Assert.Equal([Steady.Value], Ids(matches));
    }

    [Fact]
    public async Task A_new_interviewer_with_one_bad_day_is_not_sunk()
    {
        TurnOn();
        _fixture.Reliability[Flaky] = new InterviewerReliability(Flaky, 1, 0, 1, 1.0); // 1 ended, 1 rating: both below the minimum

        var matches = await _fixture.MatchAsync(Request());

        Assert.Equal([Flaky.Value, Steady.Value], Ids(matches));
        Assert.All(matches, m => Assert.Equal(15, m.Score.Reliability));
    }

    [Fact]
    public async Task Interviewers_busy_for_the_slot_are_not_read()
    {
        TurnOn();
        _fixture.Reservations.Add(Confirmed(Flaky.Value, Slot.Start, Duration.FromHours(1)));

        var matches = await _fixture.MatchAsync(Request());

        Assert.Equal([Steady.Value], Ids(matches));
        await _fixture.Interviews.Received(1).GetReliabilityAsync(
            Arg.Is<IReadOnlyCollection<InterviewerId>>(ids => ids.SequenceEqual(new[] { Steady })), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Alternatives_are_scored_with_reliability_too()
    {
        TurnOn();

        // Nobody works at 18:00: the nearest starts go to the reliable interviewer, each with its part shown.
        var result = await _fixture.MatchBothWaysAsync(Request(slot: SlotAt(Instant.FromUtc(2026, 1, 12, 18, 0))));

        Assert.Empty(result.Matches);
        Assert.NotEmpty(result.Alternatives);
        Assert.All(result.Alternatives, a => Assert.Equal((Steady.Value, 15), (a.Interviewer.Id.Value, a.Score.Reliability)));
    }

    [Fact]
    public async Task A_weight_without_an_interview_store_is_a_clear_error()
    {
        TurnOn();
        var matcher = new ScoringInterviewerMatcher(_fixture.Directory, _fixture.Store, new Support.TestOptionsMonitor<InterviewBookingOptions>(_fixture.Options), _fixture.Clock);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => matcher.MatchAsync(Request(), 5).AsTask());

        Assert.Contains("ReliabilityWeight is 15", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_registered_matcher_reads_reliability_from_the_registered_interview_store()
    {
        var services = new ServiceCollection();
        services.AddSingleton(_fixture.Directory);
        services.AddSingleton(_fixture.Store);
        services.AddSingleton(_fixture.Interviews);
        services.AddSingleton<IClock>(_fixture.Clock);
        services.AddInterviewBooking(options =>
        {
            options.Plans.Add(new InterviewPlan { Id = "mock-60", Name = "Mock 60", Duration = Duration.FromMinutes(60), PriceMinorUnits = 9000 });
            (options.ExperienceWeight, options.SkillsWeight, options.AvailabilityWeight, options.ReliabilityWeight) = (25, 35, 25, 15);
        });
        await using var provider = services.BuildServiceProvider();

        var result = await provider.GetRequiredService<IInterviewerMatcher>().MatchAsync(Request(), 5);

        Assert.Equal([Steady.Value, Flaky.Value], Ids(result.Matches));
    }

    private void TurnOn()
    {
        _fixture.Options.ExperienceWeight = 25;
        _fixture.Options.SkillsWeight = 35;
        _fixture.Options.AvailabilityWeight = 25;
        _fixture.Options.ReliabilityWeight = 15;
    }
}
