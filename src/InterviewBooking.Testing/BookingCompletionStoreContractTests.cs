using Xunit;

namespace InterviewBooking.Testing;

/// <summary>
/// The behaviour every <see cref="IBookingCompletionStore"/> must have, checked through the stores it writes. An adapter's test project
/// subclasses this and implements <see cref="CreateStoresAsync"/>; the tests use fresh sessions, holds and keys, so shared stores work too.
/// </summary>
public abstract class BookingCompletionStoreContractTests : StoreContractTestBase
{
    private static readonly Duration HoldFor = Duration.FromMinutes(30);

    /// <summary>Creates the store under test and the stores it writes, all over one set of data.</summary>
    /// <param name="clock">The clock the stores decide a hold's expiry by.</param>
    protected abstract Task<(IBookingCompletionStore Completions, IPaymentSessionStore Sessions, IReservationStore Reservations, IInterviewStore Interviews, IOutboxStore Outbox)>
        CreateStoresAsync(IClock clock);

    /// <summary>A completion confirms the hold, stores the interview and books the session, each with its trail entry, and queues the messages.</summary>
    [Fact]
    public async Task CompletesWithEveryRowAndTrailEntry()
    {
        var stores = await NewStoresAsync();
        var (claimed, completion) = await ClaimedAsync(stores);

        var result = await stores.Completions.TryCompleteAsync(completion);

        Assert.Equal(BookingCompletionOutcome.Completed, result.Outcome);
        Assert.True(result.Succeeded);
        var session = (await stores.Sessions.GetAsync(claimed.Id))!;
        Assert.Equal(PaymentSessionStatus.Booked, session.Status);
        Assert.Equal(claimed.Version + 1, session.Version);
        Assert.Equal(completion.Interview.Id, session.InterviewId);
        Assert.Equal(completion.ReservationId, session.ReservationId);
        Assert.Equal(session.Version, result.Session!.Version);
        Assert.Equal(PaymentSessionStatus.Booked, result.Session.Status);
        var entry = (await stores.Sessions.GetHistoryAsync(claimed.Id))[^1];
        Assert.Equal((PaymentSessionStatus.Booking, PaymentSessionStatus.Booked, session.Version), (entry.From!.Value, entry.To, entry.Version));

        var reservation = (await stores.Reservations.GetAsync(completion.ReservationId))!;
        Assert.Equal(ReservationStatus.Confirmed, reservation.Status);
        var held = (await stores.Reservations.GetHistoryAsync(completion.ReservationId))[^1];
        Assert.Equal((ReservationStatus.Held, ReservationStatus.Confirmed, ReservationChangeReasons.Confirmed), (held.From!.Value, held.To, held.Reason));

        var interview = (await stores.Interviews.FindByKeyAsync(claimed.Id.Value))!;
        Assert.Equal(completion.Interview.Id, interview.Id);
        Assert.Equal(completion.Interview.MeetingLink, interview.MeetingLink);
        Assert.Equal(completion.Interview.Slot, interview.Slot);
        Assert.Equal(completion.ReservationId, interview.ReservationId);
        Assert.Equal(1, interview.Version);
        Assert.Equal(interview.Id, result.Interview!.Id);
        var scheduled = Assert.Single(await stores.Interviews.GetHistoryAsync(interview.Id));
        Assert.Equal((null, InterviewStatus.Scheduled), (scheduled.From, scheduled.To));

        var queued = (await stores.Outbox.ListBySessionAsync(claimed.Id)).Select(static item => item.Message.Key).Order(StringComparer.Ordinal);
        Assert.Equal(completion.Booked.Outbox.Select(static m => m.Key).Order(StringComparer.Ordinal), queued);
    }

    /// <summary>A hold whose time ran out is refused, and nothing is written: the hold still reads held, no interview, session and outbox unchanged.</summary>
    [Fact]
    public async Task RefusesAnExpiredHoldWritingNothing()
    {
        var stores = await NewStoresAsync();
        var (claimed, completion) = await ClaimedAsync(stores);
        Clock.Advance(HoldFor + Duration.FromSeconds(1));

        var result = await stores.Completions.TryCompleteAsync(completion);

        Assert.Equal(BookingCompletionOutcome.HoldNotConfirmable, result.Outcome);
        Assert.Equal(claimed.Version, result.Session!.Version);
        await AssertNothingWrittenAsync(stores, claimed, completion, ReservationStatus.Held);
    }

    /// <summary>A hold released before is refused, and nothing is written.</summary>
    [Fact]
    public async Task RefusesAReleasedHoldWritingNothing()
    {
        var stores = await NewStoresAsync();
        var (claimed, completion) = await ClaimedAsync(stores);
        Assert.True((await stores.Reservations.TryReleaseAsync(completion.ReservationId, completion.Owner)).Succeeded);

        var result = await stores.Completions.TryCompleteAsync(completion);

        Assert.Equal(BookingCompletionOutcome.HoldNotConfirmable, result.Outcome);
        await AssertNothingWrittenAsync(stores, claimed, completion, ReservationStatus.Released);
    }

