using Xunit;

namespace InterviewBooking.Testing;

/// <summary>
/// The behaviour every <see cref="IOutboxStore"/> must have, and what its adapter's <see cref="IPaymentSessionStore"/> must do with
/// <see cref="PaymentSessionTransition.Outbox"/>: write the messages exactly when the compare-and-set wins. An adapter's test project
/// subclasses this and implements <see cref="CreateStoresAsync"/>.
/// </summary>
public abstract class OutboxStoreContractTests : StoreContractTestBase
{
    private static readonly Duration Lease = Duration.FromMinutes(1);

    /// <summary>
    /// Creates the outbox under test with <paramref name="clock"/>, empty (a store shared between tests is emptied first: leases see every
    /// due item), and the same adapter's payment session store, which writes its transitions' messages to that outbox.
    /// </summary>
    /// <param name="clock">The stores' clock (a <see cref="NodaTime.Testing.FakeClock"/> the tests move).</param>
    protected abstract Task<(IOutboxStore Outbox, IPaymentSessionStore Sessions)> CreateStoresAsync(IClock clock);

    /// <summary>A message is stored once per key; it reads back as enqueued, pending and due at its <see cref="OutboxMessage.DueAt"/>.</summary>
    [Fact]
    public async Task EnqueueStoresOnceByKey()
    {
        var outbox = await NewOutboxAsync();
        var sessionId = PaymentSessionId.New();
        var message = Message(Now + Duration.FromMinutes(5)) with
        {
            SessionId = sessionId,
            Data = new Dictionary<string, string>(StringComparer.Ordinal) { ["reason"] = "because", ["sequence"] = "2" },
        };

        Assert.True(await outbox.EnqueueAsync(message));
        Assert.False(await outbox.EnqueueAsync(message with { Kind = "other", DueAt = Now }));

        var item = await outbox.GetAsync(message.Key);
        Assert.NotNull(item);
        Assert.Equal(message.Key, item.Message.Key);
        Assert.Equal(message.Kind, item.Message.Kind);
        Assert.Equal(message.DueAt, item.Message.DueAt);
        Assert.Equal(sessionId, item.Message.SessionId);
        Assert.Equal(message.Data.OrderBy(p => p.Key), item.Message.Data.OrderBy(p => p.Key));
        Assert.Equal(OutboxItemStatus.Pending, item.Status);
        Assert.Equal(0, item.Attempts);
        Assert.Equal(message.DueAt, item.NextAttemptAt);
        Assert.Equal(Now, item.CreatedAt);
        Assert.Null(item.LeaseToken);
        Assert.Null(item.FinishedAt);
        Assert.Null(await outbox.GetAsync(Unique("absent")));
    }

    /// <summary>A lease takes only due items, oldest due first, up to the maximum; a later one becomes due when its time comes.</summary>
    [Fact]
    public async Task LeaseTakesDueItemsOldestFirst()
    {
        var outbox = await NewOutboxAsync();
        var later = Message(Now + Duration.FromMinutes(5));
        var second = Message(Now - Duration.FromMinutes(1));
        var first = Message(Now - Duration.FromMinutes(2));
        var third = Message(Now);
        foreach (var message in new[] { later, second, first, third })
        {
            await outbox.EnqueueAsync(message);
        }

        var leased = await outbox.LeaseAsync(2, Lease);
        Assert.Equal([first.Key, second.Key], leased.Select(i => i.Message.Key));
        Assert.All(leased, item =>
        {
            Assert.Equal(OutboxItemStatus.Leased, item.Status);
            Assert.NotNull(item.LeaseToken);
            Assert.Equal(Now + Lease, item.LeasedUntil);
        });
        Assert.NotEqual(leased[0].LeaseToken, leased[1].LeaseToken);

        Assert.Equal([third.Key], (await outbox.LeaseAsync(10, Lease)).Select(i => i.Message.Key));
        Assert.Empty(await outbox.LeaseAsync(10, Lease));

        Clock.Advance(Duration.FromMinutes(5) - Duration.FromTicks(1));
        Assert.DoesNotContain(later.Key, (await outbox.LeaseAsync(10, Lease)).Select(i => i.Message.Key));
        Clock.Advance(Duration.FromTicks(1));
        Assert.Contains(later.Key, (await outbox.LeaseAsync(10, Lease)).Select(i => i.Message.Key));
    }

