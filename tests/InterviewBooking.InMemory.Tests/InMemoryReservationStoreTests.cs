using NodaTime.Testing;

namespace InterviewBooking.InMemory.Tests;

public sealed class InMemoryReservationStoreTests
{
    private static readonly Instant Start = Instant.FromUtc(2025, 6, 9, 8, 0);
    private readonly FakeClock _clock = new(Start);
    private readonly InMemoryReservationStore _store;

    public InMemoryReservationStoreTests() => _store = new InMemoryReservationStore(_clock);

    private Instant Now => _clock.GetCurrentInstant();

    [Fact]
    public void Constructor_requires_a_clock() =>
        Assert.Throws<ArgumentNullException>(() => new InMemoryReservationStore(null!));

    [Theory]
    [InlineData("length", "positive length")]
    [InlineData("open end", "start and an end")]
    [InlineData("blank owner", "Owner")]
    [InlineData("past", "HeldUntil")]
    [InlineData("no interviewer", "InterviewerId")]
    public async Task Invalid_hold_messages_name_the_value(string problem, string expectedInMessage)
    {
        var slot = Slot(9, 0, 60);
        var request = problem switch
        {
            "length" => new HoldRequest(Iv("a"), new Interval(slot.Start, slot.Start), "o", Now + Duration.FromMinutes(5)),
            "open end" => new HoldRequest(Iv("a"), new Interval(slot.Start, null), "o", Now + Duration.FromMinutes(5)),
            "blank owner" => new HoldRequest(Iv("a"), slot, " ", Now + Duration.FromMinutes(5)),
            "past" => new HoldRequest(Iv("a"), slot, "o", Now - Duration.FromSeconds(1)),
            _ => new HoldRequest(default, slot, "o", Now + Duration.FromMinutes(5)),
        };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => _store.TryHoldAsync(request));

