using InterviewBooking.InMemory;
using static InterviewBooking.Tests.Matching.MatcherFixture;

namespace InterviewBooking.Tests.Matching;

/// <summary>The interviewer index: edits without rebuilds, the same answers as a plain scan, and consistent snapshots under concurrent edits.</summary>
public sealed class InterviewerIndexTests
{
    private readonly MatcherFixture _fixture = new();

    [Fact]
    public async Task Added_updated_deactivated_and_removed_interviewers_are_matched_accordingly()
    {
        var directory = new InMemoryInterviewerDirectory();
        var matcher = new ScoringInterviewerMatcher(directory, _fixture.Store, new Support.TestOptionsMonitor<InterviewBookingOptions>(_fixture.Options), _fixture.Clock);
        async Task<List<string>> Matched() => Ids((await matcher.MatchAsync(Request(), 10)).Matches);

        directory.AddOrUpdateRange([Interviewer("a"), Interviewer("b"), Interviewer("c")]);
        Assert.Equal(["a", "b", "c"], await Matched());

        directory.AddOrUpdate(Interviewer("b", years: 30));
        Assert.Equal(["b", "a", "c"], await Matched());

        directory.AddOrUpdate(Interviewer("a", categories: ["Frontend"]));
        Assert.Equal(["b", "c"], await Matched());

        directory.AddOrUpdate(Interviewer("c", active: false));
        Assert.Equal(["b"], await Matched());
        Assert.Equal(3, directory.Count);
        Assert.Equal(2, directory.ActiveCount);

        Assert.True(directory.Remove(new InterviewerId("b")));
        Assert.False(directory.Remove(new InterviewerId("b")));
        Assert.Empty(await Matched());

        directory.AddOrUpdate(Interviewer("c", windows: [Window(IsoDayOfWeek.Monday, 13, 0, 16, 0)]));
        Assert.Equal(["c"], await Matched());
    }

    [Fact]
    public void Find_lists_active_interviewers_of_an_exact_token_by_id()
    {
        var index = new InterviewerIndex();
        index.AddOrUpdateRange([Interviewer("b", categories: ["Backend"]), Interviewer("a", categories: ["backend", "Data"]), Interviewer("z", categories: ["Backend"], active: false), Interviewer("js", categories: ["JS"])]);

        Assert.Equal(["a", "b"], index.Find(" BACKEND ").Select(p => p.Id.Value));
        Assert.Equal(["a", "b", "js"], index.Find(null).Select(p => p.Id.Value));
        Assert.Empty(index.Find("JavaScript")); // aliases apply when matching, not here
        Assert.Empty(index.Find("back"));
        Assert.Empty(index.Find(" "));
        Assert.Equal("z", index.Get(new InterviewerId("z"))!.Id.Value);
        Assert.Null(index.Get(default));
    }