    /// <summary>A leased item is not leased again while its lease lasts.</summary>
    [Fact]
    public async Task LeaseIsExclusive()
    {
        var outbox = await NewOutboxAsync();
        var message = Message(Now);
        await outbox.EnqueueAsync(message);

        Assert.Single(await outbox.LeaseAsync(10, Lease));
        Clock.Advance(Lease - Duration.FromSeconds(1));
        Assert.Empty(await outbox.LeaseAsync(10, Lease));
        Assert.Equal(OutboxItemStatus.Leased, (await outbox.GetAsync(message.Key))!.Status);
    }

    /// <summary>Concurrent leasers (workers on any instance) split the due items: every item goes to exactly one of them.</summary>
    [Fact]
    public async Task ConcurrentLeasersNeverShareAnItem()
    {
        var outbox = await NewOutboxAsync();
        var keys = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            var message = Message(Now);
            keys.Add(message.Key);
            await outbox.EnqueueAsync(message);
        }

        var batches = await Concurrently.RunAsync(8, _ => outbox.LeaseAsync(10, Lease));
        var leased = batches.SelectMany(b => b).Select(i => i.Message.Key).ToList();

        Assert.Equal(leased.Count, leased.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(keys.Order(StringComparer.Ordinal), leased.Order(StringComparer.Ordinal));
    }

    /// <summary>A lease that ran out can be taken again, with a new token; the old token then ends nothing.</summary>
    [Fact]
    public async Task LeaseThatRanOutIsLeasedAgainAndTheOldTokenIsRefused()
    {
        var outbox = await NewOutboxAsync();
        var message = Message(Now);
        await outbox.EnqueueAsync(message);
        var first = Assert.Single(await outbox.LeaseAsync(10, Lease));

        Clock.Advance(Lease);
        var second = Assert.Single(await outbox.LeaseAsync(10, Lease));

        Assert.Equal(message.Key, second.Message.Key);
        Assert.NotEqual(first.LeaseToken, second.LeaseToken);
        Assert.Equal(Now + Lease, second.LeasedUntil);
        Assert.False(await outbox.CompleteAsync(message.Key, first.LeaseToken!.Value));
        Assert.True(await outbox.CompleteAsync(message.Key, second.LeaseToken!.Value));
    }

    /// <summary>Completing ends the lease for good: counted as an attempt, dated, never leased again.</summary>
    [Fact]
    public async Task CompleteFinishesTheItem()
    {
        var outbox = await NewOutboxAsync();
        var message = Message(Now);
        await outbox.EnqueueAsync(message);
        var leased = Assert.Single(await outbox.LeaseAsync(10, Lease));

        Clock.Advance(Duration.FromSeconds(3));
        Assert.True(await outbox.CompleteAsync(message.Key, leased.LeaseToken!.Value));

        var item = (await outbox.GetAsync(message.Key))!;
        Assert.Equal(OutboxItemStatus.Completed, item.Status);
        Assert.Equal(1, item.Attempts);
        Assert.Equal(Now, item.FinishedAt);
        Assert.Null(item.LeaseToken);
        Assert.Null(item.LeasedUntil);
        Clock.Advance(Duration.FromDays(1));
        Assert.Empty(await outbox.LeaseAsync(10, Lease));
        Assert.False(await outbox.CompleteAsync(message.Key, leased.LeaseToken.Value));
    }

    /// <summary>A failed attempt waits until its next attempt time, keeping its error; the attempt counts.</summary>
    [Fact]
    public async Task RetryLaterWaitsUntilTheNextAttempt()
    {
        var outbox = await NewOutboxAsync();
        var message = Message(Now);
        await outbox.EnqueueAsync(message);
        var leased = Assert.Single(await outbox.LeaseAsync(10, Lease));
        var next = Now + Duration.FromMinutes(10);

        Assert.True(await outbox.RetryLaterAsync(message.Key, leased.LeaseToken!.Value, "SMTP 451", next));

        var item = (await outbox.GetAsync(message.Key))!;
        Assert.Equal(OutboxItemStatus.Pending, item.Status);
        Assert.Equal(1, item.Attempts);
        Assert.Equal(next, item.NextAttemptAt);
        Assert.Equal("SMTP 451", item.LastError);
        Assert.Null(item.LeaseToken);

        Clock.Advance(Duration.FromMinutes(10) - Duration.FromSeconds(1));
        Assert.Empty(await outbox.LeaseAsync(10, Lease));
        Clock.Advance(Duration.FromSeconds(1));
        var again = Assert.Single(await outbox.LeaseAsync(10, Lease));
        Assert.Equal(1, again.Attempts);
        Assert.Equal("SMTP 451", again.LastError);
    }

