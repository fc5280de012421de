using CsCheck;
using NSubstitute;
using static InterviewBooking.Tests.Matching.MatcherFixture;

namespace InterviewBooking.Tests.Matching;

/// <summary>
/// The ranking on directories whose score levels are large: hundreds of interviewers tie on experience and skills (a few profiles
/// only), with random loads in the coming week (none, some on the slot's day, one on the slot itself), caps, exclusions and
/// reliability records. The matcher's best are exactly those of a straightforward reference that scores everyone with the published
/// formulas and sorts by total, then fewest upcoming reservations, then id; through the plain directory and the index. A level of
/// more than <see cref="MatchRun.LevelPart"/> twice over is read in two parts; the samples check that both ways of ending occur:
/// the second part never read, and read.
/// </summary>
public sealed class MatchReferencePropertyTests
{
    private static readonly string[] Skills = ["Java", "Go", "SQL"];

    [Fact]
    public async Task The_best_are_those_a_straightforward_ranking_picks()
    {
        var stoppedEarly = 0;
        var readEveryone = 0;
        await Gen.Int[0, int.MaxValue].SampleAsync(
            async seed =>
            {
                var random = new Random(seed);
                var fixture = new MatcherFixture();
                var options = fixture.Options;
                options.SkillAliases.Clear();
                options.MinimumMatchScore = 0;
                options.ReliabilityWeight = random.Next(3) == 0 ? 10 : 0;
                options.AvailabilityWeight = 30;
                options.ExperienceWeight = 30;
                options.SkillsWeight = 40 - options.ReliabilityWeight;
                options.ReliabilityMinimumInterviews = 1;

                // The Monday in the coming week, or the one after: then a load on that day is not upcoming, and a better level's
                // interviewer with a lighter day can tie the best total with nothing upcoming and an id above the unread.
                var slotDay = random.Next(2) == 0 ? 12 : 19;
                var slot = SlotAt(Instant.FromUtc(2026, 1, slotDay, 14, 0));
                var count = 4 * MatchRun.LevelPart + random.Next(2 * MatchRun.LevelPart);
                var busyWeek = random.Next(4) == 0; // everyone has something upcoming: the first part rarely settles it
                var seniors = random.Next(2) == 0; // a few more senior than the rest: better levels above the large one
                for (var i = 0; i < count; i++)
                {
                    var id = $"iv-{random.Next(100_000):D5}-{i}";
                    fixture.Interviewers.Add(Interviewer(
                        id,
                        skills: random.Next(8) == 0 ? [Skills[random.Next(Skills.Length)]] : ["Java"],
                        years: seniors && random.Next(10) == 0 ? 1 + random.Next(20) : 10,
                        maxPerDay: random.Next(10) switch { 0 => 1, 1 => 10, 2 => 30, _ => 4 }));
                    var loads = busyWeek ? 1 + random.Next(3) : random.Next(10) < 6 ? 0 : random.Next(4);
                    for (var r = 0; r < loads; r++)
                    {
                        // On the slot's Monday (some on the slot itself), or another day of the week from Saturday noon.
                        var onSlotDay = random.Next(3) == 0;
                        var day = onSlotDay ? slotDay : 11 + random.Next(6);
                        var hour = onSlotDay && random.Next(4) == 0 ? 14 : 8 + random.Next(4);
                        fixture.Reservations.Add(Confirmed(id, Instant.FromUtc(2026, 1, day, hour, 0), Duration.FromHours(1)));
                    }

                    if (options.ReliabilityWeight > 0 && random.Next(3) == 0)
                    {
                        fixture.Reliability[new InterviewerId(id)] = new InterviewerReliability(new InterviewerId(id), random.Next(2), 0, 1, 3 + random.Next(3));
                    }
                }

                var request = Request(
                    skills: ["Java"],
                    years: 5,
                    slot: slot,
                    excluded: random.Next(3) == 0 ? [fixture.Interviewers[random.Next(count)].Id] : []);
                var maxResults = 1 + random.Next(6);

                var result = await fixture.MatchBothWaysAsync(request, maxResults);

                Assert.Equal(Reference(fixture, request, maxResults), Describe(result));
                // The largest level by experience and skills: all of it read, or not.
                var asked = fixture.Store.ReceivedCalls()
                    .Where(c => c.GetMethodInfo().Name == nameof(IReservationStore.GetActiveSlotsAsync))
                    .SelectMany(c => (IReadOnlyCollection<InterviewerId>)c.GetArguments()[0]!)
                    .ToHashSet();
                var eligible = fixture.Interviewers.Where(p => !request.ExcludedInterviewers.Contains(p.Id)).ToList();
                var largest = eligible.GroupBy(p => StaticScore(p, request, options)).MaxBy(level => level.Count())!.ToList();
                Assert.True(largest.Count > 2 * MatchRun.LevelPart, $"the largest level holds {largest.Count}");
                var read = largest.Count(p => asked.Contains(p.Id));
                if (read == largest.Count)
                {
                    Interlocked.Increment(ref readEveryone);
                }
                else if (read > 0)
                {
                    Interlocked.Increment(ref stoppedEarly);
                }
            },
            iter: 60);

        Assert.True(stoppedEarly > 0, "no sample left a large level's second part unread");
        Assert.True(readEveryone > 0, "no sample read a large level's second part");
    }

