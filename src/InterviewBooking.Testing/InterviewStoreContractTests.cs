using Xunit;

namespace InterviewBooking.Testing;

/// <summary>
/// The behaviour every <see cref="IInterviewStore"/> must have. An adapter's test project subclasses this and implements
/// <see cref="CreateStoreAsync"/>; the tests use fresh keys, so a store shared between tests works too.
/// </summary>
public abstract class InterviewStoreContractTests : StoreContractTestBase
{
    /// <summary>Creates the store under test.</summary>
    /// <param name="clock">The clock, should the store need one.</param>
    protected abstract Task<IInterviewStore> CreateStoreAsync(IClock clock);

    /// <summary>An added interview reads back by id and by key, field for field.</summary>
    [Fact]
    public async Task AddedInterviewRoundTrips()
    {
        var store = await NewStoreAsync();
        var interview = NewInterview() with { MeetingLink = new Uri("https://meet.example.com/room-1") };

        var stored = await store.AddOrGetAsync(interview);

        AssertSameInterview(interview, stored);
        AssertSameInterview(interview, (await store.GetAsync(interview.Id))!);
        AssertSameInterview(interview, (await store.FindByKeyAsync(interview.Request.IdempotencyKey))!);
        Assert.Null(await store.GetAsync(InterviewId.New()));
        Assert.Null(await store.FindByKeyAsync(Unique("key")));
    }

    /// <summary>A second interview under the same key is not stored; the first comes back.</summary>
    [Fact]
    public async Task OneInterviewPerKey()
    {
        var store = await NewStoreAsync();
        var first = NewInterview();
        await store.AddOrGetAsync(first);

        var second = await store.AddOrGetAsync(first with { Id = InterviewId.New() });

        Assert.Equal(first.Id, second.Id);
    }

    /// <summary>Of 32 concurrent adds under one key all get the same single interview.</summary>
    [Fact]
    public async Task ConcurrentAddsUnderOneKeyKeepOne()
    {
        var store = await NewStoreAsync();
        var template = NewInterview();

        var results = await Concurrently.RunAsync(32, _ => store.AddOrGetAsync(template with { Id = InterviewId.New() }));

        Assert.Single(results.Select(r => r.Id).Distinct());
        Assert.Equal(results[0].Id, (await store.FindByKeyAsync(template.Request.IdempotencyKey))!.Id);
    }

    /// <summary>An update applies at the expected sequence only, and returns the interview as it is.</summary>
    [Fact]
    public async Task UpdateIsCompareAndSetOnTheSequence()
    {
        var store = await NewStoreAsync();
        var interview = await store.AddOrGetAsync(NewInterview());
        var moved = interview with { Slot = new Interval(interview.Slot.Start + Duration.FromHours(1), interview.Slot.End + Duration.FromHours(1)), ReservationId = ReservationId.New(), Sequence = 1 };

        var (updated, current) = await store.TryUpdateAsync(moved, expectedSequence: 0);
        var (stale, unchanged) = await store.TryUpdateAsync(moved with { Status = InterviewStatus.Canceled, Sequence = 2 }, expectedSequence: 0);

        Assert.True(updated);
        AssertSameInterview(moved, current!);
        Assert.False(stale);
        AssertSameInterview(moved, unchanged!);
        AssertSameInterview(moved, (await store.GetAsync(interview.Id))!);
        var (missing, none) = await store.TryUpdateAsync(NewInterview(), 0);
        Assert.False(missing);
        Assert.Null(none);
    }

    /// <summary>Checks two interviews are equal field for field (records compare lists by reference).</summary>
    protected static void AssertSameInterview(ScheduledInterview expected, ScheduledInterview actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.ScheduledAt, actual.ScheduledAt);
        Assert.Equal(expected.Slot, actual.Slot);
        Assert.Equal(expected.ReservationId, actual.ReservationId);
        Assert.Equal(expected.MeetingLink, actual.MeetingLink);
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.Sequence, actual.Sequence);
        var e = expected.Request;
        var a = actual.Request;
        Assert.Equal(e.IdempotencyKey, a.IdempotencyKey);
        Assert.Equal(e.PaymentSessionId, a.PaymentSessionId);
        Assert.Equal(e.Interviewer, a.Interviewer);
        Assert.Equal(e.CandidateId, a.CandidateId);
        Assert.Equal(e.CandidateName, a.CandidateName);
        Assert.Equal(e.CandidateEmail, a.CandidateEmail);
        Assert.Equal(e.CandidateTimeZone.Id, a.CandidateTimeZone.Id);
        Assert.Equal(e.Slot, a.Slot);
        Assert.Equal(e.ReservationId, a.ReservationId);
        Assert.Equal(e.PlanId, a.PlanId);
        Assert.Equal(e.AddOns, a.AddOns);
    }

    /// <summary>A new interview under a fresh key, made from <see cref="PaymentSessionSamples.Pending"/>.</summary>
    protected ScheduledInterview NewInterview() =>
        new(InterviewId.New(), PaymentSessionSamples.ScheduleRequest(PaymentSessionSamples.Pending(Now), Unique("key")), Now);

    private async Task<IInterviewStore> NewStoreAsync() => Track(await CreateStoreAsync(Clock));
}
