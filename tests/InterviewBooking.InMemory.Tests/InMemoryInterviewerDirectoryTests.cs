namespace InterviewBooking.InMemory.Tests;

public sealed class InMemoryInterviewerDirectoryTests
{
    private readonly InMemoryInterviewerDirectory _directory = new();

    [Fact]
    public async Task Find_by_category_uses_whole_normalized_tokens()
    {
        _directory.AddOrUpdate(Profile("java", ["Backend", "System  Design"]));
        _directory.AddOrUpdate(Profile("js", ["Frontend", "JavaScript"]));
        _directory.AddOrUpdate(Profile("full", ["frontend", "BACKEND"]));

        Assert.Equal(["full", "java"], Ids(await _directory.FindAsync("  backend ")));
        Assert.Equal(["java"], Ids(await _directory.FindAsync("system design")));
        Assert.Equal(["full", "js"], Ids(await _directory.FindAsync("Frontend")));
        Assert.Empty(await _directory.FindAsync("Java"));
        Assert.Empty(await _directory.FindAsync("back"));
        Assert.Empty(await _directory.FindAsync("   "));
    }

    [Fact]
    public async Task Find_null_returns_every_active_interviewer_in_id_order()
    {
        _directory.AddOrUpdate(Profile("c", ["Backend"]));
        _directory.AddOrUpdate(Profile("a", []));
        _directory.AddOrUpdate(Profile("b", ["Data"]) with { IsActive = false });

        Assert.Equal(["a", "c"], Ids(await _directory.FindAsync(null)));
        Assert.Equal(3, _directory.Count);
        Assert.Equal(2, _directory.ActiveCount);
    }

    [Fact]
    public async Task Inactive_interviewers_are_never_found_but_can_be_read_by_id()
    {
        _directory.AddOrUpdate(Profile("a", ["Backend"]) with { IsActive = false });

        Assert.Empty(await _directory.FindAsync("Backend"));
        Assert.Empty(await _directory.FindAsync(null));
        var read = await _directory.GetAsync(new InterviewerId("a"));
        Assert.NotNull(read);
        Assert.False(read.IsActive);
    }

    [Fact]
    public async Task Update_reindexes_and_deactivation_removes_from_the_index()
    {
        _directory.AddOrUpdate(Profile("a", ["Backend"]));
        _directory.AddOrUpdate(Profile("a", ["Frontend"]) with { Name = "Renamed" });

        Assert.Empty(await _directory.FindAsync("Backend"));
        Assert.Equal("Renamed", Assert.Single(await _directory.FindAsync("Frontend")).Name);
        Assert.Equal(1, _directory.Count);

        _directory.AddOrUpdate(Profile("a", ["Frontend"]) with { IsActive = false });
        Assert.Empty(await _directory.FindAsync("Frontend"));

        _directory.AddOrUpdate(Profile("a", ["Frontend"]));
        Assert.Single(await _directory.FindAsync("Frontend"));
    }

    [Fact]
    public async Task Remove_takes_the_interviewer_out_of_every_index()
    {
        _directory.AddOrUpdate(Profile("a", ["Backend", "Data"]));
        _directory.AddOrUpdate(Profile("b", ["Backend"]));

        Assert.True(_directory.Remove(new InterviewerId("a")));
        Assert.False(_directory.Remove(new InterviewerId("a")));
        Assert.False(_directory.Remove(default));

        Assert.Null(await _directory.GetAsync(new InterviewerId("a")));
        Assert.Equal(["b"], Ids(await _directory.FindAsync("backend")));
        Assert.Empty(await _directory.FindAsync("data"));
        Assert.Equal(1, _directory.Count);
    }

    [Fact]
    public async Task Returned_lists_do_not_change_after_later_writes()
    {
        _directory.AddOrUpdate(Profile("a", ["Backend"]));
        var before = await _directory.FindAsync("Backend");

        _directory.AddOrUpdate(Profile("b", ["Backend"]));

        Assert.Single(before);
        Assert.Equal(2, (await _directory.FindAsync("Backend")).Count);
    }