    /// <summary>Everyone scored exactly, the busy and capped left out, sorted by total, fewest upcoming, id; the first <paramref name="maxResults"/>.</summary>
    private static List<string> Reference(MatcherFixture fixture, InterviewRequest request, int maxResults)
    {
        var options = fixture.Options;
        var slot = request.RequestedSlot;
        var day = new Interval(slot.Start - Duration.FromHours(14), slot.Start + Duration.FromHours(10));
        var week = new Interval(Now, Now + Duration.FromDays(7));
        var ranked =
            from p in fixture.Interviewers
            where !request.ExcludedInterviewers.Contains(p.Id)
            let mine = fixture.Reservations.Where(r => r.InterviewerId == p.Id).ToList()
            where !mine.Any(r => Reservation.Overlaps(r.Slot, slot))
            let thatDay = mine.Count(r => r.Slot.Start >= day.Start && r.Slot.Start < day.End)
            where thatDay < p.MaxInterviewsPerDay
            let experience = Experience(p, request, options)
            let skills = StaticScore(p, request, options) - experience
            let availability = ScoringInterviewerMatcher.AvailabilityPoints(thatDay, p.MaxInterviewsPerDay, options.AvailabilityWeight)
            let reliability = ScoringInterviewerMatcher.ReliabilityPoints(fixture.Reliability.GetValueOrDefault(p.Id), options.ReliabilityWeight, options.ReliabilityMinimumInterviews)
            let upcoming = mine.Count(r => Reservation.Overlaps(r.Slot, week))
            select (Total: experience + skills + availability + reliability, Upcoming: upcoming, Id: p.Id.Value,
                Line: $"{p.Id} {experience}+{skills}+{availability}+{reliability} {slot}");
        return
        [
            .. ranked.OrderByDescending(x => x.Total).ThenBy(x => x.Upcoming).ThenBy(x => x.Id, StringComparer.Ordinal)
                .Take(maxResults).Select(x => x.Line),
        ];
    }

    private static int Experience(InterviewerProfile profile, InterviewRequest request, InterviewBookingOptions options) =>
        ScoringInterviewerMatcher.ScoreExperience(request.ExperienceYears, profile.ExperienceYears, options.PreferSeniorInterviewers, options.ExperienceWeight);

    /// <summary>Experience and skills (the request asks for one category, which everyone covers, and for Java).</summary>
    private static int StaticScore(InterviewerProfile profile, InterviewRequest request, InterviewBookingOptions options) =>
        Experience(profile, request, options) + ScoringInterviewerMatcher.SkillPoints(1, 1, profile.Skills.Contains("Java") ? 1 : 0, 1, options.SkillsWeight);

    [Fact]
    public async Task A_better_level_tying_the_best_total_with_a_higher_id_does_not_end_the_read()
    {
        // The Monday after the coming week; everyone of the large level has a reservation upcoming, except one in its second part.
        var fixture = new MatcherFixture();
        fixture.Options.SkillAliases.Clear();
        var slot = SlotAt(Instant.FromUtc(2026, 1, 19, 14, 0));
        var count = 2 * MatchRun.LevelPart + 44;
        for (var i = 0; i < count; i++)
        {
            var id = $"b-{i:D3}";
            fixture.Interviewers.Add(Interviewer(id, skills: ["Java"]));
            if (i != count - 10)
            {
                fixture.Reservations.Add(Confirmed(id, Instant.FromUtc(2026, 1, 13, 9, 0), Duration.FromHours(1)));
            }
        }

        // One year more than everyone (one more experience point) and one interview that Monday out of 30: one availability point less.
        fixture.Interviewers.Add(Interviewer("z-senior", skills: ["Java"], years: 11, maxPerDay: 30));
        fixture.Reservations.Add(Confirmed("z-senior", Instant.FromUtc(2026, 1, 19, 9, 0), Duration.FromHours(1)));

        var best = await fixture.MatchBothWaysAsync(Request(skills: ["Java"], slot: slot), maxResults: 1);
        var two = await fixture.MatchBothWaysAsync(Request(skills: ["Java"], slot: slot), maxResults: 2);

        // Both total the same with nothing upcoming; the lower id wins, though after the first part the senior alone was the best.
        Assert.Equal([$"b-{count - 10:D3}"], Ids(best.Matches));
        Assert.Equal([$"b-{count - 10:D3}", "z-senior"], Ids(two.Matches));
        Assert.Equal(two.Matches[0].Score.Total, two.Matches[1].Score.Total);
    }
}
