using InterviewBooking.InMemory;
using InterviewBooking.Tests.Support;
using NodaTime.Testing;
using NSubstitute;

namespace InterviewBooking.Tests.Matching;

/// <summary>
/// A matcher over substitutes: the directory filters by primary category as a correct directory would (whole tokens),
/// the store returns the active reservations of the asked interviewers that overlap the asked window, and the interview store
/// returns <see cref="Reliability"/> (none recorded: no history).
/// </summary>
internal sealed class MatcherFixture
{
    /// <summary>Saturday 10 January 2026, noon UTC.</summary>
    public static readonly Instant Now = Instant.FromUtc(2026, 1, 10, 12, 0);

    /// <summary>Monday 12 January 2026, 14:00-15:00 UTC (winter: 09:00 in New York, 23:00 in Tokyo).</summary>
    public static readonly Interval Slot = new(Instant.FromUtc(2026, 1, 12, 14, 0), Instant.FromUtc(2026, 1, 12, 15, 0));

    public static readonly WeeklyWindow MondayNineToFive = new(IsoDayOfWeek.Monday, new LocalTime(9, 0), new LocalTime(17, 0));

    public static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];
    public static readonly DateTimeZone Tokyo = DateTimeZoneProviders.Tzdb["Asia/Tokyo"];

    public MatcherFixture()
    {
#pragma warning disable CA2012 // NSubstitute's setup call is not a real await of the ValueTask.
        Directory.FindAsync(Arg.Any<string?>(), Arg.Any<CancellationToken>())
            .Returns(call => new ValueTask<IReadOnlyList<InterviewerProfile>>(Find(call.ArgAt<string?>(0))));
        Store.GetActiveAsync(Arg.Any<IReadOnlyCollection<InterviewerId>>(), Arg.Any<Interval>(), Arg.Any<CancellationToken>())
            .Returns(call => Task.FromResult<IReadOnlyList<Reservation>>(GetActive(call.ArgAt<IReadOnlyCollection<InterviewerId>>(0), call.ArgAt<Interval>(1))));
        // A substitute answers the interface's default members too: the slots read is set up as its default makes it.
        Store.GetActiveSlotsAsync(Arg.Any<IReadOnlyCollection<InterviewerId>>(), Arg.Any<Interval>(), Arg.Any<CancellationToken>())
            .Returns(call => Task.FromResult<IReadOnlyList<ReservedSlot>>(new ReservedSlotsOf(GetActive(call.ArgAt<IReadOnlyCollection<InterviewerId>>(0), call.ArgAt<Interval>(1)))));
        Interviews.GetReliabilityAsync(Arg.Any<IReadOnlyCollection<InterviewerId>>(), Arg.Any<CancellationToken>())
            .Returns(call => Task.FromResult<IReadOnlyDictionary<InterviewerId, InterviewerReliability>>(
                call.ArgAt<IReadOnlyCollection<InterviewerId>>(0).Distinct().ToDictionary(id => id, id => Reliability.GetValueOrDefault(id) ?? InterviewerReliability.None(id))));
#pragma warning restore CA2012
    }

    public List<InterviewerProfile> Interviewers { get; } = [];

    public List<Reservation> Reservations { get; } = [];

    public InterviewBookingOptions Options { get; } = new();

    public FakeClock Clock { get; } = new(Now);

    public IInterviewerDirectory Directory { get; } = Substitute.For<IInterviewerDirectory>();

    public IReservationStore Store { get; } = Substitute.For<IReservationStore>();

    /// <summary>The interview store the matcher reads reliability from (only while the weight is above 0).</summary>
    public IInterviewStore Interviews { get; } = Substitute.For<IInterviewStore>();

    /// <summary>The reliability <see cref="Interviews"/> reports, by interviewer.</summary>
    public Dictionary<InterviewerId, InterviewerReliability> Reliability { get; } = [];

    /// <summary>When set, the directory returns everyone whatever category is asked (a sloppy adapter).</summary>
    public bool DirectoryIgnoresCategory { get; set; }

    public ScoringInterviewerMatcher CreateMatcher() =>
        new(Directory, Store, new TestOptionsMonitor<InterviewBookingOptions>(Options), Clock, new NoBusyTimeSource(), Interviews);

    public async Task<IReadOnlyList<InterviewerMatch>> MatchAsync(InterviewRequest request, int maxResults = 50) =>
        (await CreateMatcher().MatchAsync(request, maxResults)).Matches;

    /// <summary>A matcher over an indexed in-memory directory holding <see cref="Interviewers"/> now (and the same substitute store).</summary>
    public ScoringInterviewerMatcher CreateIndexedMatcher()
    {
        var directory = new InMemoryInterviewerDirectory();
        directory.AddOrUpdateRange(Interviewers);
        return new ScoringInterviewerMatcher(directory, Store, new TestOptionsMonitor<InterviewBookingOptions>(Options), Clock, new NoBusyTimeSource(), Interviews);
    }

    /// <summary>Matches through the plain directory and through the index, asserts both agree exactly, and returns the result.</summary>
    public async Task<MatchResult> MatchBothWaysAsync(InterviewRequest request, int maxResults = 50)
    {
        var plain = await CreateMatcher().MatchAsync(request, maxResults);
        var indexed = await CreateIndexedMatcher().MatchAsync(request, maxResults);
        Assert.Equal(Describe(plain), Describe(indexed));
        return plain;
    }

    /// <summary>Every match and alternative of a result, one line each: id, score parts, slot (and text).</summary>
    public static List<string> Describe(MatchResult result) =>
    [
        .. result.Matches.Select(m => $"{m.Interviewer.Id} {m.Score.Experience}+{m.Score.Skills}+{m.Score.Availability}+{m.Score.Reliability} {m.Slot}"),
        .. result.Alternatives.Select(a => $"alt {a.Interviewer.Id} {a.Score.Experience}+{a.Score.Skills}+{a.Score.Availability}+{a.Score.Reliability} {a.Slot} {a.SlotText}"),
    ];

    public static List<string> Ids(IEnumerable<InterviewerMatch> matches) => matches.Select(m => m.Interviewer.Id.Value).ToList();

    public static InterviewerProfile Interviewer(
        string id,
        string[]? categories = null,
        string[]? skills = null,
        int years = 10,
        DateTimeZone? zone = null,
        WeeklyWindow[]? windows = null,
        int maxPerDay = 6,
        bool active = true) => new()
        {
            Id = new InterviewerId(id),
            Name = "Interviewer " + id,
            Email = id + "@example.com",
            ExperienceYears = years,
            SkillCategories = categories ?? ["Backend"],
            Skills = skills ?? [],
            TimeZone = zone ?? DateTimeZone.Utc,
            WeeklyAvailability = windows ?? [MondayNineToFive],
            MaxInterviewsPerDay = maxPerDay,
            IsActive = active,
        };

    /// <summary>A slot of <paramref name="minutes"/> from <paramref name="start"/>.</summary>
    public static Interval SlotAt(Instant start, int minutes = 60) => new(start, start + Duration.FromMinutes(minutes));

    /// <summary>One window from <paramref name="fromHour"/>:<paramref name="fromMinute"/> to <paramref name="toHour"/>:<paramref name="toMinute"/> (24:00 is midnight).</summary>
    public static WeeklyWindow Window(IsoDayOfWeek day, int fromHour, int fromMinute, int toHour, int toMinute) =>
        new(day, new LocalTime(fromHour, fromMinute), toHour == 24 ? LocalTime.Midnight : new LocalTime(toHour, toMinute));

    public static InterviewRequest Request(
        string[]? categories = null,
        string[]? skills = null,
        int years = 5,
        Interval? slot = null,
        InterviewerId[]? excluded = null) => new()
        {
            CandidateId = new CandidateId("cand-1"),
            CandidateName = "Ada",
            CandidateEmail = "ada@example.com",
            ExperienceYears = years,
            SkillCategories = categories ?? ["Backend"],
            Skills = skills ?? [],
            RequestedSlot = slot ?? Slot,
            CandidateTimeZone = DateTimeZone.Utc,
            PlanId = "mock-60",
            ExcludedInterviewers = excluded ?? [],
        };

    public static Reservation Confirmed(string interviewerId, Instant start, Duration length) => new()
    {
        Id = ReservationId.New(),
        InterviewerId = new InterviewerId(interviewerId),
        Slot = new Interval(start, start + length),
        Owner = "ps_other",
        Status = ReservationStatus.Confirmed,
        HeldUntil = start,
        CreatedAt = Now,
    };

    private List<InterviewerProfile> Find(string? category) =>
        category is null || DirectoryIgnoresCategory
            ? [.. Interviewers]
            : Interviewers.Where(i => i.SkillCategories.Any(c => SkillToken.Normalize(c) == SkillToken.Normalize(category))).ToList();

    private List<Reservation> GetActive(IReadOnlyCollection<InterviewerId> ids, Interval window)
    {
        var wanted = ids.ToHashSet();
        return Reservations
            .Where(r => wanted.Contains(r.InterviewerId) && r.IsActiveAt(Clock.GetCurrentInstant()) && Reservation.Overlaps(r.Slot, window))
            .OrderBy(r => r.InterviewerId.Value, StringComparer.Ordinal).ThenBy(r => r.Slot.Start)
            .ToList();
    }
}
