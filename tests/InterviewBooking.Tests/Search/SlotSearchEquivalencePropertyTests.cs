using CsCheck;
using InterviewBooking.InMemory;
using InterviewBooking.Tests.Support;
using NSubstitute;
using static InterviewBooking.Tests.Matching.MatcherFixture;

namespace InterviewBooking.Tests.Search;

/// <summary>
/// The one-pass slot search gives exactly what one full match per start gives (the same starts, interviewers, scores, text, count
/// and truncation), on random small directories: zones with DST, half- and quarter-hour offsets; windows on quarter hours, days off,
/// blocked ranges and extra windows; buffers, notice, horizons and daily caps; reservations and outside busy time (some unknown);
/// exclusions, aliases, the gate and the weights; plans whose length the step does not divide. Through the plain directory and the
/// index, for the whole search and one interviewer's.
/// </summary>
public sealed class SlotSearchEquivalencePropertyTests
{
    private static readonly DateTimeZone[] Zones =
    [
        DateTimeZone.Utc, DateTimeZoneProviders.Tzdb["America/New_York"], DateTimeZoneProviders.Tzdb["Asia/Kolkata"],
        DateTimeZoneProviders.Tzdb["Asia/Kathmandu"], DateTimeZoneProviders.Tzdb["Australia/Lord_Howe"], DateTimeZoneProviders.Tzdb["Europe/London"],
    ];

    private static readonly string[] Categories = ["Backend", "Frontend", "SRE", "Site Reliability Engineering"];
    private static readonly string[] Skills = ["Java", "Go", "SQL", "React", "Kubernetes"];
    private static readonly int[] PlanMinutes = [30, 45, 60, 90];

    /// <summary>Friday 6 March 2026, 10:00 UTC: New York springs forward on the 8th, Lord Howe falls back half an hour on 5 April.</summary>
    private static readonly Instant Base = Instant.FromUtc(2026, 3, 6, 10, 0);

    private static readonly Gen<WeeklyWindow> GenWindow =
        Gen.Select(Gen.Int[1, 7], Gen.Int[0, 95], Gen.Int[2, 48]).Select((day, quarter, length) =>
            new WeeklyWindow((IsoDayOfWeek)day, LocalTime.Midnight.PlusMinutes(15 * quarter), quarter + length >= 96 ? LocalTime.Midnight : LocalTime.Midnight.PlusMinutes(15 * (quarter + length))));

    private static readonly Gen<(int Kind, int Day, int Quarter, int Length)> GenOverride =
        Gen.Select(Gen.Int[0, 2], Gen.Int[0, 40], Gen.Int[0, 88], Gen.Int[2, 8]);

    private static readonly Gen<Profile> GenProfile =
        Gen.Select(
            // Few distinct years and skills, so equal scores are common and the load tie-break decides.
            Gen.Select(Gen.Int[0, Zones.Length - 1], Gen.Int[0, 2].Select(y => 2 + (9 * y)), Gen.Int[0, 3].Array[1, 2], Gen.Int[0, 1].Array[0, 2]),
            Gen.Select(GenWindow.Array[1, 4], GenOverride.Array[0, 3]),
            Gen.Select(Gen.Int[0, 3], Gen.Int[0, 3], Gen.Int[0, 48], Gen.Int[0, 12], Gen.Int[0, 12]),
            Gen.Select(Gen.Int[0, 1000].Array[0, 8], Gen.Int[0, 1000].Array[0, 2], Gen.Int[0, 19]))
        .Select((who, when, rules, booked) => new Profile(who, when, rules, booked));

    private static readonly Gen<World> GenWorld =
        Gen.Select(
            GenProfile.Array[1, 6],
            Gen.Select(Gen.Int[0, 4320], Gen.Int[0, 3], Gen.Int[0, 15], Gen.Int[0, 3].Array[1, 2], Gen.Int[0, Skills.Length - 1].Array[0, 2]),
            Gen.Select(Gen.Int[0, Zones.Length - 1], Gen.Int[1, 10], Gen.Int[1, 60], Gen.Int[0, 6], Gen.Int[0, 2]),
            Gen.Select(Gen.Int[0, 40], Gen.Bool, Gen.Bool, Gen.Int[0, 2]))
        .Select((profiles, candidate, range, options) => new World(profiles, candidate, range, options));