    /// <summary>A hold of the session's owner but another slot than the interview's is refused, and nothing is written.</summary>
    [Fact]
    public async Task RefusesAHoldOfAnotherSlotWritingNothing()
    {
        var stores = await NewStoresAsync();
        var (claimed, completion) = await ClaimedAsync(stores);
        var later = completion.Interview.Slot.Start + Duration.FromHours(3);
        var other = completion with
        {
            Interview = completion.Interview with { Slot = new Interval(later, later + Duration.FromMinutes(60)) },
        };

        var result = await stores.Completions.TryCompleteAsync(other);

        Assert.Equal(BookingCompletionOutcome.HoldNotConfirmable, result.Outcome);
        await AssertNothingWrittenAsync(stores, claimed, completion, ReservationStatus.Held);
    }

    /// <summary>A session that moved on since its claim (another worker took it over) is refused, and nothing is written.</summary>
    [Fact]
    public async Task RefusesASessionThatMovedWritingNothing()
    {
        var stores = await NewStoresAsync();
        var (claimed, completion) = await ClaimedAsync(stores);
        var takenOver = await stores.Sessions.TryTransitionAsync(
            new PaymentSessionTransition(claimed.Id, PaymentSessionStatus.Booking, PaymentSessionStatus.Booking, Now) { ExpectedVersion = claimed.Version });
        Assert.True(takenOver.Succeeded);

        var result = await stores.Completions.TryCompleteAsync(completion);

        Assert.Equal(BookingCompletionOutcome.SessionMoved, result.Outcome);
        Assert.Equal(takenOver.Session!.Version, result.Session!.Version);
        await AssertNothingWrittenAsync(stores, takenOver.Session, completion, ReservationStatus.Held);
    }

    /// <summary>An interview already under the key is refused and returned; no second interview, and nothing else is written.</summary>
    [Fact]
    public async Task RefusesATakenKeyAndReturnsItsInterview()
    {
        var stores = await NewStoresAsync();
        var (claimed, completion) = await ClaimedAsync(stores);
        var first = await stores.Interviews.AddOrGetAsync(completion.Interview with { Id = InterviewId.New() });

        var result = await stores.Completions.TryCompleteAsync(completion);

        Assert.Equal(BookingCompletionOutcome.InterviewKeyTaken, result.Outcome);
        Assert.Equal(first.Id, result.Interview!.Id);
        Assert.Equal(first.Id, (await stores.Interviews.FindByKeyAsync(claimed.Id.Value))!.Id);
        Assert.Null(await stores.Interviews.GetAsync(completion.Interview.Id));
        await AssertSessionHoldAndOutboxUnchangedAsync(stores, claimed, completion, ReservationStatus.Held);
    }

    /// <summary>Of 16 racing completions of one session (each with its own interview) exactly one books it; the others write nothing.</summary>
    [Fact]
    public async Task RacingCompletionsBookOnce()
    {
        var stores = await NewStoresAsync();
        var (claimed, completion) = await ClaimedAsync(stores);

        var results = await Concurrently.RunAsync(16, _ =>
        {
            var interviewId = InterviewId.New();
            return stores.Completions.TryCompleteAsync(completion with
            {
                Interview = completion.Interview with { Id = interviewId },
                Booked = completion.Booked with { InterviewId = interviewId },
            });
        });

        var winner = Assert.Single(results, static r => r.Succeeded);
        Assert.All(results.Where(static r => !r.Succeeded), static r => Assert.True(
            r.Outcome is BookingCompletionOutcome.SessionMoved or BookingCompletionOutcome.InterviewKeyTaken, r.Outcome.ToString()));
        var session = (await stores.Sessions.GetAsync(claimed.Id))!;
        Assert.Equal((PaymentSessionStatus.Booked, claimed.Version + 1), (session.Status, session.Version));
        Assert.Equal(winner.Interview!.Id, session.InterviewId);
        Assert.Equal(winner.Interview.Id, (await stores.Interviews.FindByKeyAsync(claimed.Id.Value))!.Id);
        Assert.Single(await stores.Interviews.GetHistoryAsync(winner.Interview.Id));
        Assert.Single((await stores.Reservations.GetHistoryAsync(completion.ReservationId)).Where(static c => c.To == ReservationStatus.Confirmed));
        Assert.Equal(completion.Booked.Outbox.Count, (await stores.Outbox.ListBySessionAsync(claimed.Id)).Count);
    }