    [Fact]
    public void An_edit_copies_only_the_lists_it_touches()
    {
        var index = new InterviewerIndex();
        index.AddOrUpdateRange(Enumerable.Range(0, 50).Select(i => Interviewer($"b{i:D2}", categories: ["Backend"]))
            .Concat(Enumerable.Range(0, 50).Select(i => Interviewer($"f{i:D2}", categories: ["Frontend"], zone: NewYork))));
        var before = index.Current;
        var backend = before.Tokens.Find("backend");
        var frontend = before.Tokens.Find("frontend");

        index.AddOrUpdate(Interviewer("b07", categories: ["Backend"], years: 20));
        var after = index.Current;

        Assert.NotSame(before, after);
        var frontendBefore = Assert.Single(before.PostingsOf(frontend)!.Zones);
        var frontendAfter = Assert.Single(after.PostingsOf(frontend)!.Zones);
        Assert.Same(frontendBefore, frontendAfter); // untouched category: the very same lists
        var backendBefore = Assert.Single(before.PostingsOf(backend)!.Zones);
        var backendAfter = Assert.Single(after.PostingsOf(backend)!.Zones);
        Assert.NotSame(backendBefore, backendAfter);
        Assert.Same(backendBefore.Hours[0], backendAfter.Hours[0]); // Monday 00:00: no window there, list untouched
        Assert.Same(backendBefore.Hours[9], backendAfter.Hours[9]); // Monday 09:00: b07 kept its ordinal and hours, list untouched
        Assert.Same(backendBefore.All, backendAfter.All);
        Assert.Equal(20, after[after.ById[new InterviewerId("b07")].Ordinal]!.Years);
        Assert.Equal(10, before[before.ById[new InterviewerId("b07")].Ordinal]!.Years); // the old snapshot never changes

        // New hours change only the lists of the hours left and joined.
        index.AddOrUpdate(Interviewer("b07", categories: ["Backend"], windows: [Window(IsoDayOfWeek.Monday, 9, 0, 10, 0), Window(IsoDayOfWeek.Tuesday, 9, 0, 10, 0)]));
        var moved = Assert.Single(index.Current.PostingsOf(backend)!.Zones);
        Assert.Same(backendAfter.Hours[9], moved.Hours[9]);
        Assert.DoesNotContain(after.ById[new InterviewerId("b07")].Ordinal, moved.Hours[10]);
        Assert.Contains(after.ById[new InterviewerId("b07")].Ordinal, moved.Hours[24 + 9]);
        Assert.Equal(49, moved.Hours[10].Length);
    }