    [Fact]
    public async Task The_one_pass_search_gives_what_one_match_per_start_gives()
    {
        var withSlots = 0;
        var samples = 0;
        await GenWorld.SampleAsync(
            async world =>
            {
                var setup = world.Build();
                var reference = await setup.Plain.SearchPerSlotAsync(setup.Query);
                Interlocked.Increment(ref samples);
                if (reference.Count > 0)
                {
                    Interlocked.Increment(ref withSlots);
                }

                var expected = Describe(reference);
                Assert.Equal(expected, Describe(await setup.Plain.SearchAsync(setup.Query)));
                Assert.Equal(expected, Describe(await setup.Indexed.SearchAsync(setup.Query)));
                Assert.Equal(expected, Describe(await setup.Indexed.SearchPerSlotAsync(setup.Query)));

                var one = setup.OneInterviewer;
                Assert.Equal(
                    Describe(await setup.Indexed.SearchPerSlotAsync(setup.Query, one)),
                    Describe(await setup.Indexed.SearchInterviewerAsync(one, setup.Query)));
            },
            iter: 400,
            threads: 1,
            print: world => world.ToString());

        // Not a vacuous agreement on empty results: most samples offer slots.
        Assert.True(withSlots * 2 > samples, $"only {withSlots} of {samples} samples found a slot");
    }

    private static string Describe(SlotSearchResult result) =>
        string.Join(Environment.NewLine, result.Days.SelectMany(d => d.Slots.Select(s => $"{d.Date} {s.Interviewer.Id} {s.Score} {s.Slot} {s.SlotText}")))
        + $"{Environment.NewLine}{result.Count} slots, truncated {result.Truncated}, searched {result.Searched}";

    /// <summary>One random interviewer: who (zone, years, categories, skills), when (windows, overrides), rules, bookings.</summary>
    private sealed record Profile(
        (int Zone, int Years, int[] Categories, int[] Skills) Who,
        (WeeklyWindow[] Windows, (int Kind, int Day, int Quarter, int Length)[] Overrides) When,
        (int Before, int After, int NoticeHours, int HorizonDays, int MaxPerDay) Rules,
        (int[] Reservations, int[] Busy, int BusyKind) Booked)
    {
        public override string ToString() =>
            $"zone {Zones[Who.Zone].Id}, {Who.Years}y, [{string.Join(',', Who.Categories.Select(c => Categories[c]))}] [{string.Join(',', Who.Skills.Select(s => Skills[s]))}], "
            + $"windows [{string.Join("; ", When.Windows)}], overrides [{string.Join("; ", When.Overrides)}], rules {Rules}, "
            + $"reservations [{string.Join(',', Booked.Reservations)}], busy [{string.Join(',', Booked.Busy)}] kind {Booked.BusyKind}";
    }