    /// <summary>A completion whose change names another interview than the one it stores is refused before anything is written.</summary>
    [Fact]
    public async Task RefusesPartsThatDoNotBelongTogether()
    {
        var stores = await NewStoresAsync();
        var (claimed, completion) = await ClaimedAsync(stores);

        await Assert.ThrowsAsync<ArgumentException>(() => stores.Completions.TryCompleteAsync(
            completion with { Booked = completion.Booked with { InterviewId = InterviewId.New() } }));
        await Assert.ThrowsAsync<ArgumentException>(() => stores.Completions.TryCompleteAsync(
            completion with { Booked = completion.Booked with { ExpectedVersion = null } }));

        await AssertNothingWrittenAsync(stores, claimed, completion, ReservationStatus.Held);
    }

    private static async Task AssertNothingWrittenAsync(
        (IBookingCompletionStore Completions, IPaymentSessionStore Sessions, IReservationStore Reservations, IInterviewStore Interviews, IOutboxStore Outbox) stores,
        PaymentSession claimed,
        BookingCompletion completion,
        ReservationStatus holdStatus)
    {
        Assert.Null(await stores.Interviews.FindByKeyAsync(claimed.Id.Value));
        Assert.Null(await stores.Interviews.GetAsync(completion.Interview.Id));
        await AssertSessionHoldAndOutboxUnchangedAsync(stores, claimed, completion, holdStatus);
    }

    private static async Task AssertSessionHoldAndOutboxUnchangedAsync(
        (IBookingCompletionStore Completions, IPaymentSessionStore Sessions, IReservationStore Reservations, IInterviewStore Interviews, IOutboxStore Outbox) stores,
        PaymentSession claimed,
        BookingCompletion completion,
        ReservationStatus holdStatus)
    {
        var session = (await stores.Sessions.GetAsync(claimed.Id))!;
        Assert.Equal((claimed.Status, claimed.Version, claimed.InterviewId), (session.Status, session.Version, session.InterviewId));
        Assert.Equal(claimed.Version, (await stores.Sessions.GetHistoryAsync(claimed.Id))[^1].Version);
        Assert.Equal(holdStatus, (await stores.Reservations.GetAsync(completion.ReservationId))!.Status);
        Assert.DoesNotContain(await stores.Reservations.GetHistoryAsync(completion.ReservationId), static c => c.To == ReservationStatus.Confirmed);
        Assert.Empty(await stores.Outbox.ListBySessionAsync(claimed.Id));
    }

    // A session paid and claimed (Pending -> Paid -> Booking) over its own hold, and the completion auto-booking would send for it.
    private async Task<(PaymentSession Claimed, BookingCompletion Completion)> ClaimedAsync(
        (IBookingCompletionStore Completions, IPaymentSessionStore Sessions, IReservationStore Reservations, IInterviewStore Interviews, IOutboxStore Outbox) stores)
    {
        var id = PaymentSessionId.New();
        var interviewer = new InterviewerId(Unique("iv"));
        var slot = PaymentSessionSamples.DefaultSlot(Now);
        var hold = await stores.Reservations.TryHoldAsync(new HoldRequest(interviewer, slot, id.Value, Now + HoldFor));
        Assert.True(hold.Succeeded);
        var pending = await stores.Sessions.CreateAsync(PaymentSessionSamples.Pending(Now, id, interviewer, hold.Reservation!.Id, slot));
        var claim = await stores.Sessions.TryTransitionThenAsync(
            new PaymentSessionTransition(id, PaymentSessionStatus.Pending, PaymentSessionStatus.Paid, Now) { ExpectedVersion = pending.Version },
            new PaymentSessionTransition(id, PaymentSessionStatus.Paid, PaymentSessionStatus.Booking, Now));
        Assert.True(claim.Succeeded);
        var claimed = claim.Session!;

        var interview = new ScheduledInterview(InterviewId.New(), PaymentSessionSamples.ScheduleRequest(claimed), Now)
        {
            MeetingLink = new Uri("https://meet.example.com/" + Unique("room")),
        };
        var booked = new PaymentSessionTransition(id, PaymentSessionStatus.Booking, PaymentSessionStatus.Booked, Now)
        {
            ExpectedVersion = claimed.Version,
            InterviewId = interview.Id,
            ReservationId = interview.ReservationId,
            Outbox =
            [
                new OutboxMessage(id.Value + ":booked", OutboxKinds.Notification, Now) { SessionId = id },
                new OutboxMessage(id.Value + ":reminder", OutboxKinds.Reminder, slot.Start - Duration.FromHours(1)) { SessionId = id },
            ],
        };
        return (claimed, new BookingCompletion(id.Value, interview, booked));
    }

    private async Task<(IBookingCompletionStore Completions, IPaymentSessionStore Sessions, IReservationStore Reservations, IInterviewStore Interviews, IOutboxStore Outbox)>
        NewStoresAsync()
    {
        var stores = await CreateStoresAsync(Clock);
        Track(stores.Completions);
        return stores;
    }
}