    /// <summary>
    /// Seeded random interviewers in zones with and without DST, with overrides, buffers, aliases and punctuation, edited at random:
    /// after every round of edits the index gives exactly what a plain scan of the same interviewers gives, for random requests,
    /// including slots on the 2026 DST days of New York and London.
    /// </summary>
    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public async Task The_index_answers_exactly_like_a_plain_scan_after_random_edits(int seed)
    {
        var random = new Random(seed);
        var zones = new[] { DateTimeZone.Utc, NewYork, Tokyo, DateTimeZoneProviders.Tzdb["Asia/Kolkata"], DateTimeZoneProviders.Tzdb["Europe/London"], DateTimeZoneProviders.Tzdb["Australia/Lord_Howe"] };
        string[] categories = ["Backend", "backend", "Frontend", "SRE", "Site Reliability Engineering", "Data"];
        string[] skills = ["Java", "JavaScript", "JS", "Go", "Golang", "C#", "C", "C++", "Node.js", "NodeJS", "SQL", "Rust"];
        Instant[] days = [Instant.FromUtc(2026, 3, 8, 0, 0), Instant.FromUtc(2026, 3, 29, 0, 0), Instant.FromUtc(2026, 10, 25, 0, 0), Instant.FromUtc(2026, 11, 1, 0, 0), Instant.FromUtc(2026, 1, 12, 0, 0), Instant.FromUtc(2026, 1, 17, 0, 0)];
        _fixture.Options.MaxAlternatives = 2;

        InterviewerProfile RandomProfile(int i) => Interviewer(
            $"iv{i:D3}",
            categories: [.. categories.Where(_ => random.Next(3) == 0).DefaultIfEmpty("Backend")],
            skills: [.. skills.Where(_ => random.Next(3) == 0)],
            years: random.Next(20),
            zone: zones[random.Next(zones.Length)],
            windows: [.. Enumerable.Range(1, 7).Where(_ => random.Next(2) == 0).Select(d => Window((IsoDayOfWeek)d, random.Next(12), 30 * random.Next(2), 13 + random.Next(12), 0))],
            maxPerDay: random.Next(5),
            active: random.Next(8) > 0) with
        {
            BufferAfter = Duration.FromMinutes(10 * random.Next(2)),
            MinimumNotice = Duration.FromHours(random.Next(3)),
            AvailabilityOverrides = random.Next(3) == 0
                ? [AvailabilityOverride.ExtraWindow(new LocalDate(2026, 3, 8 + random.Next(2)), new LocalTime(random.Next(4), 0), new LocalTime(4 + random.Next(4), 0)),
                   AvailabilityOverride.DayOff(new LocalDate(2026, 1, 12 + random.Next(6)))]
                : [],
        };

        for (var i = 0; i < 120; i++)
        {
            _fixture.Interviewers.Add(RandomProfile(i));
            _fixture.Reservations.Add(Confirmed($"iv{i:D3}", days[random.Next(days.Length)] + Duration.FromMinutes(30 * random.Next(48)), Duration.FromHours(1)));
        }

        var directory = new InMemoryInterviewerDirectory();
        directory.AddOrUpdateRange(_fixture.Interviewers);
        var indexed = new ScoringInterviewerMatcher(directory, _fixture.Store, new Support.TestOptionsMonitor<InterviewBookingOptions>(_fixture.Options), _fixture.Clock);
        for (var round = 0; round < 4; round++)
        {
            for (var r = 0; r < 30; r++)
            {
                var request = Request(
                    categories: [categories[random.Next(categories.Length)], categories[random.Next(categories.Length)]],
                    skills: [skills[random.Next(skills.Length)], skills[random.Next(skills.Length)]],
                    years: random.Next(15),
                    slot: SlotAt(days[random.Next(days.Length)] + Duration.FromMinutes(30 * random.Next(48)), 30 * (1 + random.Next(2))));
                _fixture.Options.RequirePrimaryDomain = random.Next(4) > 0;
                var plain = await _fixture.CreateMatcher().MatchAsync(request, 4);
                Assert.Equal(Describe(plain), Describe(await indexed.MatchAsync(request, 4)));
            }

            // Edit a quarter of them, one by one and in a batch: replace (which may deactivate), remove, add. A profile still
            // waiting in the batch is edited in the batch.
            var batch = new Dictionary<InterviewerId, InterviewerProfile>();
            for (var e = 0; e < 30; e++)
            {
                var i = random.Next(_fixture.Interviewers.Count);
                var id = _fixture.Interviewers[i].Id;
                switch (random.Next(4))
                {
                    case 0:
                        if (!batch.Remove(id))
                        {
                            directory.Remove(id);
                        }

                        _fixture.Interviewers.RemoveAt(i);
                        break;
                    case 1:
                        var added = RandomProfile(1000 + (round * 100) + e);
                        batch[added.Id] = added;
                        _fixture.Interviewers.Add(added);
                        break;
                    default:
                        var replaced = RandomProfile(int.Parse(id.Value[2..], System.Globalization.CultureInfo.InvariantCulture));
                        if (batch.ContainsKey(id))
                        {
                            batch[id] = replaced;
                        }
                        else
                        {
                            directory.AddOrUpdate(replaced);
                        }

                        _fixture.Interviewers[i] = replaced;
                        break;
                }
            }

            directory.AddOrUpdateRange(batch.Values);
        }
    }

