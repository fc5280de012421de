using Xunit;

namespace InterviewBooking.Testing;

/// <summary>
/// The behaviour every <see cref="IPaymentSessionStore"/> must have. An adapter's test project subclasses this and implements
/// <see cref="CreateStoreAsync"/>; the tests use fresh session ids, so a store shared between tests works too.
/// </summary>
public abstract class PaymentSessionStoreContractTests : StoreContractTestBase
{
    /// <summary>Creates the store under test with <paramref name="clock"/> (a <see cref="NodaTime.Testing.FakeClock"/> the tests move).</summary>
    /// <param name="clock">The store's clock, should it need one.</param>
    protected abstract Task<IPaymentSessionStore> CreateStoreAsync(IClock clock);

    /// <summary>Every field, the match snapshot, price lines, add-ons and zone included, reads back as written; the version starts at 1.</summary>
    [Fact]
    public async Task CreateAndGetRoundTripEveryField()
    {
        var store = await NewStoreAsync();
        var sample = PaymentSessionSamples.Pending(Now) with
        {
            StatusReason = "created by the contract suite",
            ProviderReference = "cs_test_" + Guid.NewGuid().ToString("N"),
            CheckoutUrl = new Uri("https://checkout.invalid/pay?x=1"),
            IdempotencyKey = Unique("key"),
            RequestFingerprint = "sha256:" + new string('a', 64),
        };

        var created = await store.CreateAsync(sample);
        var read = await store.GetAsync(sample.Id);

        Assert.Equal(1, created.Version);
        AssertSameSession(sample with { Version = 1 }, created);
        Assert.NotNull(read);
        AssertSameSession(sample with { Version = 1 }, read);
    }

    /// <summary>A session without the optional pre-matched fields (written by another system, say) reads back with them still missing.</summary>
    [Fact]
    public async Task CreateKeepsMissingOptionalFieldsMissing()
    {
        var store = await NewStoreAsync();
        var sample = PaymentSessionSamples.Pending(Now) with
        {
            MatchedInterviewer = null,
            InterviewerId = null,
            SelectedTimeSlot = null,
            SelectedDate = null,
            MatchScore = null,
            Slot = null,
            ReservationId = null,
            AddOns = [],
        };

        await store.CreateAsync(sample);
        var read = await store.GetAsync(sample.Id);

        AssertSameSession(sample with { Version = 1 }, read!);
    }

    /// <summary>A match score with a reliability part (the matcher's reliability weight on) keeps every part through the store.</summary>
    [Fact]
    public async Task CreateKeepsTheReliabilityPartOfTheScore()
    {
        var store = await NewStoreAsync();
        var sample = PaymentSessionSamples.Pending(Now);
        var score = new MatchScore(experience: 21, skills: 35, availability: 25, reliability: 11);
        sample = sample with { MatchedInterviewer = sample.MatchedInterviewer! with { Score = score }, MatchScore = score.Total };

        await store.CreateAsync(sample);
        var read = await store.GetAsync(sample.Id);

        AssertSameSession(sample with { Version = 1 }, read!);
        Assert.Equal(11, read!.MatchedInterviewer!.Score.Reliability);
    }

    /// <summary>Creating a session whose id exists throws <see cref="DuplicatePaymentSessionException"/> and leaves the first one alone.</summary>
    [Fact]
    public async Task DuplicateCreateThrows()
    {
        var store = await NewStoreAsync();
        var first = PaymentSessionSamples.Pending(Now);
        await store.CreateAsync(first);

        var duplicate = PaymentSessionSamples.Pending(Now, id: first.Id) with { CandidateName = "Someone Else" };
        var error = await Assert.ThrowsAsync<DuplicatePaymentSessionException>(() => store.CreateAsync(duplicate));

        Assert.Equal(first.Id, error.SessionId);
        Assert.Equal("Ada Candidate", (await store.GetAsync(first.Id))!.CandidateName);
    }

    /// <summary>An unknown id reads as <see langword="null"/>.</summary>
    [Fact]
    public async Task UnknownSessionIsNull()
    {
        var store = await NewStoreAsync();

        Assert.Null(await store.GetAsync(PaymentSessionId.New()));
    }

