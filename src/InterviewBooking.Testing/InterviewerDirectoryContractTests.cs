using Xunit;

namespace InterviewBooking.Testing;

/// <summary>
/// The behaviour every editable <see cref="IIndexedInterviewerDirectory"/> must have: what the in-memory directory does, whether its
/// profiles live in memory or in a database. An adapter's test project subclasses this and implements <see cref="CreateDirectoryAsync"/>
/// and the edits; the tests use fresh ids and categories, so a directory shared between tests (a database schema, say) works too.
/// </summary>
/// <typeparam name="TDirectory">The directory type under test.</typeparam>
public abstract class InterviewerDirectoryContractTests<TDirectory> : StoreContractTestBase
    where TDirectory : class, IIndexedInterviewerDirectory
{
    /// <summary>Creates the directory under test, ready to read (loaded, when it loads).</summary>
    protected abstract Task<TDirectory> CreateDirectoryAsync();

    /// <summary>Adds or replaces <paramref name="profiles"/> in one change (the directory's batch edit).</summary>
    /// <param name="directory">The directory.</param>
    /// <param name="profiles">The profiles, as given (the test may pass invalid ones).</param>
    protected abstract Task AddOrUpdateRangeAsync(TDirectory directory, IEnumerable<InterviewerProfile> profiles);

    /// <summary>Removes an interviewer, answering whether one was stored.</summary>
    /// <param name="directory">The directory.</param>
    /// <param name="id">The interviewer's id.</param>
    protected abstract Task<bool> RemoveAsync(TDirectory directory, InterviewerId id);

    /// <summary>Every field of a profile reads back as written, by id and from the index, and so do a profile's defaults.</summary>
    [Fact]
    public async Task EveryFieldRoundTrips()
    {
        var directory = await NewDirectoryAsync();
        var full = FullProfile(Unique("iv-full"), Unique("Cat"));
        var bare = new InterviewerProfile { Id = new InterviewerId(Unique("iv-bare")), Name = "Bare", Email = "bare@example.com", TimeZone = DateTimeZone.Utc };

        await AddOrUpdateRangeAsync(directory, [full, bare]);

        AssertSameProfile(full, (await directory.GetAsync(full.Id))!);
        AssertSameProfile(full, directory.Index.Get(full.Id)!);
        AssertSameProfile(bare, (await directory.GetAsync(bare.Id))!);
        Assert.Null((await directory.GetAsync(bare.Id))!.BookingHorizon);
        Assert.Null((await directory.GetAsync(bare.Id))!.Company);
    }

    /// <summary>Finding a category compares whole normalized tokens, lists only active interviewers, ordered by id, and agrees with the index.</summary>
    [Fact]
    public async Task FindComparesWholeTokensAndListsActiveInterviewersInIdOrder()
    {
        var directory = await NewDirectoryAsync();
        var run = Unique("run");
        var category = "Backend " + run;
        await AddOrUpdateRangeAsync(directory, [
            Profile(run + "-c", [category.ToUpperInvariant()]),
            Profile(run + "-a", ["  " + category.Replace(" ", "   ", StringComparison.Ordinal)]),
            Profile(run + "-b", [category]) with { IsActive = false },
            Profile(run + "-d", ["Frontend " + run]),
        ]);

        Assert.Equal([run + "-a", run + "-c"], Ids(await directory.FindAsync(category.ToLowerInvariant())));
        Assert.Equal(Ids(directory.Index.Find(category)), Ids(await directory.FindAsync(category)));
        Assert.Empty(await directory.FindAsync("Backend"));
        Assert.Empty(await directory.FindAsync("   "));
        var everyone = Ids(await directory.FindAsync(null));
        Assert.Contains(run + "-d", everyone);
        Assert.DoesNotContain(run + "-b", everyone);
        Assert.Equal(everyone.Order(StringComparer.Ordinal), everyone);
        Assert.False((await directory.GetAsync(new InterviewerId(run + "-b")))!.IsActive);
    }

    /// <summary>An update re-indexes the interviewer; deactivating takes them out of every finding and reactivating puts them back.</summary>
    [Fact]
    public async Task UpdateReindexesAndDeactivationHides()
    {
        var directory = await NewDirectoryAsync();
        var run = Unique("run");
        var id = run + "-a";
        var count = directory.Index.Count;
        await AddOrUpdateRangeAsync(directory, [Profile(id, ["Backend" + run])]);
        await AddOrUpdateRangeAsync(directory, [Profile(id, ["Frontend" + run]) with { Name = "Renamed" }]);

        Assert.Empty(await directory.FindAsync("Backend" + run));
        Assert.Equal("Renamed", Assert.Single(await directory.FindAsync("Frontend" + run)).Name);
        Assert.Equal(count + 1, directory.Index.Count);

        await AddOrUpdateRangeAsync(directory, [Profile(id, ["Frontend" + run]) with { IsActive = false }]);
        Assert.Empty(await directory.FindAsync("Frontend" + run));
        Assert.DoesNotContain(id, Ids(await directory.FindAsync(null)));

        await AddOrUpdateRangeAsync(directory, [Profile(id, ["Frontend" + run])]);
        Assert.Single(await directory.FindAsync("Frontend" + run));
    }

    /// <summary>Removing answers whether the interviewer was stored, takes them out of every index, and a removed id can be added again.</summary>
    [Fact]
    public async Task RemoveTakesTheInterviewerOutAndTheIdCanComeBack()
    {
        var directory = await NewDirectoryAsync();
        var run = Unique("run");
        await AddOrUpdateRangeAsync(directory, [Profile(run + "-a", ["Backend" + run, "Data" + run]), Profile(run + "-b", ["Backend" + run])]);
        var count = directory.Index.Count;

        Assert.True(await RemoveAsync(directory, new InterviewerId(run + "-a")));
        Assert.False(await RemoveAsync(directory, new InterviewerId(run + "-a")));
        Assert.False(await RemoveAsync(directory, new InterviewerId(Unique("nobody"))));
        Assert.False(await RemoveAsync(directory, default));

        Assert.Null(await directory.GetAsync(new InterviewerId(run + "-a")));
        Assert.Null(directory.Index.Get(new InterviewerId(run + "-a")));
        Assert.Equal([run + "-b"], Ids(await directory.FindAsync("backend" + run)));
        Assert.Empty(await directory.FindAsync("data" + run));
        Assert.Equal(count - 1, directory.Index.Count);

        var back = FullProfile(run + "-a", "Data" + run);
        await AddOrUpdateRangeAsync(directory, [back]);
        AssertSameProfile(back, (await directory.GetAsync(back.Id))!);
        Assert.Equal(count, directory.Index.Count);
    }

    /// <summary>In one batch the last profile with an id wins, and readers see the whole batch.</summary>
    [Fact]
    public async Task ABatchKeepsTheLastProfilePerIdAndAppliesWhole()
    {
        var directory = await NewDirectoryAsync();
        var run = Unique("run");
        var profiles = Enumerable.Range(0, 40).Select(i => Profile($"{run}-{i:D2}", ["Batch" + run])).ToList();
        profiles.Add(Profile(run + "-07", ["Batch" + run]) with { Name = "Last" });

        await AddOrUpdateRangeAsync(directory, profiles);

        Assert.Equal(40, (await directory.FindAsync("batch" + run)).Count);
        Assert.Equal("Last", (await directory.GetAsync(new InterviewerId(run + "-07")))!.Name);
    }

    /// <summary>Invalid profiles are refused with the in-memory directory's errors, and a batch with one invalid profile changes nothing.</summary>
    [Fact]
    public async Task InvalidProfilesAreRefusedAndABadBatchChangesNothing()
    {
        var directory = await NewDirectoryAsync();
        var run = Unique("run");
        var count = directory.Index.Count;
        var ok = Profile(run + "-ok", ["Refused" + run]);

        await Assert.ThrowsAsync<ArgumentNullException>(() => AddOrUpdateRangeAsync(directory, null!));
        await Assert.ThrowsAsync<ArgumentNullException>(() => AddOrUpdateRangeAsync(directory, [ok, null!]));
        await Assert.ThrowsAsync<ArgumentException>(() => AddOrUpdateRangeAsync(directory, [ok, Profile(run + "-x", []) with { Id = default }]));
        var negative = await Assert.ThrowsAsync<ArgumentException>(() => AddOrUpdateRangeAsync(directory, [ok, Profile(run + "-neg", []) with { BufferAfter = Duration.FromMinutes(-5) }]));
        await Assert.ThrowsAsync<ArgumentException>(() => AddOrUpdateRangeAsync(directory, [ok, Profile(run + "-zone", []) with { TimeZone = null! }]));
        await Assert.ThrowsAsync<ArgumentException>(() => AddOrUpdateRangeAsync(directory, [ok, Profile(run + "-name", []) with { Name = "Line\r\nBcc: x" }]));

        Assert.Contains(nameof(InterviewerProfile.BufferAfter), negative.Message, StringComparison.Ordinal);
        Assert.Equal(count, directory.Index.Count);
        Assert.Null(await directory.GetAsync(ok.Id));
        Assert.Empty(await directory.FindAsync("Refused" + run));
    }

    /// <summary>A list returned by a finding never changes after later edits.</summary>
    [Fact]
    public async Task ReturnedListsDoNotChangeAfterLaterEdits()
    {
        var directory = await NewDirectoryAsync();
        var run = Unique("run");
        await AddOrUpdateRangeAsync(directory, [Profile(run + "-a", ["Stable" + run])]);
        var before = await directory.FindAsync("Stable" + run);

        await AddOrUpdateRangeAsync(directory, [Profile(run + "-b", ["Stable" + run])]);
        await RemoveAsync(directory, new InterviewerId(run + "-a"));

        Assert.Equal([run + "-a"], Ids(before));
        Assert.Equal([run + "-b"], Ids(await directory.FindAsync("Stable" + run)));
    }

    /// <summary>An unknown or empty id reads as missing.</summary>
    [Fact]
    public async Task UnknownOrEmptyIdReadsNull()
    {
        var directory = await NewDirectoryAsync();

        Assert.Null(await directory.GetAsync(new InterviewerId(Unique("nobody"))));
        Assert.Null(await directory.GetAsync(default));
    }

    /// <summary>The index holds exactly what the directory answers: the same profiles by id and the same findings, active or not.</summary>
    [Fact]
    public async Task TheIndexAgreesWithGetAndFind()
    {
        var directory = await NewDirectoryAsync();
        var run = Unique("run");
        await AddOrUpdateRangeAsync(directory, [
            FullProfile(run + "-a", "Agree" + run),
            Profile(run + "-b", ["Agree" + run]) with { IsActive = false },
            Profile(run + "-c", ["agree" + run]),
        ]);
        await RemoveAsync(directory, new InterviewerId(run + "-c"));

        foreach (var id in new[] { run + "-a", run + "-b", run + "-c" })
        {
            Assert.Equal(await directory.GetAsync(new InterviewerId(id)), directory.Index.Get(new InterviewerId(id)));
        }

        Assert.Equal([run + "-a"], Ids(directory.Index.Find("AGREE" + run)));
        Assert.Equal(Ids(directory.Index.Find(null)), Ids(await directory.FindAsync(null)));
        Assert.Equal(directory.Index.Find(null).Count, directory.Index.ActiveCount);
    }

    /// <summary>A profile with every field set to something other than its default: windows, overrides of each kind, a zone with DST, and rules.</summary>
    /// <param name="id">The interviewer's id.</param>
    /// <param name="category">A category only this test uses.</param>
    protected static InterviewerProfile FullProfile(string id, string category) => new()
    {
        Id = new InterviewerId(id),
        Name = "Grace Hopper",
        Email = "grace@example.com",
        Company = "Example Corp",
        ExperienceYears = 17,
        SkillCategories = [category, "System Design"],
        Skills = ["Java", "Kubernetes", "C#"],
        TimeZone = DateTimeZoneProviders.Tzdb["Europe/Berlin"],
        WeeklyAvailability =
        [
            new WeeklyWindow(IsoDayOfWeek.Monday, new LocalTime(9, 0), new LocalTime(12, 30)),
            new WeeklyWindow(IsoDayOfWeek.Monday, new LocalTime(14, 0), new LocalTime(18, 0)),
            new WeeklyWindow(IsoDayOfWeek.Saturday, new LocalTime(22, 0), LocalTime.Midnight),
            new WeeklyWindow(IsoDayOfWeek.Wednesday, LocalTime.FromHourMinuteSecondNanosecond(7, 15, 30, 123_456_789), new LocalTime(8, 0)),
        ],
        AvailabilityOverrides =
        [
            AvailabilityOverride.DayOff(new LocalDate(2025, 6, 23)),
            AvailabilityOverride.Blocked(new LocalDate(2025, 6, 16), new LocalTime(10, 0), new LocalTime(11, 0)),
            AvailabilityOverride.ExtraWindow(new LocalDate(2025, 6, 21), new LocalTime(8, 0), LocalTime.Midnight),
        ],
        BufferBefore = Duration.FromMinutes(10),
        BufferAfter = Duration.FromMinutes(15) + Duration.FromNanoseconds(1),
        MinimumNotice = Duration.FromHours(12),
        BookingHorizon = Duration.FromDays(60),
        MaxInterviewsPerDay = 3,
        IsActive = true,
    };

    /// <summary>A plain active profile in UTC.</summary>
    /// <param name="id">The interviewer's id.</param>
    /// <param name="categories">Their categories.</param>
    protected static InterviewerProfile Profile(string id, string[] categories) => new()
    {
        Id = new InterviewerId(id),
        Name = "Interviewer " + id,
        Email = "interviewer@example.com",
        TimeZone = DateTimeZone.Utc,
        SkillCategories = categories,
    };

    /// <summary>Checks two profiles are equal field for field (records compare lists by reference).</summary>
    /// <param name="expected">The profile written.</param>
    /// <param name="actual">The profile read.</param>
    protected static void AssertSameProfile(InterviewerProfile expected, InterviewerProfile actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.Name, actual.Name);
        Assert.Equal(expected.Email, actual.Email);
        Assert.Equal(expected.Company, actual.Company);
        Assert.Equal(expected.ExperienceYears, actual.ExperienceYears);
        Assert.Equal(expected.SkillCategories, actual.SkillCategories);
        Assert.Equal(expected.Skills, actual.Skills);
        Assert.Equal(expected.TimeZone.Id, actual.TimeZone.Id);
        Assert.Equal(expected.WeeklyAvailability, actual.WeeklyAvailability);
        Assert.Equal(expected.AvailabilityOverrides, actual.AvailabilityOverrides);
        Assert.Equal(expected.BufferBefore, actual.BufferBefore);
        Assert.Equal(expected.BufferAfter, actual.BufferAfter);
        Assert.Equal(expected.MinimumNotice, actual.MinimumNotice);
        Assert.Equal(expected.BookingHorizon, actual.BookingHorizon);
        Assert.Equal(expected.MaxInterviewsPerDay, actual.MaxInterviewsPerDay);
        Assert.Equal(expected.IsActive, actual.IsActive);
        Assert.Equal(expected with { SkillCategories = actual.SkillCategories, Skills = actual.Skills, WeeklyAvailability = actual.WeeklyAvailability, AvailabilityOverrides = actual.AvailabilityOverrides }, actual);
    }

    /// <summary>The ids of <paramref name="profiles"/>, in order.</summary>
    /// <param name="profiles">The profiles.</param>
    protected static string[] Ids(IReadOnlyList<InterviewerProfile> profiles) => [.. (profiles ?? []).Select(p => p.Id.Value)];

    private async Task<TDirectory> NewDirectoryAsync() => Track(await CreateDirectoryAsync());
}