    /// <summary>Several interviewers, the candidate, the range and the options of one sample.</summary>
    private sealed record World(
        Profile[] Profiles,
        (int NowMinutes, int Plan, int Years, int[] Categories, int[] Skills) Candidate,
        (int Zone, int Days, int MaxSlots, int Excluded, int Step) Range,
        (int MinimumScore, bool RequirePrimaryDomain, bool PreferSenior, int Aliases) Options)
    {
        public Setup Build()
        {
            var now = Base + Duration.FromMinutes(Candidate.NowMinutes);
            var fixture = new Matching.MatcherFixture();
            fixture.Clock.Reset(now);
            var options = fixture.Options;
            options.Plans.Add(new InterviewPlan { Id = "plan", Name = "Plan", Duration = Duration.FromMinutes(PlanMinutes[Candidate.Plan]), PriceMinorUnits = 5000 });
            options.SlotSearchStep = Duration.FromMinutes(Range.Step switch { 0 => 30, 1 => 60, _ => 15 });
            options.MinimumMatchScore = Options.MinimumScore;
            options.RequirePrimaryDomain = Options.RequirePrimaryDomain;
            options.PreferSeniorInterviewers = Options.PreferSenior;
            if (Options.Aliases == 0)
            {
                options.SkillAliases.Clear();
            }

            var busy = new Dictionary<InterviewerId, BusyTime>();
            for (var i = 0; i < Profiles.Length; i++)
            {
                var p = Profiles[i];
                var id = new InterviewerId($"i{i}");
                var zone = Zones[p.Who.Zone];
                var today = now.InZone(zone).Date;
                fixture.Interviewers.Add(Interviewer(
                    id.Value,
                    categories: [.. p.Who.Categories.Select(c => Categories[c])],
                    skills: [.. p.Who.Skills.Select(s => Skills[s])],
                    years: p.Who.Years,
                    zone: zone,
                    windows: p.When.Windows,
                    maxPerDay: p.Rules.MaxPerDay == 0 ? 0 : 1 + (p.Rules.MaxPerDay % 4)) with
                {
                    AvailabilityOverrides = [.. p.When.Overrides.Select(o => Override(today.PlusDays(o.Day % 12), o))],
                    BufferBefore = Duration.FromMinutes(10 * p.Rules.Before),
                    BufferAfter = Duration.FromMinutes(5 * p.Rules.After),
                    MinimumNotice = Duration.FromHours(p.Rules.NoticeHours),
                    BookingHorizon = p.Rules.HorizonDays == 0 ? null : Duration.FromDays(p.Rules.HorizonDays),
                });

                // Reservations and busy spans over the coming ten days, on quarter hours.
                foreach (var r in p.Booked.Reservations)
                {
                    fixture.Reservations.Add(Confirmed(id.Value, now + Duration.FromMinutes(15 * r), Duration.FromMinutes(30 * (1 + (r % 3)))));
                }

                if (p.Booked.BusyKind == 19)
                {
                    busy[id] = BusyTime.Unknown;
                }
                else if (p.Booked.Busy.Length > 0)
                {
                    busy[id] = new BusyTime { Intervals = [.. p.Booked.Busy.Select(b => new Interval(now + Duration.FromMinutes(15 * b), now + Duration.FromMinutes((15 * b) + (45 * (1 + (b % 2))))))] };
                }
            }

#pragma warning disable CA2012 // NSubstitute's setup call is not a real await of the ValueTask.
            fixture.Directory.GetAsync(Arg.Any<InterviewerId>(), Arg.Any<CancellationToken>())
                .Returns(call => new ValueTask<InterviewerProfile?>(fixture.Interviewers.Find(i => i.Id == call.ArgAt<InterviewerId>(0))));
#pragma warning restore CA2012
            var source = new FixedBusyTime(busy);
            var monitor = new TestOptionsMonitor<InterviewBookingOptions>(options);
            var memory = new InMemoryInterviewerDirectory();
            memory.AddOrUpdateRange(fixture.Interviewers);
            var query = new SlotSearchQuery
            {
                ExperienceYears = Candidate.Years,
                SkillCategories = [.. Candidate.Categories.Select(c => Categories[c])],
                Skills = [.. Candidate.Skills.Select(s => Skills[s])],
                CandidateTimeZone = Zones[Range.Zone],
                PlanId = "plan",
                Range = Duration.FromDays(Range.Days),
                MaxSlots = Range.MaxSlots,
                ExcludedInterviewers = Range.Excluded < Profiles.Length ? [new InterviewerId($"i{Range.Excluded}")] : [],
            };

            return new Setup(
                new SlotSearchService(fixture.Directory, fixture.Store, new PriceCalculator(monitor, fixture.Clock), monitor, fixture.Clock, source),
                new SlotSearchService(memory, fixture.Store, new PriceCalculator(monitor, fixture.Clock), monitor, fixture.Clock, source),
                query,
                new InterviewerId($"i{Candidate.NowMinutes % Profiles.Length}"));
        }

        public override string ToString() =>
            $"now {Base + Duration.FromMinutes(Candidate.NowMinutes)}, candidate {Candidate}, [{string.Join(',', Candidate.Categories.Select(c => Categories[c]))}], "
            + $"range {Range}, options {Options}{Environment.NewLine}{string.Join(Environment.NewLine, Profiles.Select((p, i) => $"i{i}: {p}"))}";

        private static AvailabilityOverride Override(LocalDate date, (int Kind, int Day, int Quarter, int Length) o)
        {
            var start = LocalTime.Midnight.PlusMinutes(15 * o.Quarter);
            var end = LocalTime.Midnight.PlusMinutes(15 * (o.Quarter + o.Length));
            return o.Kind switch
            {
                0 => AvailabilityOverride.DayOff(date),
                1 => AvailabilityOverride.Blocked(date, start, end),
                _ => AvailabilityOverride.ExtraWindow(date, start, end),
            };
        }
    }

    private sealed record Setup(SlotSearchService Plain, SlotSearchService Indexed, SlotSearchQuery Query, InterviewerId OneInterviewer);

    /// <summary>Outside busy time from a fixed table (the spans overlapping the window asked about).</summary>
    private sealed class FixedBusyTime(Dictionary<InterviewerId, BusyTime> busy) : IBusyTimeSource
    {
        public ValueTask<IReadOnlyDictionary<InterviewerId, BusyTime>> GetBusyTimeAsync(
            IReadOnlyList<InterviewerId> interviewers, Interval window, BusyTimeUse use, CancellationToken cancellationToken = default)
        {
            var answer = new Dictionary<InterviewerId, BusyTime>();
            foreach (var id in interviewers)
            {
                if (busy.TryGetValue(id, out var time))
                {
                    answer[id] = time.IsUnknown ? time : new BusyTime { Intervals = [.. time.Intervals.Where(i => i.Start < window.End && window.Start < i.End)] };
                }
            }

            return new ValueTask<IReadOnlyDictionary<InterviewerId, BusyTime>>(answer);
        }
    }
}