        Assert.Contains(expectedInMessage, error.Message, StringComparison.Ordinal);
        Assert.Equal("request", error.ParamName);
    }

    [Fact]
    public async Task Blank_owner_or_empty_id_on_update_is_misuse()
    {
        var held = (await _store.TryHoldAsync(new HoldRequest(Iv("a"), Slot(9, 0, 60), "o", Now + Duration.FromMinutes(5)))).Reservation!;

        await Assert.ThrowsAnyAsync<ArgumentException>(() => _store.TryConfirmAsync(held.Id, " "));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => _store.TryReleaseAsync(default, "o"));
        Assert.Null(await _store.GetAsync(default));
    }

    [Fact]
    public async Task Canceled_token_is_honored_before_anything_is_written()
    {
        using var canceled = new CancellationTokenSource();
        await canceled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => _store.TryHoldAsync(new HoldRequest(Iv("a"), Slot(9, 0, 60), "o", Now + Duration.FromMinutes(5)), canceled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _store.GetActiveAsync([Iv("a")], Slot(0, 0, 1440), canceled.Token));
        Assert.Equal(0, _store.Count);
    }

    [Fact]
    public async Task Holds_made_out_of_order_are_found_by_neighbours()
    {
        var a = Iv("a");
        foreach (var (hour, minute) in new[] { (13, 0), (9, 0), (11, 0), (7, 0), (15, 0), (10, 0) })
        {
            Assert.True((await Hold(a, Slot(hour, minute, 60))).Succeeded);
        }

        // Each of these overlaps exactly one existing entry, wherever it sits in the book.
        Assert.False((await Hold(a, Slot(7, 30, 30))).Succeeded);
        Assert.False((await Hold(a, Slot(10, 59, 2))).Succeeded);
        Assert.False((await Hold(a, Slot(15, 59, 60))).Succeeded);
        Assert.True((await Hold(a, Slot(12, 0, 60))).Succeeded);
        Assert.True((await Hold(a, Slot(14, 0, 60))).Succeeded);
        Assert.True((await Hold(a, Slot(8, 0, 60))).Succeeded);

        var active = await _store.GetActiveAsync([a, a], Slot(0, 0, 24 * 60));
        Assert.Equal(Enumerable.Range(7, 9).Select(h => Slot(h, 0, 60)), active.Select(r => r.Slot));
    }

    [Fact]
    public async Task A_long_hold_marks_every_expired_hold_under_it_expired()
    {
        var a = Iv("a");
        var shortHolds = new List<Reservation>();
        for (var hour = 9; hour < 13; hour++)
        {
            shortHolds.Add((await Hold(a, Slot(hour, 0, 30), Duration.FromMinutes(1))).Reservation!);
        }

        _clock.Advance(Duration.FromMinutes(1));
        var wide = await Hold(a, Slot(8, 0, 6 * 60));

        Assert.True(wide.Succeeded);
        foreach (var old in shortHolds)
        {
            Assert.Equal(ReservationStatus.Expired, (await _store.GetAsync(old.Id))!.Status);
        }
    }

    [Fact]
    public async Task Get_active_accepts_an_open_window_and_ignores_empty_ids()
    {
        var a = Iv("a");
        await Hold(a, Slot(9, 0, 60));
        await Hold(a, Slot(20, 0, 60));

        var all = await _store.GetActiveAsync([a, default], new Interval(null, null));
        var fromNoon = await _store.GetActiveAsync([a], new Interval(Slot(12, 0, 1).Start, null));
        var instant = await _store.GetActiveAsync([a], new Interval(Slot(9, 30, 0).Start, Slot(9, 30, 0).Start));

        Assert.Equal(2, all.Count);
        Assert.Equal(Slot(20, 0, 60), Assert.Single(fromNoon).Slot);
        Assert.Equal(Slot(9, 0, 60), Assert.Single(instant).Slot);
    }

    /// <summary>
    /// Random operations (seeded, so repeatable) checked against a brute-force model that scans every reservation: the sorted book
    /// must refuse exactly the holds the model refuses, and list exactly the reservations the model says are active.
    /// </summary>
    [Fact]
    public async Task Book_agrees_with_a_brute_force_model()
    {
        var random = new Random(20250609);
        var interviewers = new[] { Iv("a"), Iv("b"), Iv("c") };
        var owners = Enumerable.Range(0, 6).Select(i => $"owner{i}").ToArray();
        var model = new List<Reservation>();

        for (var step = 0; step < 3000; step++)
        {
            var roll = random.Next(100);
            if (roll < 55)
            {
                var interviewer = interviewers[random.Next(interviewers.Length)];
                var slot = Slot(8, 15 * random.Next(40), 15 * random.Next(1, 7));
                var owner = owners[random.Next(owners.Length)];
                var result = await _store.TryHoldAsync(new HoldRequest(interviewer, slot, owner, Now + Duration.FromMinutes(random.Next(1, 30))));

                var blocking = model.Where(r => r.InterviewerId == interviewer && r.IsActiveAt(Now) && Reservation.Overlaps(r.Slot, slot)).ToList();
                var same = blocking.SingleOrDefault(r => r.Status == ReservationStatus.Held && r.Owner == owner && r.Slot == slot);
                if (same is not null)
                {
                    Assert.Equal(same.Id, result.Reservation?.Id);
                }
                else if (blocking.Count > 0)
                {
                    Assert.False(result.Succeeded, $"step {step}: {slot} overlaps {blocking[0].Slot}");
                    Assert.Contains(blocking, r => r.Id == result.ConflictingReservationId);
                }
                else
                {
                    Assert.True(result.Succeeded, $"step {step}: {slot} is free");
                    model.Add(result.Reservation!);
                }
            }
            else if (roll < 75 && model.Count > 0)
            {
                var target = model[random.Next(model.Count)];
                var owner = random.Next(5) == 0 ? "intruder" : target.Owner;
                var result = await _store.TryConfirmAsync(target.Id, owner);
                var expected = owner != target.Owner ? ReservationUpdateOutcome.NotOwner
                    : target.Status == ReservationStatus.Confirmed || target.IsActiveAt(Now) ? ReservationUpdateOutcome.Updated
                    : target.Status == ReservationStatus.Released ? ReservationUpdateOutcome.InvalidStatus
                    : ReservationUpdateOutcome.Expired;
                Assert.Equal(expected, result.Outcome);
                model[model.IndexOf(target)] = result.Reservation!;
            }
            else if (roll < 90 && model.Count > 0)
            {
                var target = model[random.Next(model.Count)];
                var result = await _store.TryReleaseAsync(target.Id, target.Owner);
                Assert.Equal(target.Status == ReservationStatus.Confirmed ? ReservationUpdateOutcome.InvalidStatus : ReservationUpdateOutcome.Updated, result.Outcome);
                model[model.IndexOf(target)] = result.Reservation!;
            }
            else
            {
                _clock.Advance(Duration.FromMinutes(random.Next(1, 10)));
            }

            if (step % 50 == 0)
            {
                var window = Slot(8, 15 * random.Next(40), 15 * random.Next(1, 20));
                var expected = model
                    .Where(r => r.IsActiveAt(Now) && Reservation.Overlaps(r.Slot, window))
                    .OrderBy(r => r.InterviewerId.Value, StringComparer.Ordinal).ThenBy(r => r.Slot.Start)
                    .Select(r => r.Id);
                Assert.Equal(expected, (await _store.GetActiveAsync(interviewers, window)).Select(r => r.Id));
            }
        }
    }

    private Task<HoldResult> Hold(InterviewerId interviewer, Interval slot, Duration? holdFor = null) =>
        _store.TryHoldAsync(new HoldRequest(interviewer, slot, Guid.NewGuid().ToString("N"), Now + (holdFor ?? Duration.FromMinutes(15))));

    private static InterviewerId Iv(string name) => new(name);

    private static Interval Slot(int hour, int minute, int minutes)
    {
        var start = Instant.FromUtc(2025, 6, 10, 0, 0) + Duration.FromHours(hour) + Duration.FromMinutes(minute);
        return new Interval(start, start + Duration.FromMinutes(minutes));
    }
}