    [Fact]
    public void Invalid_profiles_are_refused_and_a_bad_batch_changes_nothing()
    {
        Assert.Throws<ArgumentNullException>(() => _directory.AddOrUpdate(null!));
        Assert.Throws<ArgumentException>(() => _directory.AddOrUpdateRange([Profile("ok", []), Profile("x", []) with { Id = default }]));
        Assert.Equal(0, _directory.Count);
    }

    [Fact]
    public async Task Unknown_or_empty_id_reads_null()
    {
        Assert.Null(await _directory.GetAsync(new InterviewerId("nobody")));
        Assert.Null(await _directory.GetAsync(default));
    }

    [Fact]
    public async Task Readers_never_see_a_half_applied_batch_while_writers_update()
    {
        const int Size = 50;
        const int Generations = 200;
        var writerDone = 0;

        // Even generations cover Backend, odd ones Frontend: a reader must see all 50 profiles of one generation, or none.
        var writer = Task.Run(() =>
        {
            for (var generation = 0; generation < Generations; generation++)
            {
                var category = generation % 2 == 0 ? "Backend" : "Frontend";
                _directory.AddOrUpdateRange(Enumerable.Range(0, Size).Select(i => Profile($"iv{i:D3}", [category]) with { Name = $"gen{generation}" }));
            }

            Volatile.Write(ref writerDone, 1);
        });
        var singleWriter = Task.Run(() =>
        {
            for (var i = 0; Volatile.Read(ref writerDone) == 0 || i < 500; i++)
            {
                _directory.AddOrUpdate(Profile($"solo{i % 20:D2}", ["Solo"]) with { IsActive = i % 3 != 0 });
            }
        });

        async Task ReadUntilDone()
        {
            var reads = 0;
            while (Volatile.Read(ref writerDone) == 0 || reads < 200)
            {
                reads++;
                var backend = await _directory.FindAsync("backend");
                if (backend.Count > 0)
                {
                    Assert.Equal(Size, backend.Count);
                    Assert.Single(backend.Select(p => p.Name).Distinct());
                    Assert.All(backend, p => Assert.Equal("Backend", Assert.Single(p.SkillCategories)));
                }

                var everyone = await _directory.FindAsync(null);
                var generations = everyone.Where(p => p.Id.Value.StartsWith("iv", StringComparison.Ordinal)).Select(p => p.Name).Distinct().Count();
                Assert.True(generations <= 1, "One snapshot mixes two generations.");
                Assert.All(await _directory.FindAsync("solo"), p => Assert.True(p.IsActive));
                Assert.Equal(everyone.OrderBy(p => p.Id.Value, StringComparer.Ordinal).Select(p => p.Id), everyone.Select(p => p.Id));
            }
        }

        await Task.WhenAll(writer, singleWriter, Task.Run(ReadUntilDone), Task.Run(ReadUntilDone));

        Assert.Equal(Size + 20, _directory.Count);
        Assert.Equal($"gen{Generations - 1}", (await _directory.GetAsync(new InterviewerId("iv000")))!.Name);
        Assert.Equal(Size, (await _directory.FindAsync("frontend")).Count);
    }

    [Fact]
    public async Task A_large_directory_finds_one_category_without_returning_the_rest()
    {
        _directory.AddOrUpdateRange(Enumerable.Range(0, 20_000).Select(i => Profile($"iv{i:D5}", [i % 100 == 0 ? "Rust" : "Backend"])));

        var rust = await _directory.FindAsync("rust");

        Assert.Equal(200, rust.Count);
        Assert.All(rust, p => Assert.Equal("Rust", Assert.Single(p.SkillCategories)));
    }

    private static InterviewerProfile Profile(string id, string[] categories) => new()
    {
        Id = new InterviewerId(id),
        Name = "Interviewer " + id,
        Email = id + "@example.com",
        TimeZone = DateTimeZone.Utc,
        SkillCategories = categories,
    };

    private static string[] Ids(IReadOnlyList<InterviewerProfile> profiles) => [.. profiles.Select(p => p.Id.Value)];
}
