using Xunit;

namespace InterviewBooking.Testing;

/// <summary>
/// The behaviour every <see cref="IInterviewStore"/> must have. An adapter's test project subclasses this and implements
/// <see cref="CreateStoresAsync"/>; the tests use fresh keys, so a store shared between tests works too.
/// </summary>
public abstract class InterviewStoreContractTests : StoreContractTestBase
{
    /// <summary>Creates the store under test and the outbox its transitions write their messages to.</summary>
    /// <param name="clock">The clock, should the stores need one.</param>
    protected abstract Task<(IInterviewStore Interviews, IOutboxStore Outbox)> CreateStoresAsync(IClock clock);

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

    /// <summary>
    /// Every legal ending from Scheduled applies by compare-and-set (at the status and version), stamps when it ended, bumps the version, and
    /// writes one audit entry with who and why.
    /// </summary>
    [Theory]
    [InlineData(InterviewStatus.Completed)]
    [InlineData(InterviewStatus.CandidateNoShow)]
    [InlineData(InterviewStatus.InterviewerNoShow)]
    [InlineData(InterviewStatus.Canceled)]
    public async Task EndingsAreCompareAndSetWithAnAuditEntry(InterviewStatus to)
    {
        var (store, _) = await NewStoresAsync();
        var interview = await store.AddOrGetAsync(NewInterview());
        var at = Now + Duration.FromMinutes(5);

        var stale = await store.TryTransitionAsync(new InterviewTransition(interview.Id, InterviewStatus.Scheduled, to, at) { ExpectedVersion = interview.Version + 1 });
        var changed = await store.TryTransitionAsync(new InterviewTransition(interview.Id, InterviewStatus.Scheduled, to, at)
        {
            ExpectedVersion = interview.Version,
            By = InterviewParty.Interviewer,
            Reason = "Reported.",
            IsLateCancellation = true,
            Sequence = to == InterviewStatus.Canceled ? 1 : null,
        });
        var lost = await store.TryTransitionAsync(new InterviewTransition(interview.Id, InterviewStatus.Scheduled, to, at));

        Assert.Equal(1, interview.Version);
        Assert.False(stale.Succeeded);
        Assert.Equal(InterviewStatus.Scheduled, stale.Interview!.Status);
        Assert.True(changed.Succeeded);
        Assert.Equal((to, 2L, at), (changed.Interview!.Status, changed.Interview.Version, changed.Interview.EndedAt!.Value));
        Assert.Equal(to == InterviewStatus.Canceled ? InterviewParty.Interviewer : null, changed.Interview.CanceledBy);
        Assert.Equal(to == InterviewStatus.Canceled, changed.Interview.IsLateCancellation);
        Assert.Equal(to == InterviewStatus.Canceled ? 1 : 0, changed.Interview.Sequence);
        Assert.False(lost.Succeeded);
        var reread = (await store.GetAsync(interview.Id))!;
        Assert.Equal((to, 2L), (reread.Status, reread.Version));
        Assert.Equal(changed.Interview.CanceledBy, reread.CanceledBy);
        Assert.Equal(changed.Interview.IsLateCancellation, reread.IsLateCancellation);
        Assert.Equal(
            [
                new InterviewStatusChange(interview.Id, null, InterviewStatus.Scheduled, interview.ScheduledAt, 1, null, null),
                new InterviewStatusChange(interview.Id, InterviewStatus.Scheduled, to, at, 2, InterviewParty.Interviewer, "Reported."),
            ],
            await store.GetHistoryAsync(interview.Id));
        Assert.Empty(await store.GetHistoryAsync(InterviewId.New()));
        Assert.False((await store.TryTransitionAsync(new InterviewTransition(InterviewId.New(), InterviewStatus.Scheduled, to, at))).Succeeded);
    }

    /// <summary>Every change the state machine does not allow throws and writes nothing: no status, no audit entry, no outbox message.</summary>
    [Fact]
    public async Task IllegalTransitionsThrowAndWriteNothing()
    {
        var (store, outbox) = await NewStoresAsync();
        var interview = await store.AddOrGetAsync(NewInterview());
        var pairs = new List<(InterviewStatus, InterviewStatus)>();
        foreach (var from in Enum.GetValues<InterviewStatus>())
        {
            foreach (var to in Enum.GetValues<InterviewStatus>())
            {
                if (!InterviewStateMachine.IsAllowed(from, to))
                {
                    pairs.Add((from, to));
                }
            }
        }

        foreach (var (from, to) in pairs)
        {
            var message = new OutboxMessage(Unique("illegal"), OutboxKinds.InterviewCompleted, Now) { SessionId = interview.Request.PaymentSessionId };
            await Assert.ThrowsAsync<InvalidInterviewTransitionException>(
                () => store.TryTransitionAsync(new InterviewTransition(interview.Id, from, to, Now) { Outbox = [message] }));
            Assert.Null(await outbox.GetAsync(message.Key));
        }

        Assert.Equal(20, pairs.Count); // of 25 pairs, Scheduled's four endings and Completed to itself are legal
        Assert.Single(await store.GetHistoryAsync(interview.Id));
        Assert.Equal((InterviewStatus.Scheduled, 1L), ((await store.GetAsync(interview.Id))!.Status, (await store.GetAsync(interview.Id))!.Version));
    }