    /// <summary>A dead-lettered item keeps its error, is never leased again, and is listed for an operator, most recent first, up to the maximum.</summary>
    [Fact]
    public async Task DeadLetterKeepsTheErrorAndIsListed()
    {
        var outbox = await NewOutboxAsync();
        var older = Message(Now);
        var newer = Message(Now);
        var delivered = Message(Now);
        foreach (var message in new[] { older, newer, delivered })
        {
            await outbox.EnqueueAsync(message);
        }

        var leased = (await outbox.LeaseAsync(10, Lease)).ToDictionary(i => i.Message.Key, i => i.LeaseToken!.Value, StringComparer.Ordinal);
        Assert.True(await outbox.DeadLetterAsync(older.Key, leased[older.Key], "refused: 550"));
        Clock.Advance(Duration.FromMinutes(1));
        Assert.True(await outbox.DeadLetterAsync(newer.Key, leased[newer.Key], "too many attempts"));
        Assert.True(await outbox.CompleteAsync(delivered.Key, leased[delivered.Key]));

        var item = (await outbox.GetAsync(older.Key))!;
        Assert.Equal(OutboxItemStatus.DeadLettered, item.Status);
        Assert.Equal(1, item.Attempts);
        Assert.Equal("refused: 550", item.LastError);
        Assert.Equal(Now - Duration.FromMinutes(1), item.FinishedAt);

        Assert.Equal([newer.Key, older.Key], (await outbox.ListDeadLetteredAsync(10)).Select(i => i.Message.Key));
        Assert.Equal([newer.Key], (await outbox.ListDeadLetteredAsync(1)).Select(i => i.Message.Key));
        Assert.Equal("too many attempts", (await outbox.ListDeadLetteredAsync(1))[0].LastError);
        Clock.Advance(Duration.FromDays(1));
        Assert.Empty(await outbox.LeaseAsync(10, Lease));
    }

    /// <summary>
    /// The backlog counts what a lease would take now (pending items due, leases run out) without taking it, the earliest of their due
    /// times, and the dead letters; neither future, running, completed nor dead-lettered items count as due.
    /// </summary>
    [Fact]
    public async Task BacklogCountsDueItemsAndDeadLetters()
    {
        var outbox = await NewOutboxAsync();
        Assert.Equal(new OutboxBacklog(0, null, 0), await outbox.GetBacklogAsync());

        var toLease = Message(Now - Duration.FromMinutes(10));
        var toDeadLetter = Message(Now - Duration.FromMinutes(9));
        var toComplete = Message(Now - Duration.FromMinutes(8));
        foreach (var message in new[] { toLease, toDeadLetter, toComplete })
        {
            await outbox.EnqueueAsync(message);
        }

        var leased = (await outbox.LeaseAsync(10, Lease)).ToDictionary(i => i.Message.Key, i => i.LeaseToken!.Value, StringComparer.Ordinal);
        Assert.True(await outbox.DeadLetterAsync(toDeadLetter.Key, leased[toDeadLetter.Key], "refused: 550"));
        Assert.True(await outbox.CompleteAsync(toComplete.Key, leased[toComplete.Key]));
        var oldestWaiting = Message(Now - Duration.FromMinutes(3));
        await outbox.EnqueueAsync(oldestWaiting);
        await outbox.EnqueueAsync(Message(Now));
        var future = Message(Now + Duration.FromMinutes(5));
        await outbox.EnqueueAsync(future);

        // The running lease and the future item are not due; the backlog changes nothing, so a lease still takes the two due items.
        Assert.Equal(new OutboxBacklog(2, oldestWaiting.DueAt, 1), await outbox.GetBacklogAsync());
        Assert.Equal(new OutboxBacklog(2, oldestWaiting.DueAt, 1), await outbox.GetBacklogAsync());

        // Once the lease runs out its item is due again, dated by the lease's end.
        Clock.Advance(Lease);
        var backlog = await outbox.GetBacklogAsync();
        Assert.Equal(3, backlog.DueCount);
        Assert.Equal(oldestWaiting.DueAt, backlog.OldestDueAt);
        Assert.Equal(1, backlog.DeadLetterCount);

        var taken = await outbox.LeaseAsync(10, Lease);
        Assert.Equal(3, taken.Count);
        Assert.Equal(new OutboxBacklog(0, null, 1), await outbox.GetBacklogAsync());
        foreach (var item in taken)
        {
            Assert.True(await outbox.CompleteAsync(item.Message.Key, item.LeaseToken!.Value));
        }

        Clock.Advance(Duration.FromMinutes(4));
        Assert.Equal(new OutboxBacklog(1, future.DueAt, 1), await outbox.GetBacklogAsync());
    }