    /// <summary>
    /// The lists the alternatives and the day-off skip read (who lists each skill and category, who has each date off), with the
    /// others, after random adds, replacements (some only of the years, some of tokens and dates, some deactivating) and removals,
    /// one by one and in batches: the same interviewers in every list as a fresh build from the final profiles, each list ascending
    /// and none left empty; a profile-only edit keeps the very same token and day-off lists.
    /// </summary>
    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    public void Token_and_day_off_lists_after_random_edits_equal_those_of_a_fresh_build(int seed)
    {
        var random = new Random(seed);
        var zones = new[] { DateTimeZone.Utc, NewYork, Tokyo };
        string[] categories = ["Backend", "Frontend", "SRE", "Data"];
        string[] skills = ["Java", "Go", "SQL", "React", "C#", "Rust"];
        var dates = Enumerable.Range(0, 5).Select(d => new LocalDate(2026, 12, 14).PlusDays(d)).ToArray();

        InterviewerProfile RandomProfile(string id) => Interviewer(
            id,
            categories: [.. categories.Where(_ => random.Next(3) == 0).DefaultIfEmpty(categories[random.Next(categories.Length)])],
            skills: [.. skills.Where(_ => random.Next(3) == 0)],
            years: random.Next(20),
            zone: zones[random.Next(zones.Length)],
            windows: [Window((IsoDayOfWeek)(1 + random.Next(7)), random.Next(12), 0, 13 + random.Next(11), 0)],
            active: random.Next(8) > 0) with
        {
            AvailabilityOverrides = [.. dates.Where(_ => random.Next(3) == 0).Select(d => random.Next(3) == 0
                ? AvailabilityOverride.ExtraWindow(d, new LocalTime(6, 0), new LocalTime(8, 0))
                : AvailabilityOverride.DayOff(d))],
        };

        var profiles = Enumerable.Range(0, 80).Select(i => RandomProfile($"iv{i:D3}")).ToDictionary(p => p.Id);
        var index = new InterviewerIndex();
        index.AddOrUpdateRange(profiles.Values);
        var next = 80;
        for (var round = 0; round < 6; round++)
        {
            var batch = new Dictionary<InterviewerId, InterviewerProfile>();
            for (var e = 0; e < 15; e++)
            {
                var id = profiles.Keys.ElementAt(random.Next(profiles.Count));
                InterviewerProfile? edited = random.Next(5) switch
                {
                    0 => null, // removed
                    1 => RandomProfile($"iv{next++:D3}"), // added
                    2 => profiles[id] with { ExperienceYears = profiles[id].ExperienceYears + 1 }, // profile only
                    _ => RandomProfile(id.Value!), // tokens, dates, zone, activity may all change
                };

                if (edited is null)
                {
                    profiles.Remove(id);
                    if (!batch.Remove(id))
                    {
                        index.Remove(id);
                    }

                    continue;
                }

                profiles[edited.Id] = edited;
                if (round % 2 == 0)
                {
                    batch[edited.Id] = edited;
                }
                else
                {
                    index.AddOrUpdate(edited);
                }
            }

            index.AddOrUpdateRange(batch.Values);
            var fresh = new InterviewerIndex();
            fresh.AddOrUpdateRange(profiles.Values);
            Assert.Equal(Lists(fresh.Current), Lists(index.Current));
        }

        // A profile-only edit of someone active with skills and a day off leaves their token and day-off lists as they were.
        var kept = profiles.Values.First(p => p.IsActive && p.Skills.Count > 0 && p.AvailabilityOverrides.Any(o => o.Kind == AvailabilityOverrideKind.DayOff));
        var before = index.Current;
        index.AddOrUpdate(kept with { ExperienceYears = kept.ExperienceYears + 1 });
        var category = before.Tokens.Find(SkillToken.Normalize(kept.SkillCategories[0]));
        var zoneBefore = before.PostingsOf(category)!.Zones.Single(z => z.TimeZone == kept.TimeZone);
        var zoneAfter = index.Current.PostingsOf(category)!.Zones.Single(z => z.TimeZone == kept.TimeZone);
        Assert.Same(zoneBefore.BySkill, zoneAfter.BySkill);
        Assert.Same(zoneBefore.ByCategory, zoneAfter.ByCategory);
        Assert.Same(zoneBefore.DaysOff, zoneAfter.DaysOff);

        List<string> Lists(IndexSnapshot snapshot)
        {
            string Ids(int[] ordinals)
            {
                Assert.True(ordinals.Length > 0, "an empty list is kept");
                Assert.Equal(ordinals.Order(), ordinals);
                return string.Join(",", ordinals.Select(o => snapshot[o]!.Key).Order(StringComparer.Ordinal));
            }

            var lines = new List<string>();
            var keys = categories.Select(c => (Name: c, Id: snapshot.Tokens.Find(SkillToken.Normalize(c)))).Prepend(("any", IndexSnapshot.AnyCategory));
            foreach (var (name, key) in keys)
            {
                foreach (var zone in (snapshot.PostingsOf(key)?.Zones ?? []).OrderBy(z => z.TimeZone.Id, StringComparer.Ordinal))
                {
                    var at = $"{name} {zone.TimeZone.Id}";
                    lines.Add($"{at} all: {Ids(zone.All)}");
                    lines.AddRange(Enumerable.Range(0, WeekHours.Count).Where(h => zone.Hours[h].Length > 0).Select(h => $"{at} hour {h}: {Ids(zone.Hours[h])}"));
                    lines.AddRange(zone.Extras.OrderBy(e => e.Key).Select(e => $"{at} extra {e.Key}: {Ids(e.Value)}"));
                    lines.AddRange(zone.DaysOff.OrderBy(e => e.Key).Select(e => $"{at} off {e.Key}: {Ids(e.Value)}"));
                    lines.AddRange(Tokens(zone.BySkill, skills).Select(e => $"{at} skill {e}"));
                    lines.AddRange(Tokens(zone.ByCategory, categories).Select(e => $"{at} category {e}"));
                }
            }

            return lines;

            IEnumerable<string> Tokens(System.Collections.Immutable.ImmutableDictionary<int, int[]> byToken, string[] names)
            {
                var named = names.Select(n => (Name: n, Id: snapshot.Tokens.Find(SkillToken.Normalize(n)))).Where(n => byToken.ContainsKey(n.Id)).ToList();
                Assert.Equal(byToken.Count, named.Count); // no list under a token nobody here lists
                return named.Select(n => $"{n.Name}: {Ids(byToken[n.Id])}");
            }
        }
    }

