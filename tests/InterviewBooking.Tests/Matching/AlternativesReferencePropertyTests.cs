using CsCheck;
using static InterviewBooking.Tests.Matching.MatcherFixture;

namespace InterviewBooking.Tests.Matching;

/// <summary>
/// Alternatives come from the best <c>max(10, 3 * MaxAlternatives)</c> interviewers by experience and skills: on random directories
/// (few distinct years and skills, so ties on the score are common and the id decides), with the gate, exclusions, the minimum,
/// daily caps of 0 and the weights varied, the matcher's alternatives are exactly those of a directory holding only the pool that a
/// straightforward reference picks (every interviewer scored with the published formulas, sorted, cut). Nobody is free for the
/// requested slot (a day off either side of it), so every sample takes the alternatives path, through the plain directory and the index.
/// </summary>
public sealed class AlternativesReferencePropertyTests
{
    private static readonly string[] Categories = ["Backend", "Frontend", "SRE", "Data"];
    private static readonly string[] Skills = ["Java", "Go", "SQL", "React"];
    private static readonly DateTimeZone[] Zones = [DateTimeZone.Utc, NewYork, Tokyo, DateTimeZoneProviders.Tzdb["Asia/Kolkata"]];

    [Fact]
    public async Task Alternatives_come_from_the_pool_a_straightforward_ranking_picks()
    {
        var withAlternatives = 0;
        var samples = 0;
        await Gen.Int[0, int.MaxValue].SampleAsync(
            async seed =>
            {
                var random = new Random(seed);
                var fixture = new MatcherFixture();
                var options = fixture.Options;
                options.SkillAliases.Clear();
                options.MaxAlternatives = 1 + random.Next(5);
                options.MinimumMatchScore = random.Next(4) == 0 ? 0 : random.Next(70);
                options.RequirePrimaryDomain = random.Next(4) > 0;
                options.PreferSeniorInterviewers = random.Next(2) == 0;
                options.ExperienceWeight = random.Next(MatchScore.MaxExperience + 1);
                options.SkillsWeight = random.Next(MatchScore.MaxSkills + 1);

                var slot = SlotAt(Now + Duration.FromDays(2) + Duration.FromHours(random.Next(24)));
                var offDate = slot.Start.InUtc().Date;
                var count = 5 + random.Next(56);
                for (var i = 0; i < count; i++)
                {
                    fixture.Interviewers.Add(Interviewer(
                        $"iv{random.Next(1000):D3}-{i}",
                        categories: [.. Categories.Where(_ => random.Next(3) == 0).DefaultIfEmpty(Categories[random.Next(Categories.Length)])],
                        skills: [.. Skills.Where(_ => random.Next(3) == 0)],
                        years: 2 + (5 * random.Next(4)),
                        zone: Zones[random.Next(Zones.Length)],
                        windows: [.. Enumerable.Range(1, 7).Select(d => Window((IsoDayOfWeek)d, 8 + random.Next(4), 0, 15 + random.Next(6), 0))],
                        maxPerDay: random.Next(6) == 0 ? 0 : 1 + random.Next(4),
                        active: random.Next(10) > 0) with
                    {
                        AvailabilityOverrides = [.. Enumerable.Range(-1, 3).Select(d => AvailabilityOverride.DayOff(offDate.PlusDays(d)))],
                    });
                }

                var request = Request(
                    categories: [.. Categories.OrderBy(_ => random.Next()).Take(1 + random.Next(2))],
                    skills: [.. Skills.OrderBy(_ => random.Next()).Take(random.Next(3))],
                    years: random.Next(16),
                    slot: slot,
                    excluded: random.Next(3) == 0 ? [fixture.Interviewers[random.Next(count)].Id] : []);

                var all = await fixture.MatchBothWaysAsync(request, maxResults: 3);
                Assert.Empty(all.Matches);

                // The reference: score everyone who can be offered at all, best first, ties by id; keep the pool's size.
                var pool = fixture.Interviewers
                    .Where(p => p.IsActive && p.MaxInterviewsPerDay > 0 && !request.ExcludedInterviewers.Contains(p.Id))
                    .Where(p => !options.RequirePrimaryDomain || Has(p.SkillCategories, request.SkillCategories[0]))
                    .Select(p => (Profile: p, Static: StaticScore(p, request, options)))
                    .Where(x => x.Static + options.AvailabilityWeight >= options.MinimumMatchScore)
                    .OrderByDescending(x => x.Static).ThenBy(x => x.Profile.Id.Value, StringComparer.Ordinal)
                    .Take(Math.Max(10, 3 * options.MaxAlternatives))
                    .Select(x => x.Profile)
                    .ToList();
                fixture.Interviewers.Clear();
                fixture.Interviewers.AddRange(pool);
                var fromPool = await fixture.MatchBothWaysAsync(request, maxResults: 3);

                Assert.Equal(Describe(fromPool), Describe(all));
                Interlocked.Increment(ref samples);
                if (all.Alternatives.Count > 0)
                {
                    Interlocked.Increment(ref withAlternatives);
                }
            },
            iter: 300,
            threads: 1);

        // Not a vacuous agreement on empty results: most samples offer alternatives.
        Assert.True(withAlternatives * 2 > samples, $"only {withAlternatives} of {samples} samples offered alternatives");
    }

    private static int StaticScore(InterviewerProfile profile, InterviewRequest request, InterviewBookingOptions options)
    {
        var categories = request.SkillCategories.Select(SkillToken.Normalize).Distinct().ToList();
        var skills = request.Skills.Select(SkillToken.Normalize).Distinct().ToList();
        var experience = ScoringInterviewerMatcher.ScoreExperience(request.ExperienceYears, profile.ExperienceYears, options.PreferSeniorInterviewers, options.ExperienceWeight);
        return experience + ScoringInterviewerMatcher.SkillPoints(
            categories.Count(c => Has(profile.SkillCategories, c)), categories.Count,
            skills.Count(s => Has(profile.Skills, s)), skills.Count, options.SkillsWeight);
    }

    private static bool Has(IReadOnlyList<string> have, string wanted) => have.Any(h => SkillToken.Normalize(h) == SkillToken.Normalize(wanted));
}