    /// <summary>A transition's outbox messages are stored exactly when it wins; a key already stored is left as it is.</summary>
    [Fact]
    public async Task OutboxMessagesAreWrittenWithTheTransitionOnly()
    {
        var (store, outbox) = await NewStoresAsync();
        var interview = await store.AddOrGetAsync(NewInterview());
        var message = new OutboxMessage(interview.Id.Value + ":" + OutboxKinds.InterviewCompleted, OutboxKinds.InterviewCompleted, Now)
        {
            SessionId = interview.Request.PaymentSessionId,
            Data = new Dictionary<string, string>(StringComparer.Ordinal) { [OutboxDataKeys.Payload] = "{\"interviewId\":\"" + interview.Id.Value + "\"}" },
        };

        var lost = await store.TryTransitionAsync(
            new InterviewTransition(interview.Id, InterviewStatus.Scheduled, InterviewStatus.Completed, Now) { ExpectedVersion = 7, Outbox = [message] });
        var missingAfterLoss = await outbox.GetAsync(message.Key);
        var won = await store.TryTransitionAsync(new InterviewTransition(interview.Id, InterviewStatus.Scheduled, InterviewStatus.Completed, Now) { Outbox = [message] });
        var again = await store.TryTransitionAsync(new InterviewTransition(interview.Id, InterviewStatus.Completed, InterviewStatus.Completed, Now)
        {
            Outbox = [message with { Data = new Dictionary<string, string>(StringComparer.Ordinal) { [OutboxDataKeys.Payload] = "{}" } }],
        });

        Assert.False(lost.Succeeded);
        Assert.Null(missingAfterLoss);
        Assert.True(won.Succeeded);
        Assert.True(again.Succeeded);
        var stored = (await outbox.GetAsync(message.Key))!;
        Assert.Equal(OutboxItemStatus.Pending, stored.Status);
        Assert.Equal(message.Data[OutboxDataKeys.Payload], stored.Message.Data[OutboxDataKeys.Payload]);
        Assert.Equal(interview.Request.PaymentSessionId, stored.Message.SessionId);
        Assert.Contains(await outbox.ListBySessionAsync(interview.Request.PaymentSessionId), i => i.Message.Key == message.Key);
    }

    /// <summary>Feedback and a rating round-trip on a completed interview; a later change keeps what is stored.</summary>
    [Fact]
    public async Task FeedbackAndRatingRoundTrip()
    {
        var (store, _) = await NewStoresAsync();
        var interview = await store.AddOrGetAsync(NewInterview());
        await store.TryTransitionAsync(new InterviewTransition(interview.Id, InterviewStatus.Scheduled, InterviewStatus.Completed, Now));
        var feedback = new InterviewerFeedback("Clear reasoning; work on \"testing\" — ünïcode kept.", Now + Duration.FromMinutes(1));
        var rating = new CandidateRating(4, "Helpful.", Now + Duration.FromMinutes(2));

        var withFeedback = await store.TryTransitionAsync(new InterviewTransition(interview.Id, InterviewStatus.Completed, InterviewStatus.Completed, feedback.SubmittedAt) { Feedback = feedback });
        var withRating = await store.TryTransitionAsync(new InterviewTransition(interview.Id, InterviewStatus.Completed, InterviewStatus.Completed, rating.RatedAt) { Rating = rating });

        Assert.True(withFeedback.Succeeded);
        Assert.True(withRating.Succeeded);
        var stored = (await store.GetAsync(interview.Id))!;
        Assert.Equal(feedback, stored.Feedback);
        Assert.Equal(rating, stored.Rating);
        Assert.Equal(4L, stored.Version);
        Assert.Equal(Now, stored.EndedAt);
        Assert.Equal(4, (await store.GetHistoryAsync(interview.Id)).Count);
    }

