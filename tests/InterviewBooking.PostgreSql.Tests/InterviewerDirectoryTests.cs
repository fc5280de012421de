using System.Diagnostics;
using InterviewBooking.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace InterviewBooking.PostgreSql.Tests;

// The directory contract on PostgreSQL: every test's directory is a fresh instance that loads the whole table first.
public sealed class PostgreSqlInterviewerDirectoryContractTests(PostgresSchemaFixture database)
    : InterviewerDirectoryContractTests<PostgreSqlInterviewerDirectory>, IClassFixture<PostgresSchemaFixture>
{
    protected override async Task<PostgreSqlInterviewerDirectory> CreateDirectoryAsync()
    {
        var directory = new PostgreSqlInterviewerDirectory(database.DataSource, database.Options);
        await directory.StartAsync();
        return directory;
    }

    protected override Task AddOrUpdateRangeAsync(PostgreSqlInterviewerDirectory directory, IEnumerable<InterviewerProfile> profiles) =>
        directory.AddOrUpdateRangeAsync(profiles);

    protected override Task<bool> RemoveAsync(PostgreSqlInterviewerDirectory directory, InterviewerId id) => directory.RemoveAsync(id);

    [Fact]
    public async Task A_new_instance_loads_every_field_from_the_table_and_each_write_is_a_new_version_and_change()
    {
        var run = Unique("run");
        var full = FullProfile(run + "-full", "Reload" + run);
        await using (var writer = Track(await CreateDirectoryAsync()))
        {
            await writer.AddOrUpdateAsync(full with { Name = "First" });
            await writer.AddOrUpdateAsync(full);
            await writer.AddOrUpdateAsync(Profile(run + "-gone", ["Reload" + run]));
            Assert.True(await writer.RemoveAsync(new InterviewerId(run + "-gone")));
        }

        await using var reader = await CreateDirectoryAsync();

        AssertSameProfile(full, (await reader.GetAsync(full.Id))!);
        Assert.Null(await reader.GetAsync(new InterviewerId(run + "-gone")));
        Assert.Equal(await database.ScalarAsync<long>($"SELECT last_change FROM {database.Table("interviewer_directory")}"), reader.LastChange);
        Assert.Equal(2L, await database.ScalarAsync<long>($"SELECT version FROM {database.Table("interviewers")} WHERE id = $1", full.Id.Value));
        // The removal is a tombstone without the interviewer's personal fields, at a later change than the write before it.
        Assert.Equal(
            "2|true|||0",
            await database.ScalarAsync<string>(
                $"SELECT version || '|' || removed || '|' || name || '|' || email || '|' || cardinality(skill_categories) FROM {database.Table("interviewers")} WHERE id = $1",
                run + "-gone"));
        Assert.True(
            await database.ScalarAsync<bool>(
                $"SELECT (SELECT change FROM {database.Table("interviewers")} WHERE id = $1) > (SELECT change FROM {database.Table("interviewers")} WHERE id = $2)",
                run + "-gone",
                full.Id.Value));
    }

    [Fact]
    public async Task What_the_table_cannot_hold_is_refused_by_name_before_anything_is_written()
    {
        await using var directory = await CreateDirectoryAsync();
        var run = Unique("run");
        var before = await database.ScalarAsync<long>($"SELECT last_change FROM {database.Table("interviewer_directory")}");

        var zone = await Assert.ThrowsAsync<ArgumentException>(() => directory.AddOrUpdateAsync(
            Profile(run + "-zone", []) with { TimeZone = new UnknownZone() }));
        var horizon = await Assert.ThrowsAsync<ArgumentException>(() => directory.AddOrUpdateAsync(Profile(run + "-far", []) with { BookingHorizon = Duration.FromDays(365 * 300) }));
        var nul = await Assert.ThrowsAsync<ArgumentException>(() => directory.AddOrUpdateAsync(Profile(run + "-nul", ["Back\0end"])));

        Assert.Contains("TimeZone \"Test/Unknown\"", zone.Message, StringComparison.Ordinal);
        Assert.Contains("BookingHorizon", horizon.Message, StringComparison.Ordinal);
        Assert.Contains("SkillCategories", nul.Message, StringComparison.Ordinal);
        Assert.Equal(before, await database.ScalarAsync<long>($"SELECT last_change FROM {database.Table("interviewer_directory")}"));
    }

    [Fact]
    public async Task A_row_this_library_cannot_read_reads_as_missing_and_is_logged_while_the_others_load()
    {
        var run = Unique("run");
        await using (var writer = await CreateDirectoryAsync())
        {
            await writer.AddOrUpdateRangeAsync([Profile(run + "-ok", ["Unreadable" + run]), Profile(run + "-bad", ["Unreadable" + run])]);
        }

        // Written by something else: a zone the provider does not know.
        await database.ExecuteAsync($"UPDATE {database.Table("interviewers")} SET time_zone = 'Mars/Olympus_Mons' WHERE id = $1", run + "-bad");
        var log = new RecordingLogger<PostgreSqlInterviewerDirectory>();
        await using var reader = new PostgreSqlInterviewerDirectory(database.DataSource, database.Options, null, log);
        await reader.StartAsync();

        Assert.NotNull(await reader.GetAsync(new InterviewerId(run + "-ok")));
        Assert.Null(await reader.GetAsync(new InterviewerId(run + "-bad")));
        var entry = Assert.Single(log.Entries, e => e.Id.Id == 6012);
        Assert.Contains($"{run}-bad", entry.Message, StringComparison.Ordinal);
        Assert.Contains("Mars/Olympus_Mons", entry.Message, StringComparison.Ordinal);
    }

    /// <summary>A zone no provider knows, as a host's own zone implementation would be.</summary>
    private sealed class UnknownZone() : DateTimeZone("Test/Unknown", false, Offset.Zero, Offset.Zero)
    {
        public override NodaTime.TimeZones.ZoneInterval GetZoneInterval(Instant instant) => new("Unknown", null, null, Offset.Zero, Offset.Zero);
    }
}

