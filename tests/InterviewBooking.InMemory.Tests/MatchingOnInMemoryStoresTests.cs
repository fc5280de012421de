using Microsoft.Extensions.Options;
using NodaTime.Testing;

namespace InterviewBooking.InMemory.Tests;

/// <summary>The default matcher on the in-memory directory and reservation store: busy time from real holds and bookings, and how little it reads.</summary>
public sealed class MatchingOnInMemoryStoresTests
{
    /// <summary>Saturday 10 January 2026, noon UTC.</summary>
    private static readonly Instant Now = Instant.FromUtc(2026, 1, 10, 12, 0);

    /// <summary>Monday 12 January 2026, 14:00-15:00 UTC.</summary>
    private static readonly Interval Slot = new(Instant.FromUtc(2026, 1, 12, 14, 0), Instant.FromUtc(2026, 1, 12, 15, 0));

    private readonly FakeClock _clock = new(Now);
    private readonly InMemoryInterviewerDirectory _directory = new();
    private readonly InMemoryReservationStore _store;
    private readonly CountingStore _counting;
    private readonly InterviewBookingOptions _options = new() { MaxAlternatives = 0 };

    public MatchingOnInMemoryStoresTests()
    {
        _store = new InMemoryReservationStore(_clock);
        _counting = new CountingStore(_store);
    }

    private ScoringInterviewerMatcher Matcher => new(_directory, _counting, new FixedOptions(_options), _clock);

    private static InterviewerProfile Interviewer(string id, string category = "Backend", int years = 10) => new()
    {
        Id = new InterviewerId(id),
        Name = id,
        Email = id + "@example.com",
        ExperienceYears = years,
        SkillCategories = [category],
        TimeZone = DateTimeZone.Utc,
        WeeklyAvailability = [new WeeklyWindow(IsoDayOfWeek.Monday, new LocalTime(9, 0), new LocalTime(17, 0))],
    };

    private static InterviewRequest Request() => new()
    {
        CandidateId = new CandidateId("c"),
        CandidateName = "Casey",
        CandidateEmail = "casey@example.org",
        ExperienceYears = 5,
        SkillCategories = ["Backend"],
        RequestedSlot = Slot,
        CandidateTimeZone = DateTimeZone.Utc,
        PlanId = "mock-60",
    };

    private async Task<List<string>> MatchedAsync() => [.. (await Matcher.MatchAsync(Request(), 10)).Matches.Select(m => m.Interviewer.Id.Value)];

    private Task<HoldResult> HoldAsync(string interviewer, Instant start, int minutes, Duration heldFor) =>
        _store.TryHoldAsync(new HoldRequest(new InterviewerId(interviewer), new Interval(start, start + Duration.FromMinutes(minutes)), "owner-" + interviewer, Now + heldFor));

    [Fact]
    public async Task Holds_and_confirmed_interviews_block_with_buffers_until_released_or_run_out()
    {
        _directory.AddOrUpdateRange(
        [
            Interviewer("held"),
            Interviewer("confirmed"),
            Interviewer("released"),
            Interviewer("buffered") with { BufferBefore = Duration.FromMinutes(10) },
            Interviewer("touching"),
            Interviewer("free"),
        ]);
        var held = await HoldAsync("held", Slot.Start + Duration.FromMinutes(30), 60, Duration.FromMinutes(30));
        var confirmed = await HoldAsync("confirmed", Slot.Start - Duration.FromMinutes(30), 60, Duration.FromMinutes(30));
        await _store.TryConfirmAsync(confirmed.Reservation!.Id, confirmed.Reservation.Owner);
        var released = await HoldAsync("released", Slot.Start, 60, Duration.FromMinutes(30));
        await _store.TryReleaseAsync(released.Reservation!.Id, released.Reservation.Owner);
        await HoldAsync("buffered", Slot.End + Duration.FromMinutes(5), 30, Duration.FromDays(1));
        await HoldAsync("touching", Slot.End, 30, Duration.FromDays(1));

        Assert.Equal(["free", "released", "touching"], (await MatchedAsync()).Order(StringComparer.Ordinal));

        _clock.Advance(Duration.FromMinutes(30)); // the hold runs out; the confirmed interview stays
        Assert.Equal(["free", "held", "released", "touching"], (await MatchedAsync()).Order(StringComparer.Ordinal));
        Assert.NotNull(held.Reservation);
    }

    [Fact]
    public async Task A_match_among_thousands_reads_reservations_for_a_few_only()
    {
        // 2,000 interviewers over 20 categories, each with a booking; only 100 are Backend, and of those only the best levels are read.
        _directory.AddOrUpdateRange(Enumerable.Range(0, 2000).Select(i => Interviewer($"iv{i:D4}", category: i % 20 == 0 ? "Backend" : $"Category {i % 20}", years: i % 25)));
        for (var i = 0; i < 2000; i++)
        {
            await HoldAsync($"iv{i:D4}", Slot.Start - Duration.FromHours(3), 60, Duration.FromDays(3));
        }

        var matches = await MatchedAsync();

        // Batches of at least 16 (MatchRun.BatchTarget): the best 10 take one or two reads, never the 100 Backend interviewers whole.
        Assert.Equal(10, matches.Count);
        Assert.InRange(_counting.Calls, 1, 2);
        Assert.InRange(_counting.IdsAsked, 10, 60);
    }

    private sealed class FixedOptions(InterviewBookingOptions value) : IOptionsMonitor<InterviewBookingOptions>
    {
        public InterviewBookingOptions CurrentValue => value;

        public InterviewBookingOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<InterviewBookingOptions, string?> listener) => null;
    }

    private sealed class CountingStore(IReservationStore inner) : IReservationStore
    {
        public int Calls { get; private set; }

        public int IdsAsked { get; private set; }

        public Task<HoldResult> TryHoldAsync(HoldRequest request, CancellationToken cancellationToken = default) => inner.TryHoldAsync(request, cancellationToken);

        public Task<Reservation?> GetAsync(ReservationId id, CancellationToken cancellationToken = default) => inner.GetAsync(id, cancellationToken);

        public Task<ReservationUpdateResult> TryConfirmAsync(ReservationId id, string owner, CancellationToken cancellationToken = default) => inner.TryConfirmAsync(id, owner, cancellationToken);

        public Task<ReservationUpdateResult> TryReleaseAsync(ReservationId id, string owner, CancellationToken cancellationToken = default) => inner.TryReleaseAsync(id, owner, cancellationToken);

        public Task<ReservationUpdateResult> TryCancelAsync(ReservationId id, string owner, CancellationToken cancellationToken = default) => inner.TryCancelAsync(id, owner, cancellationToken);

        public Task<IReadOnlyList<ReservationStatusChange>> GetHistoryAsync(ReservationId id, CancellationToken cancellationToken = default) => inner.GetHistoryAsync(id, cancellationToken);

        public Task<IReadOnlyList<Reservation>> GetActiveAsync(IReadOnlyCollection<InterviewerId> interviewerIds, Interval window, CancellationToken cancellationToken = default)
        {
            Calls++;
            IdsAsked += interviewerIds.Count;
            return inner.GetActiveAsync(interviewerIds, window, cancellationToken);
        }
    }
}