    /// <summary>
    /// A writer swaps which of two interviewers is active, in one batch each time, and churns others, while matchers run:
    /// every match sees exactly one of the pair (a torn read would show both or neither) and never fails.
    /// </summary>
    [Fact]
    public async Task Matches_running_while_the_directory_changes_see_whole_snapshots()
    {
        const int Swaps = 300;
        const int MatchesPerReader = 300;
        var directory = new InMemoryInterviewerDirectory();
        var store = new InMemoryReservationStore(_fixture.Clock);
        var matcher = new ScoringInterviewerMatcher(directory, store, new Support.TestOptionsMonitor<InterviewBookingOptions>(_fixture.Options), _fixture.Clock);
        directory.AddOrUpdateRange([Interviewer("pair-a", years: 30), Interviewer("pair-b", active: false, years: 30), .. Enumerable.Range(0, 40).Select(i => Interviewer($"other{i:D2}", years: 1))]);

        var writer = Task.Run(() =>
        {
            for (var i = 0; i < Swaps; i++)
            {
                var aActive = i % 2 == 1;
                directory.AddOrUpdateRange([Interviewer("pair-a", active: aActive, years: 30), Interviewer("pair-b", active: !aActive, years: 30)]);
                directory.AddOrUpdate(Interviewer($"churn{i % 7}", years: i % 10, zone: i % 2 == 0 ? NewYork : DateTimeZone.Utc)); // below the pair's 30 points of experience
                directory.Remove(new InterviewerId($"churn{(i + 3) % 7}"));
            }
        });

        async Task<int> Read()
        {
            for (var i = 0; i < MatchesPerReader; i++)
            {
                var matches = (await matcher.MatchAsync(Request(), 3)).Matches;
                Assert.Single(matches, m => m.Interviewer.Id.Value.StartsWith("pair-", StringComparison.Ordinal));
                Assert.StartsWith("pair-", matches[0].Interviewer.Id.Value, StringComparison.Ordinal);
                Assert.True(matches[0].Interviewer.IsActive);
            }

            return MatchesPerReader;
        }

        var reads = await Task.WhenAll(Task.Run(Read), Task.Run(Read), writer.ContinueWith(_ => 0, TaskScheduler.Default));
        await writer;

        Assert.Equal(2 * MatchesPerReader, reads.Sum());
        Assert.Equal("pair-a", (await matcher.MatchAsync(Request(), 1)).Matches[0].Interviewer.Id.Value); // the last swap (i = 299) left pair-a active
        Assert.Equal(42 + 4, directory.Count); // the pair, 40 others, and the 4 churned ids the last iterations left
    }
}