    /// <summary>A legal transition applies, bumps the version, and writes status, reason, time and the optional ids.</summary>
    [Fact]
    public async Task LegalTransitionSucceedsAndBumpsVersion()
    {
        var store = await NewStoreAsync();
        var session = await store.CreateAsync(PaymentSessionSamples.Pending(Now));

        Clock.Advance(Duration.FromMinutes(3));
        var paid = await store.TryTransitionAsync(
            new PaymentSessionTransition(session.Id, PaymentSessionStatus.Pending, PaymentSessionStatus.Paid, Now)
            {
                ExpectedVersion = 1,
                Reason = "paid by card",
                EventId = "evt_1",
            });

        Assert.True(paid.Succeeded);
        Assert.Equal(PaymentSessionStatus.Paid, paid.Session!.Status);
        Assert.Equal(2, paid.Session.Version);
        Assert.Equal("paid by card", paid.Session.StatusReason);
        Assert.Equal(Now, paid.Session.UpdatedAt);
        Assert.Equal(session.ReservationId, paid.Session.ReservationId);
        Assert.Null(paid.Session.InterviewId);
        AssertSameSession(paid.Session, (await store.GetAsync(session.Id))!);

        var booking = await store.TryTransitionAsync(
            new PaymentSessionTransition(session.Id, PaymentSessionStatus.Paid, PaymentSessionStatus.Booking, Now));
        Assert.True(booking.Succeeded);
        Assert.Null(booking.Session!.StatusReason);

        var renewed = ReservationId.New();
        var interview = InterviewId.New();
        Clock.Advance(Duration.FromSeconds(5));
        var booked = await store.TryTransitionAsync(
            new PaymentSessionTransition(session.Id, PaymentSessionStatus.Booking, PaymentSessionStatus.Booked, Now)
            {
                ExpectedVersion = 3,
                ReservationId = renewed,
                InterviewId = interview,
            });

        Assert.True(booked.Succeeded);
        Assert.Equal(4, booked.Session!.Version);
        Assert.Equal(PaymentSessionStatus.Booked, booked.Session.Status);
        Assert.Equal(renewed, booked.Session.ReservationId);
        Assert.Equal(interview, booked.Session.InterviewId);
        Assert.Equal(Now, booked.Session.UpdatedAt);
        AssertSameSession(booked.Session, (await store.GetAsync(session.Id))!);
    }

    /// <summary>A transition from a status the session is no longer in fails and returns the session unchanged.</summary>
    [Fact]
    public async Task TransitionFromStaleStatusFails()
    {
        var store = await NewStoreAsync();
        var session = await store.CreateAsync(PaymentSessionSamples.Pending(Now));
        var paid = (await store.TryTransitionAsync(Transition(session, PaymentSessionStatus.Pending, PaymentSessionStatus.Paid))).Session!;

        var stale = await store.TryTransitionAsync(Transition(session, PaymentSessionStatus.Pending, PaymentSessionStatus.Expired));

        Assert.False(stale.Succeeded);
        AssertSameSession(paid, stale.Session!);
        AssertSameSession(paid, (await store.GetAsync(session.Id))!);
    }

    /// <summary>A transition at a stale expected version fails and returns the session unchanged, even when the status still matches.</summary>
    [Fact]
    public async Task TransitionAtStaleVersionFails()
    {
        var store = await NewStoreAsync();
        var session = await store.CreateAsync(PaymentSessionSamples.Pending(Now));
        var attached = await store.TryAttachCheckoutAsync(session.Id, "cs_ref", new Uri("https://checkout.invalid/cs_ref"));
        Assert.Equal(2, attached.Session!.Version);

        var stale = await store.TryTransitionAsync(
            new PaymentSessionTransition(session.Id, PaymentSessionStatus.Pending, PaymentSessionStatus.Paid, Now) { ExpectedVersion = 1 });

        Assert.False(stale.Succeeded);
        AssertSameSession(attached.Session, stale.Session!);
        Assert.Equal(PaymentSessionStatus.Pending, (await store.GetAsync(session.Id))!.Status);
    }

    /// <summary>A status change outside <see cref="PaymentSessionStateMachine"/> throws <see cref="InvalidPaymentSessionTransitionException"/> and writes nothing.</summary>
    [Fact]
    public async Task IllegalTransitionThrowsAndChangesNothing()
    {
        var store = await NewStoreAsync();
        var session = await store.CreateAsync(PaymentSessionSamples.Pending(Now));

        var error = await Assert.ThrowsAsync<InvalidPaymentSessionTransitionException>(
            () => store.TryTransitionAsync(Transition(session, PaymentSessionStatus.Pending, PaymentSessionStatus.Booked)));
        Assert.Equal(PaymentSessionStatus.Pending, error.From);
        Assert.Equal(PaymentSessionStatus.Booked, error.To);
        AssertSameSession(session, (await store.GetAsync(session.Id))!);

        foreach (var (from, to) in new[] { (PaymentSessionStatus.Pending, PaymentSessionStatus.Paid), (PaymentSessionStatus.Paid, PaymentSessionStatus.Booking), (PaymentSessionStatus.Booking, PaymentSessionStatus.Booked) })
        {
            Assert.True((await store.TryTransitionAsync(Transition(session, from, to))).Succeeded);
        }

        var booked = (await store.GetAsync(session.Id))!;
        await Assert.ThrowsAsync<InvalidPaymentSessionTransitionException>(
            () => store.TryTransitionAsync(Transition(session, PaymentSessionStatus.Booked, PaymentSessionStatus.Paid)));
        await Assert.ThrowsAsync<InvalidPaymentSessionTransitionException>(
            () => store.TryTransitionAsync(Transition(session, PaymentSessionStatus.Booked, PaymentSessionStatus.RefundRequired)));
        AssertSameSession(booked, (await store.GetAsync(session.Id))!);
    }