    /// <summary>An update moves the slot without touching the lifecycle, and bumps the version a transition compares.</summary>
    [Fact]
    public async Task UpdatesKeepTheLifecycle()
    {
        var (store, _) = await NewStoresAsync();
        var interview = await store.AddOrGetAsync(NewInterview());

        var (updated, moved) = await store.TryUpdateAsync(interview with { Status = InterviewStatus.Canceled, Sequence = 1, ReservationId = ReservationId.New() }, 0);
        var stale = await store.TryTransitionAsync(
            new InterviewTransition(interview.Id, InterviewStatus.Scheduled, InterviewStatus.Completed, Now) { ExpectedVersion = interview.Version });

        Assert.True(updated);
        Assert.Equal((InterviewStatus.Scheduled, 1, 2L), (moved!.Status, moved.Sequence, moved.Version));
        Assert.False(stale.Succeeded);
        Assert.Single(await store.GetHistoryAsync(interview.Id));
    }

    /// <summary>
    /// The reliability counts: no-shows, late cancellations by the interviewer only, the interviews attended (completed, or the candidate
    /// missed them) and the mean of the ratings.
    /// </summary>
    [Fact]
    public async Task ReliabilityIsCountedPerInterviewer()
    {
        var (store, _) = await NewStoresAsync();
        var id = new InterviewerId(Unique("reliable"));
        async Task<ScheduledInterview> AddAsync()
        {
            var template = NewInterview();
            var request = template.Request with { Interviewer = template.Request.Interviewer with { Id = id } };
            return await store.AddOrGetAsync(template with { Request = request });
        }

        var noShow = await AddAsync();
        var lateByInterviewer = await AddAsync();
        var lateByCandidate = await AddAsync();
        var onTime = await AddAsync();
        var ratedFive = await AddAsync();
        var ratedTwo = await AddAsync();
        var candidateMissed = await AddAsync();
        await store.TryTransitionAsync(new InterviewTransition(candidateMissed.Id, InterviewStatus.Scheduled, InterviewStatus.CandidateNoShow, Now));
        await store.TryTransitionAsync(new InterviewTransition(noShow.Id, InterviewStatus.Scheduled, InterviewStatus.InterviewerNoShow, Now));
        await store.TryTransitionAsync(new InterviewTransition(lateByInterviewer.Id, InterviewStatus.Scheduled, InterviewStatus.Canceled, Now) { By = InterviewParty.Interviewer, IsLateCancellation = true });
        await store.TryTransitionAsync(new InterviewTransition(lateByCandidate.Id, InterviewStatus.Scheduled, InterviewStatus.Canceled, Now) { By = InterviewParty.Candidate, IsLateCancellation = true });
        await store.TryTransitionAsync(new InterviewTransition(onTime.Id, InterviewStatus.Scheduled, InterviewStatus.Canceled, Now) { By = InterviewParty.Interviewer });
        foreach (var (interview, stars) in new[] { (ratedFive, 5), (ratedTwo, 2) })
        {
            await store.TryTransitionAsync(new InterviewTransition(interview.Id, InterviewStatus.Scheduled, InterviewStatus.Completed, Now));
            await store.TryTransitionAsync(new InterviewTransition(interview.Id, InterviewStatus.Completed, InterviewStatus.Completed, Now) { Rating = new CandidateRating(stars, null, Now) });
        }

        var other = new InterviewerId(Unique("unknown"));
        var counts = await store.GetReliabilityAsync([id, other]);

        Assert.Equal(new InterviewerReliability(id, 1, 1, 2, 3.5) { Attended = 3 }, counts[id]);
        Assert.Equal(InterviewerReliability.None(other), counts[other]);
        Assert.Empty(await store.GetReliabilityAsync([]));
    }

    /// <summary>Of concurrent endings of one interview exactly one wins; the trail has one ending.</summary>
    [Fact]
    public async Task ConcurrentTransitionsHaveOneWinner()
    {
        var (store, _) = await NewStoresAsync();
        var interview = await store.AddOrGetAsync(NewInterview());
        var endings = new[] { InterviewStatus.Completed, InterviewStatus.CandidateNoShow, InterviewStatus.InterviewerNoShow, InterviewStatus.Canceled };

        var results = await Concurrently.RunAsync(16, i => store.TryTransitionAsync(
            new InterviewTransition(interview.Id, InterviewStatus.Scheduled, endings[i % endings.Length], Now) { ExpectedVersion = interview.Version }));

        var winner = Assert.Single(results, r => r.Succeeded);
        Assert.Equal(2, (await store.GetHistoryAsync(interview.Id)).Count);
        Assert.Equal(winner.Interview!.Status, (await store.GetAsync(interview.Id))!.Status);
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

    private async Task<IInterviewStore> NewStoreAsync() => (await NewStoresAsync()).Interviews;

    private async Task<(IInterviewStore Interviews, IOutboxStore Outbox)> NewStoresAsync()
    {
        var (interviews, outbox) = await CreateStoresAsync(Clock);
        return (Track(interviews), Track(outbox));
    }
}