    /// <summary>A returned lease makes the item due at once, and the attempt does not count.</summary>
    [Fact]
    public async Task ReturnedLeaseIsDueAtOnceWithoutCountingAnAttempt()
    {
        var outbox = await NewOutboxAsync();
        var message = Message(Now);
        await outbox.EnqueueAsync(message);
        var leased = Assert.Single(await outbox.LeaseAsync(10, Lease));

        Assert.True(await outbox.ReturnLeaseAsync(message.Key, leased.LeaseToken!.Value));

        var item = (await outbox.GetAsync(message.Key))!;
        Assert.Equal(OutboxItemStatus.Pending, item.Status);
        Assert.Equal(0, item.Attempts);
        Assert.Null(item.LeaseToken);
        var again = Assert.Single(await outbox.LeaseAsync(10, Lease));
        Assert.NotEqual(leased.LeaseToken, again.LeaseToken);
    }

    /// <summary>Complete, retry, dead-letter and return are refused with a token that is not the lease's, or for an unknown key; nothing changes.</summary>
    [Fact]
    public async Task WrongTokenEndsNothing()
    {
        var outbox = await NewOutboxAsync();
        var message = Message(Now);
        await outbox.EnqueueAsync(message);
        Assert.False(await outbox.CompleteAsync(message.Key, Guid.NewGuid()));
        var leased = Assert.Single(await outbox.LeaseAsync(10, Lease));
        var wrong = Guid.NewGuid();

        Assert.False(await outbox.CompleteAsync(message.Key, wrong));
        Assert.False(await outbox.RetryLaterAsync(message.Key, wrong, "x", Now));
        Assert.False(await outbox.DeadLetterAsync(message.Key, wrong, "x"));
        Assert.False(await outbox.ReturnLeaseAsync(message.Key, wrong));
        Assert.False(await outbox.CompleteAsync(Unique("absent"), leased.LeaseToken!.Value));

        var item = (await outbox.GetAsync(message.Key))!;
        Assert.Equal(OutboxItemStatus.Leased, item.Status);
        Assert.Equal(leased.LeaseToken, item.LeaseToken);
        Assert.Equal(0, item.Attempts);
        Assert.Null(item.LastError);
    }

    /// <summary>A session's items list oldest first; another session's are not among them; an unknown session has none.</summary>
    [Fact]
    public async Task ListBySessionGivesTheSessionsItemsOldestFirst()
    {
        var outbox = await NewOutboxAsync();
        var mine = PaymentSessionId.New();
        var first = Message(Now) with { SessionId = mine };
        var other = Message(Now) with { SessionId = PaymentSessionId.New() };
        var none = Message(Now);
        await outbox.EnqueueAsync(first);
        await outbox.EnqueueAsync(other);
        await outbox.EnqueueAsync(none);
        Clock.Advance(Duration.FromSeconds(1));
        var second = Message(Now) with { SessionId = mine };
        await outbox.EnqueueAsync(second);

        Assert.Equal([first.Key, second.Key], (await outbox.ListBySessionAsync(mine)).Select(i => i.Message.Key));
        Assert.Empty(await outbox.ListBySessionAsync(PaymentSessionId.New()));
    }

    /// <summary>A transition that wins its compare-and-set stores its messages, dated with the change, for the session.</summary>
    [Fact]
    public async Task TransitionThatSucceedsWritesItsMessages()
    {
        var (outbox, sessions) = await NewStoresAsync();
        var session = await sessions.CreateAsync(PaymentSessionSamples.Pending(Now));
        Clock.Advance(Duration.FromSeconds(2));
        var notify = Message(Now) with { SessionId = session.Id };
        var remind = Message(Now + Duration.FromHours(20)) with { SessionId = session.Id, Kind = "reminder" };

        var paid = await sessions.TryTransitionAsync(
            new PaymentSessionTransition(session.Id, PaymentSessionStatus.Pending, PaymentSessionStatus.Paid, Now) { Outbox = [notify, remind] });

        Assert.True(paid.Succeeded);
        var items = await outbox.ListBySessionAsync(session.Id);
        Assert.Equal(new[] { notify.Key, remind.Key }.Order(StringComparer.Ordinal), items.Select(i => i.Message.Key).Order(StringComparer.Ordinal));
        var stored = (await outbox.GetAsync(remind.Key))!;
        Assert.Equal("reminder", stored.Message.Kind);
        Assert.Equal(remind.DueAt, stored.NextAttemptAt);
        Assert.Equal(Now, stored.CreatedAt);
        Assert.Equal(OutboxItemStatus.Pending, stored.Status);
        Assert.Single(await outbox.LeaseAsync(10, Lease));
    }