    /// <summary>A transition of an unknown session does nothing and says so (<see cref="PaymentSessionUpdateResult.NotFound"/>).</summary>
    [Fact]
    public async Task TransitionOfUnknownSessionIsNotFound()
    {
        var store = await NewStoreAsync();

        var result = await store.TryTransitionAsync(
            new PaymentSessionTransition(PaymentSessionId.New(), PaymentSessionStatus.Pending, PaymentSessionStatus.Paid, Now));

        Assert.False(result.Succeeded);
        Assert.Null(result.Session);
    }

    /// <summary>A checkout attaches to a pending session, again with the same reference, never with another one.</summary>
    [Fact]
    public async Task AttachCheckoutOnlyToPendingSessionWithoutAnotherReference()
    {
        var store = await NewStoreAsync();
        var session = await store.CreateAsync(PaymentSessionSamples.Pending(Now));
        var url = new Uri("https://checkout.invalid/cs_one");

        var attached = await store.TryAttachCheckoutAsync(session.Id, "cs_one", url);
        var again = await store.TryAttachCheckoutAsync(session.Id, "cs_one", url);
        var other = await store.TryAttachCheckoutAsync(session.Id, "cs_two", new Uri("https://checkout.invalid/cs_two"));

        Assert.True(attached.Succeeded);
        Assert.Equal("cs_one", attached.Session!.ProviderReference);
        Assert.Equal(url, attached.Session.CheckoutUrl);
        Assert.Equal(PaymentSessionStatus.Pending, attached.Session.Status);
        Assert.Equal(2, attached.Session.Version);
        Assert.True(again.Succeeded);
        Assert.Equal("cs_one", again.Session!.ProviderReference);
        Assert.False(other.Succeeded);
        Assert.Equal("cs_one", other.Session!.ProviderReference);
        Assert.Equal("cs_one", (await store.GetAsync(session.Id))!.ProviderReference);
    }

    /// <summary>A checkout does not attach once the session left <see cref="PaymentSessionStatus.Pending"/>, nor to an unknown session.</summary>
    [Fact]
    public async Task AttachCheckoutFailsWhenNotPending()
    {
        var store = await NewStoreAsync();
        var session = await store.CreateAsync(PaymentSessionSamples.Pending(Now));
        await store.TryTransitionAsync(Transition(session, PaymentSessionStatus.Pending, PaymentSessionStatus.Canceled));

        var late = await store.TryAttachCheckoutAsync(session.Id, "cs_late", new Uri("https://checkout.invalid/cs_late"));
        var unknown = await store.TryAttachCheckoutAsync(PaymentSessionId.New(), "cs_x", new Uri("https://checkout.invalid/cs_x"));

        Assert.False(late.Succeeded);
        Assert.Equal(PaymentSessionStatus.Canceled, late.Session!.Status);
        Assert.Null(late.Session.ProviderReference);
        Assert.Null((await store.GetAsync(session.Id))!.ProviderReference);
        Assert.False(unknown.Succeeded);
        Assert.Null(unknown.Session);
    }