/// <summary>
/// Several instances on one schema, each with its own index: an edit on one is matched on the others within a bound, through NOTIFY alone
/// (the safety poll is set far beyond the bound), and a listener cut off by <c>pg_terminate_backend</c> catches up after reconnecting.
/// </summary>
public sealed class InterviewerDirectoryAcrossInstancesTests(PostgresSchemaFixture database, ITestOutputHelper output) : IClassFixture<PostgresSchemaFixture>
{
    // Far beyond every wait below: a change that arrives in time came by notification or by the resync after a reconnect.
    private static readonly Duration NoPoll = Duration.FromMinutes(30);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private static readonly Instant Now = Instant.FromUtc(2025, 6, 9, 8, 0); // a Monday

    [Fact]
    public async Task An_edit_on_one_host_is_matched_on_the_other_within_the_bound_and_a_batch_arrives_whole()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        await using var hostA = BuildHost();
        await using var hostB = BuildHost();
        await StartAsync(hostA, hostB);
        var directoryA = hostA.GetRequiredService<PostgreSqlInterviewerDirectory>();
        var directoryB = hostB.GetRequiredService<PostgreSqlInterviewerDirectory>();
        var matcherB = hostB.GetRequiredService<IInterviewerMatcher>();
        var request = Request(run);
        Assert.Same(directoryB, hostB.GetRequiredService<IInterviewerDirectory>());
        Assert.Empty((await matcherB.MatchAsync(request, 5)).Matches);

        // Added on A: matched on B.
        await directoryA.AddOrUpdateAsync(Interviewer(run, 0));
        var added = await WithinBoundAsync(async () => (await matcherB.MatchAsync(request, 5)).Matches.Count == 1);

        // Deactivated on A: no longer matched on B. Reactivated with other hours on B: A sees the new hours.
        await directoryA.AddOrUpdateAsync(Interviewer(run, 0) with { IsActive = false });
        var deactivated = await WithinBoundAsync(async () => (await matcherB.MatchAsync(request, 5)).Matches.Count == 0);
        var evenings = Interviewer(run, 0) with { WeeklyAvailability = [new WeeklyWindow(IsoDayOfWeek.Tuesday, new LocalTime(18, 0), new LocalTime(20, 0))] };
        await directoryB.AddOrUpdateAsync(evenings);
        var backOnA = await WithinBoundAsync(() => Task.FromResult(directoryA.Index.Get(evenings.Id)?.WeeklyAvailability.SequenceEqual(evenings.WeeklyAvailability) == true));
        Assert.Empty((await matcherB.MatchAsync(request, 5)).Matches); // 10:00 is outside the new hours

        // 200 added on A in one batch: B's readers see none of them or all of them, never part.
        var batch = Enumerable.Range(1, 200).Select(i => Interviewer(run, i)).ToList();
        var seen = new List<int>();
        var writing = directoryA.AddOrUpdateRangeAsync(batch);
        var whole = await WithinBoundAsync(async () =>
        {
            var count = (await directoryB.FindAsync("Dir" + run)).Count(p => p.Id != evenings.Id);
            seen.Add(count);
            return count == 200;
        });
        await writing;
        Assert.All(seen, count => Assert.True(count is 0 or 200, $"B saw {count} of the 200"));