    /// <summary>A transition that loses its compare-and-set (stale status or version) stores none of its messages.</summary>
    [Fact]
    public async Task TransitionThatFailsWritesNothing()
    {
        var (outbox, sessions) = await NewStoresAsync();
        var session = await sessions.CreateAsync(PaymentSessionSamples.Pending(Now));
        var staleStatus = Message(Now) with { SessionId = session.Id };
        var staleVersion = Message(Now) with { SessionId = session.Id };

        var fromPaid = await sessions.TryTransitionAsync(
            new PaymentSessionTransition(session.Id, PaymentSessionStatus.Paid, PaymentSessionStatus.Booking, Now) { Outbox = [staleStatus] });
        var atVersion = await sessions.TryTransitionAsync(
            new PaymentSessionTransition(session.Id, PaymentSessionStatus.Pending, PaymentSessionStatus.Paid, Now) { ExpectedVersion = 7, Outbox = [staleVersion] });
        var unknown = await sessions.TryTransitionAsync(
            new PaymentSessionTransition(PaymentSessionId.New(), PaymentSessionStatus.Pending, PaymentSessionStatus.Paid, Now) { Outbox = [Message(Now)] });

        Assert.False(fromPaid.Succeeded);
        Assert.False(atVersion.Succeeded);
        Assert.False(unknown.Succeeded);
        Assert.Null(await outbox.GetAsync(staleStatus.Key));
        Assert.Null(await outbox.GetAsync(staleVersion.Key));
        Assert.Empty(await outbox.LeaseAsync(10, Lease));
    }

    /// <summary>A transition whose message key is already stored succeeds and leaves the stored item as it was (a redelivery never resets it).</summary>
    [Fact]
    public async Task TransitionKeepsAnItemAlreadyStoredUnderTheKey()
    {
        var (outbox, sessions) = await NewStoresAsync();
        var session = await sessions.CreateAsync(PaymentSessionSamples.Pending(Now));
        var message = Message(Now) with { SessionId = session.Id };
        await outbox.EnqueueAsync(message);
        var leased = Assert.Single(await outbox.LeaseAsync(10, Lease));
        await outbox.CompleteAsync(message.Key, leased.LeaseToken!.Value);

        var paid = await sessions.TryTransitionAsync(
            new PaymentSessionTransition(session.Id, PaymentSessionStatus.Pending, PaymentSessionStatus.Paid, Now) { Outbox = [message with { Kind = "changed" }] });

        Assert.True(paid.Succeeded);
        var item = (await outbox.GetAsync(message.Key))!;
        Assert.Equal(OutboxItemStatus.Completed, item.Status);
        Assert.Equal(message.Kind, item.Message.Kind);
    }

    /// <summary>Of concurrent compare-and-sets on one session, only the winner's messages are stored.</summary>
    [Fact]
    public async Task ConcurrentTransitionsStoreOnlyTheWinnersMessages()
    {
        var (outbox, sessions) = await NewStoresAsync();
        var session = await sessions.CreateAsync(PaymentSessionSamples.Pending(Now));
        var messages = Enumerable.Range(0, 8).Select(_ => Message(Now) with { SessionId = session.Id }).ToArray();

        var results = await Concurrently.RunAsync(8, i => sessions.TryTransitionAsync(
            new PaymentSessionTransition(session.Id, PaymentSessionStatus.Pending, PaymentSessionStatus.Paid, Now) { ExpectedVersion = 1, Outbox = [messages[i]] }));

        var winner = Assert.Single(Enumerable.Range(0, 8), i => results[i].Succeeded);
        Assert.Equal([messages[winner].Key], (await outbox.ListBySessionAsync(session.Id)).Select(i => i.Message.Key));
    }

    private async Task<IOutboxStore> NewOutboxAsync() => (await NewStoresAsync()).Outbox;

    private async Task<(IOutboxStore Outbox, IPaymentSessionStore Sessions)> NewStoresAsync()
    {
        var (outbox, sessions) = await CreateStoresAsync(Clock);
        return (Track(outbox), Track(sessions));
    }

    private static OutboxMessage Message(Instant dueAt) => new(Unique("item"), "contract-test", dueAt);
}