    /// <summary>64 workers claiming one paid session (Paid to Booking at the version they read), three rounds: exactly one wins each time.</summary>
    [Fact]
    public async Task ConcurrentClaimsHaveExactlyOneWinner()
    {
        var store = await NewStoreAsync();
        for (var round = 0; round < 3; round++)
        {
            var session = await store.CreateAsync(PaymentSessionSamples.Pending(Now));
            var paid = (await store.TryTransitionAsync(Transition(session, PaymentSessionStatus.Pending, PaymentSessionStatus.Paid))).Session!;

            var results = await Concurrently.RunAsync(64, i => store.TryTransitionAsync(
                new PaymentSessionTransition(session.Id, PaymentSessionStatus.Paid, PaymentSessionStatus.Booking, Now)
                {
                    // Half check the version, half only the status: either way one writer wins.
                    ExpectedVersion = i % 2 == 0 ? paid.Version : null,
                    Reason = $"worker {i}",
                }));

            var winner = Assert.Single(results, r => r.Succeeded);
            var stored = (await store.GetAsync(session.Id))!;
            Assert.Equal(PaymentSessionStatus.Booking, stored.Status);
            Assert.Equal(paid.Version + 1, stored.Version);
            Assert.Equal(winner.Session!.StatusReason, stored.StatusReason);
            Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(PaymentSessionStatus.Booking, r.Session!.Status));
        }
    }

    /// <summary>
    /// A change and the one after it (paid, then the claim): both apply in order, each with its trail entry, and the session reads back two
    /// versions on, with the second's fields.
    /// </summary>
    [Fact]
    public async Task TransitionThenMakesBothChangesInOrder()
    {
        var store = await NewStoreAsync();
        var session = await store.CreateAsync(PaymentSessionSamples.Pending(Now));

        var claimed = await store.TryTransitionThenAsync(
            new PaymentSessionTransition(session.Id, PaymentSessionStatus.Pending, PaymentSessionStatus.Paid, Now) { ExpectedVersion = 1, EventId = "evt_then" },
            new PaymentSessionTransition(session.Id, PaymentSessionStatus.Paid, PaymentSessionStatus.Booking, Now) { Reason = "worker 1" });

        Assert.True(claimed.Succeeded);
        Assert.Equal("worker 1", claimed.Session!.StatusReason);
        Assert.Equal(PaymentSessionStatus.Booking, claimed.Session!.Status);
        Assert.Equal(3, claimed.Session.Version);
        AssertSameSession(claimed.Session, (await store.GetAsync(session.Id))!);
        var history = await store.GetHistoryAsync(session.Id);
        Assert.Equal(
            [(null, PaymentSessionStatus.Pending, 1L, (string?)null), (PaymentSessionStatus.Pending, PaymentSessionStatus.Paid, 2L, "evt_then"), (PaymentSessionStatus.Paid, PaymentSessionStatus.Booking, 3L, null)],
            history.Select(static h => (h.From, h.To, h.Version, h.EventId)));
    }

    /// <summary>
    /// The second change needs the session where the first leaves it, at the version after the first's expected one: after a first that lost to
    /// another change, neither applies and the session reads as that change left it.
    /// </summary>
    [Fact]
    public async Task TransitionThenAfterALostFirstChangesNothing()
    {
        var store = await NewStoreAsync();
        var session = await store.CreateAsync(PaymentSessionSamples.Pending(Now));
        var expired = (await store.TryTransitionAsync(Transition(session, PaymentSessionStatus.Pending, PaymentSessionStatus.Expired))).Session!;

        var lost = await store.TryTransitionThenAsync(
            new PaymentSessionTransition(session.Id, PaymentSessionStatus.Pending, PaymentSessionStatus.Paid, Now) { ExpectedVersion = 1 },
            new PaymentSessionTransition(session.Id, PaymentSessionStatus.Paid, PaymentSessionStatus.Booking, Now));

        Assert.False(lost.Succeeded);
        AssertSameSession(expired, lost.Session!);
        AssertSameSession(expired, (await store.GetAsync(session.Id))!);
        Assert.Equal(2, (await store.GetHistoryAsync(session.Id)).Count);
    }

    /// <summary>A second change that does not start where the first ends, or names another session, is refused before anything is written.</summary>
    [Fact]
    public async Task TransitionThenThatDoesNotFollowThrows()
    {
        var store = await NewStoreAsync();
        var session = await store.CreateAsync(PaymentSessionSamples.Pending(Now));
        var paid = new PaymentSessionTransition(session.Id, PaymentSessionStatus.Pending, PaymentSessionStatus.Paid, Now);

        await Assert.ThrowsAsync<ArgumentException>(() => store.TryTransitionThenAsync(
            paid, new PaymentSessionTransition(session.Id, PaymentSessionStatus.Booking, PaymentSessionStatus.Booked, Now)));
        await Assert.ThrowsAsync<ArgumentException>(() => store.TryTransitionThenAsync(
            paid, new PaymentSessionTransition(PaymentSessionId.New(), PaymentSessionStatus.Paid, PaymentSessionStatus.Booking, Now)));

        AssertSameSession(session, (await store.GetAsync(session.Id))!);
    }

    /// <summary>64 different legal changes racing from <see cref="PaymentSessionStatus.Pending"/>: exactly one applies, none is lost or doubled.</summary>
    [Fact]
    public async Task ConcurrentDifferentTransitionsApplyExactlyOne()
    {
        var store = await NewStoreAsync();
        var session = await store.CreateAsync(PaymentSessionSamples.Pending(Now));
        PaymentSessionStatus[] targets =
            [PaymentSessionStatus.Paid, PaymentSessionStatus.Processing, PaymentSessionStatus.Expired, PaymentSessionStatus.Canceled];

        var results = await Concurrently.RunAsync(64, i => store.TryTransitionAsync(
            Transition(session, PaymentSessionStatus.Pending, targets[i % targets.Length])));

        var winner = Assert.Single(results, r => r.Succeeded);
        var stored = (await store.GetAsync(session.Id))!;
        Assert.Equal(2, stored.Version);
        Assert.Equal(winner.Session!.Status, stored.Status);
    }

    /// <summary>The audit trail records the creation and every successful change with reason and event id, oldest first; refused changes leave no entry.</summary>
    [Fact]
    public async Task HistoryRecordsCreationAndEverySuccessfulChange()
    {
        var store = await NewStoreAsync();
        var created = await store.CreateAsync(PaymentSessionSamples.Pending(Now));
        var createdAt = created.CreatedAt;
        Clock.Advance(Duration.FromMinutes(2));
        var paidAt = Now;
        await store.TryTransitionAsync(Transition(created, PaymentSessionStatus.Pending, PaymentSessionStatus.Paid) with { EventId = "evt_paid", Reason = "paid" });
        await store.TryTransitionAsync(Transition(created, PaymentSessionStatus.Pending, PaymentSessionStatus.Expired)); // stale: refused
        Clock.Advance(Duration.FromSeconds(5));
        await store.TryTransitionAsync(Transition(created, PaymentSessionStatus.Paid, PaymentSessionStatus.Booking));

        var history = await store.GetHistoryAsync(created.Id);

        Assert.Collection(
            history,
            c => Assert.Equal(new PaymentSessionStatusChange(created.Id, null, PaymentSessionStatus.Pending, createdAt, 1, null, null), c),
            c => Assert.Equal(new PaymentSessionStatusChange(created.Id, PaymentSessionStatus.Pending, PaymentSessionStatus.Paid, paidAt, 2, "paid", "evt_paid"), c),
            c => Assert.Equal(new PaymentSessionStatusChange(created.Id, PaymentSessionStatus.Paid, PaymentSessionStatus.Booking, Now, 3, null, null), c));
        Assert.Empty(await store.GetHistoryAsync(PaymentSessionId.New()));
    }

    /// <summary>Of concurrent claims only the winner's change is in the trail.</summary>
    [Fact]
    public async Task HistoryHasOnlyTheWinningClaim()
    {
        var store = await NewStoreAsync();
        var created = await store.CreateAsync(PaymentSessionSamples.Pending(Now));
        await store.TryTransitionAsync(Transition(created, PaymentSessionStatus.Pending, PaymentSessionStatus.Paid));

        await Concurrently.RunAsync(16, _ => store.TryTransitionAsync(Transition(created, PaymentSessionStatus.Paid, PaymentSessionStatus.Booking)));
        var history = await store.GetHistoryAsync(created.Id);

        Assert.Equal([PaymentSessionStatus.Pending, PaymentSessionStatus.Paid, PaymentSessionStatus.Booking], history.Select(h => h.To));
        Assert.Equal([1L, 2L, 3L], history.Select(h => h.Version));
    }

    /// <summary>
    /// A reschedule (<see cref="PaymentSessionStatus.Booked"/> to itself) writes the new slot, its text and date and the invite's revision
    /// together, with the new reservation; a cancellation then writes the refund decision; both are in the trail.
    /// </summary>
    [Fact]
    public async Task RescheduleAndCancellationWriteTheirFieldsAndTrail()
    {
        var store = await NewStoreAsync();
        var created = await store.CreateAsync(PaymentSessionSamples.Pending(Now));
        var interview = InterviewId.New();
        foreach (var (from, to) in new[] { (PaymentSessionStatus.Pending, PaymentSessionStatus.Paid), (PaymentSessionStatus.Paid, PaymentSessionStatus.Booking) })
        {
            Assert.True((await store.TryTransitionAsync(Transition(created, from, to))).Succeeded);
        }

        var booked = (await store.TryTransitionAsync(Transition(created, PaymentSessionStatus.Booking, PaymentSessionStatus.Booked) with { InterviewId = interview })).Session!;
        Assert.Equal(0, booked.InviteSequence);
        Assert.Null(booked.Refund);

        Clock.Advance(Duration.FromMinutes(1));
        var zone = created.CandidateTimeZone;
        var newSlot = new Interval(created.Slot!.Value.Start + Duration.FromDays(1), created.Slot.Value.End + Duration.FromDays(1));
        var newReservation = ReservationId.New();
        var moved = await store.TryTransitionAsync(
            Transition(created, PaymentSessionStatus.Booked, PaymentSessionStatus.Booked) with
            {
                ExpectedVersion = booked.Version,
                Reason = "moved by the candidate",
                ReservationId = newReservation,
                Rescheduled = new RescheduledSlot(newSlot, SlotText.Format(newSlot, zone), SlotText.LocalDateOf(newSlot, zone), 1),
            });

        Assert.True(moved.Succeeded);
        var expectedMoved = booked with
        {
            Slot = newSlot,
            SelectedTimeSlot = SlotText.Format(newSlot, zone),
            SelectedDate = SlotText.LocalDateOf(newSlot, zone),
            InviteSequence = 1,
            ReservationId = newReservation,
            StatusReason = "moved by the candidate",
            UpdatedAt = Now,
            Version = booked.Version + 1,
        };
        AssertSameSession(expectedMoved, moved.Session!);
        AssertSameSession(expectedMoved, (await store.GetAsync(created.Id))!);

        Clock.Advance(Duration.FromMinutes(1));
        var refund = new RefundDecision(new Money(5_750, "USD"), 50, "50% refund: canceled less than 24 hours before the start.");
        var canceled = await store.TryTransitionAsync(
            Transition(created, PaymentSessionStatus.Booked, PaymentSessionStatus.BookingCanceled) with { Reason = "canceled", Refund = refund });

        Assert.True(canceled.Succeeded);
        var expectedCanceled = expectedMoved with
        {
            Status = PaymentSessionStatus.BookingCanceled,
            StatusReason = "canceled",
            Refund = refund,
            UpdatedAt = Now,
            Version = expectedMoved.Version + 1,
        };
        AssertSameSession(expectedCanceled, canceled.Session!);
        AssertSameSession(expectedCanceled, (await store.GetAsync(created.Id))!);
        var history = await store.GetHistoryAsync(created.Id);
        Assert.Equal(
            [PaymentSessionStatus.Pending, PaymentSessionStatus.Paid, PaymentSessionStatus.Booking, PaymentSessionStatus.Booked, PaymentSessionStatus.Booked, PaymentSessionStatus.BookingCanceled],
            history.Select(h => h.To));
        Assert.Equal(new PaymentSessionStatusChange(created.Id, PaymentSessionStatus.Booked, PaymentSessionStatus.Booked, expectedMoved.UpdatedAt, expectedMoved.Version, "moved by the candidate", null), history[4]);
    }

    /// <summary>The session created with a candidate's idempotency key is found by that candidate and key, and by nothing else.</summary>
    [Fact]
    public async Task FindByIdempotencyKeyFindsOnlyThatCandidatesSession()
    {
        var store = await NewStoreAsync();
        var key = Unique("key");
        var keyed = PaymentSessionSamples.Pending(Now) with { IdempotencyKey = key, RequestFingerprint = "sha256:one" };
        var otherCandidate = PaymentSessionSamples.Pending(Now) with { IdempotencyKey = key, RequestFingerprint = "sha256:two" };
        await store.CreateAsync(keyed);
        await store.CreateAsync(otherCandidate); // the same key of another candidate is another key
        await store.CreateAsync(PaymentSessionSamples.Pending(Now) with { CandidateId = keyed.CandidateId });

        var found = await store.FindByIdempotencyKeyAsync(keyed.CandidateId, key);

        Assert.NotNull(found);
        AssertSameSession(keyed with { Version = 1 }, found);
        Assert.Equal(otherCandidate.Id, (await store.FindByIdempotencyKeyAsync(otherCandidate.CandidateId, key))!.Id);
        Assert.Null(await store.FindByIdempotencyKeyAsync(keyed.CandidateId, Unique("key")));
        Assert.Null(await store.FindByIdempotencyKeyAsync(keyed.CandidateId, key.ToUpperInvariant()));
    }

    /// <summary>A second session with a candidate's key throws <see cref="DuplicateIdempotencyKeyException"/> naming it and is not stored.</summary>
    [Fact]
    public async Task ASecondSessionWithTheSameKeyIsRefusedAndNotStored()
    {
        var store = await NewStoreAsync();
        var first = PaymentSessionSamples.Pending(Now) with { IdempotencyKey = Unique("key"), RequestFingerprint = "sha256:one" };
        await store.CreateAsync(first);
        var second = PaymentSessionSamples.Pending(Now) with { CandidateId = first.CandidateId, IdempotencyKey = first.IdempotencyKey };

        var error = await Assert.ThrowsAsync<DuplicateIdempotencyKeyException>(() => store.CreateAsync(second));

        Assert.Equal(first.CandidateId, error.CandidateId);
        Assert.Equal(first.IdempotencyKey, error.IdempotencyKey);
        Assert.Null(await store.GetAsync(second.Id));
        Assert.Empty(await store.GetHistoryAsync(second.Id));
        Assert.Equal(first.Id, (await store.FindByIdempotencyKeyAsync(first.CandidateId, first.IdempotencyKey!))!.Id);
    }

    /// <summary>Sessions without a key never collide, however many one candidate has.</summary>
    [Fact]
    public async Task SessionsWithoutAKeyNeverCollide()
    {
        var store = await NewStoreAsync();
        var candidate = PaymentSessionSamples.Pending(Now).CandidateId;

        var created = new List<PaymentSession>();
        foreach (var _ in Enumerable.Range(0, 3))
        {
            created.Add(await store.CreateAsync(PaymentSessionSamples.Pending(Now) with { CandidateId = candidate }));
        }

        foreach (var session in created)
        {
            var stored = await store.GetAsync(session.Id);
            Assert.NotNull(stored);
            Assert.Equal(candidate, stored.CandidateId);
            Assert.Null(stored.IdempotencyKey);
        }
    }

    /// <summary>Of many concurrent creates with one candidate's key, exactly one is stored; every other one is told the key is taken.</summary>
    [Fact]
    public async Task ConcurrentCreatesWithOneKeyStoreExactlyOne()
    {
        var store = await NewStoreAsync();
        var template = PaymentSessionSamples.Pending(Now) with { IdempotencyKey = Unique("key"), RequestFingerprint = "sha256:one" };
        var sessions = Enumerable.Range(0, 16).Select(_ => template with { Id = PaymentSessionId.New() }).ToArray();

        var outcomes = await Concurrently.RunAsync(sessions.Length, async i =>
        {
            try
            {
                await store.CreateAsync(sessions[i]);
                return true;
            }
            catch (DuplicateIdempotencyKeyException)
            {
                return false;
            }
        });

        var winner = Assert.Single(sessions, s => outcomes[Array.IndexOf(sessions, s)]);
        Assert.Equal(winner.Id, (await store.FindByIdempotencyKeyAsync(template.CandidateId, template.IdempotencyKey!))!.Id);
        foreach (var loser in sessions.Where(s => s.Id != winner.Id))
        {
            Assert.Null(await store.GetAsync(loser.Id));
        }
    }

    /// <summary>
    /// A refund owed ends <see cref="PaymentSessionStatus.Refunded"/> with the provider's refund (id, amount, time) and the payment reference kept
    /// from when it was paid; both changes are in the trail with their reasons, and nothing leaves <see cref="PaymentSessionStatus.Refunded"/>.
    /// </summary>
    [Fact]
    public async Task RefundRequiredBecomesRefundedWithTheProviderRefund()
    {
        var store = await NewStoreAsync();
        var created = await store.CreateAsync(PaymentSessionSamples.Pending(Now));
        var paymentReference = Unique("pi");

        Clock.Advance(Duration.FromMinutes(2));
        var flagged = await store.TryTransitionAsync(
            Transition(created, PaymentSessionStatus.Pending, PaymentSessionStatus.RefundRequired) with
            {
                Reason = "the slot was lost",
                ProviderPaymentReference = paymentReference,
                EventId = "evt_paid",
            });
        var flaggedAt = Now;
        Clock.Advance(Duration.FromMinutes(3));
        var issued = new IssuedRefund(Unique("re"), new Money(11_500, "USD"), Now - Duration.FromSeconds(1));
        var refunded = await store.TryTransitionAsync(
            Transition(created, PaymentSessionStatus.RefundRequired, PaymentSessionStatus.Refunded) with
            {
                ExpectedVersion = flagged.Session!.Version,
                Reason = "refund issued",
                IssuedRefund = issued,
            });

        Assert.True(flagged.Succeeded);
        Assert.True(refunded.Succeeded);
        var expected = created with
        {
            Status = PaymentSessionStatus.Refunded,
            StatusReason = "refund issued",
            ProviderPaymentReference = paymentReference,
            IssuedRefund = issued,
            UpdatedAt = Now,
            Version = 3,
        };
        AssertSameSession(expected, refunded.Session!);
        AssertSameSession(expected, (await store.GetAsync(created.Id))!);
        Assert.Equal(
            [
                new PaymentSessionStatusChange(created.Id, PaymentSessionStatus.Pending, PaymentSessionStatus.RefundRequired, flaggedAt, 2, "the slot was lost", "evt_paid"),
                new PaymentSessionStatusChange(created.Id, PaymentSessionStatus.RefundRequired, PaymentSessionStatus.Refunded, Now, 3, "refund issued", null),
            ],
            (await store.GetHistoryAsync(created.Id)).Skip(1));
        await Assert.ThrowsAsync<InvalidPaymentSessionTransitionException>(
            () => store.TryTransitionAsync(Transition(created, PaymentSessionStatus.Refunded, PaymentSessionStatus.RefundRequired)));
        var other = await store.CreateAsync(PaymentSessionSamples.Pending(Now) with { Status = PaymentSessionStatus.RefundRequired });
        await Assert.ThrowsAsync<ArgumentException>(
            () => store.TryTransitionAsync(Transition(other, PaymentSessionStatus.RefundRequired, PaymentSessionStatus.Refunded)));
        Assert.Equal(PaymentSessionStatus.RefundRequired, (await store.GetAsync(other.Id))!.Status);
        Assert.True(PaymentSessionStateMachine.IsTerminal(PaymentSessionStatus.Refunded));
    }

    /// <summary>A canceled booking's policy refund ends <see cref="PaymentSessionStatus.Refunded"/> too, keeping the decision beside the refund made.</summary>
    [Fact]
    public async Task CanceledBookingBecomesRefundedKeepingItsDecision()
    {
        var store = await NewStoreAsync();
        var created = await store.CreateAsync(PaymentSessionSamples.Pending(Now));
        await store.TryTransitionAsync(Transition(created, PaymentSessionStatus.Pending, PaymentSessionStatus.Paid) with { ProviderPaymentReference = "pi_kept" });
        await store.TryTransitionAsync(Transition(created, PaymentSessionStatus.Paid, PaymentSessionStatus.Booking));
        await store.TryTransitionAsync(Transition(created, PaymentSessionStatus.Booking, PaymentSessionStatus.Booked) with { InterviewId = InterviewId.New() });
        var decision = new RefundDecision(new Money(11_500, "USD"), 100, "Full refund");
        await store.TryTransitionAsync(Transition(created, PaymentSessionStatus.Booked, PaymentSessionStatus.BookingCanceled) with { Refund = decision });
        var issued = new IssuedRefund(Unique("re"), decision.Amount, Now);

        var refunded = await store.TryTransitionAsync(
            Transition(created, PaymentSessionStatus.BookingCanceled, PaymentSessionStatus.Refunded) with { IssuedRefund = issued });

        Assert.True(refunded.Succeeded);
        var read = (await store.GetAsync(created.Id))!;
        Assert.Equal(PaymentSessionStatus.Refunded, read.Status);
        Assert.Equal(decision, read.Refund);
        Assert.Equal(issued, read.IssuedRefund);
        Assert.Equal("pi_kept", read.ProviderPaymentReference);
    }

    /// <summary>
    /// Sessions are listed by status and age: only those in the status whose last change is before the bound, longest unchanged first,
    /// at most the number asked for.
    /// </summary>
    [Fact]
    public async Task ListByStatusReturnsTheLongestUnchangedFirst()
    {
        var store = await NewStoreAsync();
        // An era no other test writes in, so a store shared between tests lists only these.
        var era = Instant.FromUtc(2001, 3, 5, 10, 0);
        PaymentSession At(int minutes) => PaymentSessionSamples.Pending(era) with { CreatedAt = era + Duration.FromMinutes(minutes), UpdatedAt = era + Duration.FromMinutes(minutes) };
        var second = await store.CreateAsync(At(1));
        var first = await store.CreateAsync(At(0));
        var flagged = await store.CreateAsync(At(2));
        await store.TryTransitionAsync(new PaymentSessionTransition(flagged.Id, PaymentSessionStatus.Pending, PaymentSessionStatus.RefundRequired, era + Duration.FromMinutes(3)));
        await store.CreateAsync(At(5));

        var pending = await store.ListByStatusAsync(PaymentSessionStatus.Pending, era + Duration.FromMinutes(5), 10);
        var oldest = await store.ListByStatusAsync(PaymentSessionStatus.Pending, era + Duration.FromMinutes(6), 1);
        var owed = await store.ListByStatusAsync(PaymentSessionStatus.RefundRequired, era + Duration.FromMinutes(4), 10);

        Assert.Equal([first.Id, second.Id], pending.Select(s => s.Id));
        AssertSameSession(first, pending[0]);
        Assert.Equal([first.Id], oldest.Select(s => s.Id));
        Assert.Equal([flagged.Id], owed.Select(s => s.Id));
        Assert.Empty(await store.ListByStatusAsync(PaymentSessionStatus.RefundRequired, era + Duration.FromMinutes(3), 10));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ListByStatusAsync(PaymentSessionStatus.Pending, era, 0));
    }

    /// <summary>Asserts two sessions are equal field by field (lists by their items, zones by id), as a store that serializes them returns them.</summary>
    /// <param name="expected">The session written.</param>
    /// <param name="actual">The session read.</param>
    protected static void AssertSameSession(PaymentSession expected, PaymentSession actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.CandidateId, actual.CandidateId);
        Assert.Equal(expected.CandidateName, actual.CandidateName);
        Assert.Equal(expected.CandidateEmail, actual.CandidateEmail);
        Assert.Equal(expected.CandidateTimeZone.Id, actual.CandidateTimeZone.Id);
        Assert.Equal(expected.MatchedInterviewer, actual.MatchedInterviewer);
        Assert.Equal(expected.InterviewerId, actual.InterviewerId);
        Assert.Equal(expected.SelectedTimeSlot, actual.SelectedTimeSlot);
        Assert.Equal(expected.SelectedDate, actual.SelectedDate);
        Assert.Equal(expected.MatchScore, actual.MatchScore);
        Assert.Equal(expected.Slot, actual.Slot);
        Assert.Equal(expected.ReservationId, actual.ReservationId);
        Assert.Equal(expected.PlanId, actual.PlanId);
        Assert.Equal(expected.AddOns, actual.AddOns);
        Assert.Equal(expected.Price.Total, actual.Price.Total);
        Assert.Equal(expected.Price.Lines, actual.Price.Lines);
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.StatusReason, actual.StatusReason);
        Assert.Equal(expected.ProviderReference, actual.ProviderReference);
        Assert.Equal(expected.CheckoutUrl, actual.CheckoutUrl);
        Assert.Equal(expected.InterviewId, actual.InterviewId);
        Assert.Equal(expected.InviteSequence, actual.InviteSequence);
        Assert.Equal(expected.Refund, actual.Refund);
        Assert.Equal(expected.ProviderPaymentReference, actual.ProviderPaymentReference);
        Assert.Equal(expected.IssuedRefund, actual.IssuedRefund);
        Assert.Equal(expected.CreatedAt, actual.CreatedAt);
        Assert.Equal(expected.ExpiresAt, actual.ExpiresAt);
        Assert.Equal(expected.UpdatedAt, actual.UpdatedAt);
        Assert.Equal(expected.Version, actual.Version);
        Assert.Equal(expected.IdempotencyKey, actual.IdempotencyKey);
        Assert.Equal(expected.RequestFingerprint, actual.RequestFingerprint);
    }

    /// <summary>Creates the store under test with this test's clock and disposes it after the test.</summary>
    protected async Task<IPaymentSessionStore> NewStoreAsync() => Track(await CreateStoreAsync(Clock));

    private PaymentSessionTransition Transition(PaymentSession session, PaymentSessionStatus from, PaymentSessionStatus to) =>
        new(session.Id, from, to, Now);
}