        // Removed on A: gone on B.
        Assert.True(await directoryA.RemoveAsync(batch[0].Id));
        var removed = await WithinBoundAsync(() => Task.FromResult(directoryB.Index.Get(batch[0].Id) is null));
        Assert.Equal(directoryA.LastChange, directoryB.LastChange);
        output.WriteLine($"Seen on the other host after: add {added} ms, deactivate {deactivated} ms, edit on B {backOnA} ms, batch of 200 {whole} ms, remove {removed} ms.");
    }

    [Fact]
    public async Task A_listener_whose_connection_is_terminated_misses_the_notifications_and_resyncs_after_reconnecting()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var logB = new RecordingLogger<PostgreSqlInterviewerDirectory>();
        await using var directoryA = new PostgreSqlInterviewerDirectory(database.DataSource, database.Options, new() { PollInterval = NoPoll });
        // B waits 3 s before reconnecting, so A's edits below all land while B listens to nobody.
        await using var directoryB = new PostgreSqlInterviewerDirectory(
            database.DataSource,
            database.Options,
            new() { PollInterval = NoPoll, ReconnectDelay = Duration.FromSeconds(3), MaxReconnectDelay = Duration.FromSeconds(3) },
            logB);
        await directoryA.StartAsync();
        await directoryB.StartAsync();
        var kept = Interviewer(run, 0);
        var gone = Interviewer(run, 1);
        await directoryA.AddOrUpdateRangeAsync([kept, gone]);
        await WithinBoundAsync(() => Task.FromResult(directoryB.Index.Get(gone.Id) is not null && directoryB.ListenerProcessId != 0));
        var killed = directoryB.ListenerProcessId;

        Assert.True(await database.ScalarAsync<bool>("SELECT pg_terminate_backend($1)", killed));
        await WithinBoundAsync(async () => directoryB.ListenerProcessId == 0
            && await database.ScalarAsync<long>("SELECT count(*) FROM pg_stat_activity WHERE pid = $1", killed) == 0);
        var renamed = kept with { Name = "Renamed while B was away", SkillCategories = ["Moved" + run] };
        var added = Interviewer(run, 2);
        await directoryA.AddOrUpdateAsync(renamed);
        await directoryA.AddOrUpdateAsync(added);
        Assert.True(await directoryA.RemoveAsync(gone.Id));
        var missedAt = Stopwatch.StartNew();
        Assert.Equal(gone.Id, directoryB.Index.Get(gone.Id)?.Id); // B still holds what it had, whole

        var caughtUp = await WithinBoundAsync(async () =>
            (await directoryB.GetAsync(kept.Id))?.Name == renamed.Name
            && directoryB.Index.Get(added.Id) is not null
            && directoryB.Index.Get(gone.Id) is null);

        Assert.NotEqual(0, directoryB.ListenerProcessId);
        Assert.NotEqual(killed, directoryB.ListenerProcessId);
        Assert.Equal([kept.Id], (await directoryB.FindAsync("Moved" + run)).Select(p => p.Id));
        Assert.DoesNotContain(kept.Id, (await directoryB.FindAsync("Dir" + run)).Select(p => p.Id));
        Assert.Equal(directoryA.LastChange, directoryB.LastChange);
        Assert.Contains(logB.Entries, e => e.Id.Id == 6011);
        var resync = logB.Entries.Last(e => e.Id.Id == 6010).Message;
        Assert.Contains("(3 row(s) applied); after a lost connection: True", resync, StringComparison.Ordinal);
        output.WriteLine($"B caught up {missedAt.ElapsedMilliseconds} ms after A's last edit ({caughtUp} ms of polling): {resync}");
    }

    [Fact]
    public async Task A_change_whose_notification_never_arrives_is_read_at_the_next_poll()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        await using var writer = new PostgreSqlInterviewerDirectory(database.DataSource, database.Options, new() { PollInterval = NoPoll });
        await using var polling = new PostgreSqlInterviewerDirectory(database.DataSource, database.Options, new() { PollInterval = Duration.FromSeconds(1) });
        await writer.AddOrUpdateAsync(Interviewer(run, 0));
        await polling.StartAsync();
        await WithinBoundAsync(() => Task.FromResult(polling.ListenerProcessId != 0));

        // A write as another tool might make it: the next change number and a row, but no pg_notify.
        await database.ExecuteAsync(
            $"""
            WITH next AS (UPDATE {database.Table("interviewer_directory")} SET last_change = last_change + 1 RETURNING last_change)
            UPDATE {database.Table("interviewers")} SET name = 'Renamed quietly', version = version + 1, change = (SELECT last_change FROM next) WHERE id = $1
            """,
            Interviewer(run, 0).Id.Value);

        var took = await WithinBoundAsync(async () => (await polling.GetAsync(Interviewer(run, 0).Id))?.Name == "Renamed quietly");
        Assert.Equal(Interviewer(run, 0).Name, (await writer.GetAsync(Interviewer(run, 0).Id))!.Name); // no notification: the writer never polls
        output.WriteLine($"Read at the poll after {took} ms (PollInterval 1 s).");
    }

    [Fact]
    public async Task Concurrent_edits_of_the_same_profiles_on_two_instances_leave_both_indexes_as_the_table()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        await using var a = new PostgreSqlInterviewerDirectory(database.DataSource, database.Options, new() { PollInterval = NoPoll });
        await using var b = new PostgreSqlInterviewerDirectory(database.DataSource, database.Options, new() { PollInterval = NoPoll });
        await a.StartAsync();
        await b.StartAsync();

        // 40 edits of 4 profiles, half on each instance, all at once; some remove, most rename.
        await Concurrently.RunAsync(40, async i =>
        {
            var directory = i % 2 == 0 ? a : b;
            var profile = Interviewer(run, i % 4) with { Name = $"Edit {i}" };
            if (i % 10 == 9)
            {
                return await directory.RemoveAsync(profile.Id);
            }

            await directory.AddOrUpdateAsync(profile);
            return true;
        });

        var last = await database.ScalarAsync<long>($"SELECT last_change FROM {database.Table("interviewer_directory")}");
        await WithinBoundAsync(() => Task.FromResult(a.LastChange == last && b.LastChange == last));
        await using var table = new PostgreSqlInterviewerDirectory(database.DataSource, database.Options, new() { PollInterval = NoPoll });
        await table.StartAsync();
        foreach (var id in Enumerable.Range(0, 4).Select(i => Interviewer(run, i).Id))
        {
            var stored = table.Index.Get(id);
            Assert.Equal(stored?.Name, a.Index.Get(id)?.Name);
            Assert.Equal(stored?.Name, b.Index.Get(id)?.Name);
        }
    }

    [Fact]
    public async Task Reading_the_index_of_a_directory_nobody_started_loads_it_in_the_background()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        await using var writer = new PostgreSqlInterviewerDirectory(database.DataSource, database.Options, new() { PollInterval = NoPoll });
        await writer.AddOrUpdateAsync(Interviewer(run, 0));
        await using var lazy = new PostgreSqlInterviewerDirectory(database.DataSource, database.Options, new() { PollInterval = NoPoll });

        var index = lazy.Index;

        await WithinBoundAsync(() => Task.FromResult(index.Get(Interviewer(run, 0).Id) is not null && lazy.ListenerProcessId != 0));
        await writer.AddOrUpdateAsync(Interviewer(run, 1));
        await WithinBoundAsync(() => Task.FromResult(index.Get(Interviewer(run, 1).Id) is not null));
    }

    private ServiceProvider BuildHost() => TestHost.Build(
        b => b.AddPostgreSqlStores(MultiInstanceRaceTests.Connection(), o => o.Schema = database.Schema)
            .AddPostgreSqlInterviewerDirectory(o => o.PollInterval = NoPoll)
            .AddInMemoryStores(),
        new NodaTime.Testing.FakeClock(Now),
        o => o.MinimumMatchScore = 0);

    // As a host starts: the directory's hosted service loads it and starts its listener.
    private static async Task StartAsync(params ServiceProvider[] hosts)
    {
        foreach (var host in hosts)
        {
            var startup = Assert.Single(host.GetServices<IHostedService>().OfType<PostgreSqlInterviewerDirectoryStartup>());
            await startup.StartAsync(CancellationToken.None);
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds, failing after <see cref="Bound"/>; returns the milliseconds it took.</summary>
    private static async Task<long> WithinBoundAsync(Func<Task<bool>> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < Bound, $"Not true within {Bound.TotalSeconds} s.");
            await Task.Delay(10);
        }

        return clock.ElapsedMilliseconds;
    }

    private static InterviewerProfile Interviewer(string run, int i) => new()
    {
        Id = new InterviewerId($"dir-{run}-{i:D3}"),
        Name = $"Interviewer {i}",
        Email = $"interviewer{i}@example.com",
        ExperienceYears = 5,
        SkillCategories = ["Dir" + run],
        TimeZone = DateTimeZone.Utc,
        WeeklyAvailability = [new WeeklyWindow(IsoDayOfWeek.Tuesday, new LocalTime(9, 0), new LocalTime(17, 0))],
    };

    private static InterviewRequest Request(string run) => new()
    {
        CandidateId = new CandidateId($"candidate-{run}"),
        CandidateName = "Candidate",
        CandidateEmail = "candidate@example.org",
        ExperienceYears = 3,
        SkillCategories = ["Dir" + run],
        RequestedSlot = new Interval(Instant.FromUtc(2025, 6, 10, 10, 0), Instant.FromUtc(2025, 6, 10, 10, 30)),
        CandidateTimeZone = DateTimeZone.Utc,
        PlanId = TestHost.PlanId,
    };
}
