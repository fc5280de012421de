using Xunit;

namespace InterviewBooking.Testing;

/// <summary>
/// The behaviour every <see cref="IPaymentEventInbox"/> must have. An adapter's test project subclasses this and implements
/// <see cref="CreateInboxAsync"/>; the tests use fresh event ids, so an inbox shared between tests works too.
/// </summary>
public abstract class PaymentEventInboxContractTests : StoreContractTestBase
{
    /// <summary>Creates the inbox under test.</summary>
    /// <param name="clock">The clock, should the inbox need one.</param>
    protected abstract Task<IPaymentEventInbox> CreateInboxAsync(IClock clock);

    /// <summary>An event never recorded is not found.</summary>
    [Fact]
    public async Task UnknownEventIsNotFound()
    {
        var inbox = await NewInboxAsync();

        Assert.Null(await inbox.FindAsync(Unique("evt")));
    }

    /// <summary>A recorded event reads back field for field.</summary>
    [Fact]
    public async Task RecordedEventRoundTrips()
    {
        var inbox = await NewInboxAsync();
        var processed = new ProcessedPaymentEvent(Unique("evt"), "checkout.session.completed", PaymentSessionId.New(), PaymentEventOutcome.Booked, Now);

        Assert.True(await inbox.TryRecordAsync(processed));

        Assert.Equal(processed, await inbox.FindAsync(processed.EventId));
    }

    /// <summary>An event without a session id (one that named none) is kept too.</summary>
    [Fact]
    public async Task EventWithoutSessionIsKept()
    {
        var inbox = await NewInboxAsync();
        var processed = new ProcessedPaymentEvent(Unique("evt"), "checkout.session.expired", null, PaymentEventOutcome.Ignored, Now);

        Assert.True(await inbox.TryRecordAsync(processed));

        Assert.Equal(processed, await inbox.FindAsync(processed.EventId));
    }

    /// <summary>A second record of one event id is refused and the first stays.</summary>
    [Fact]
    public async Task SecondRecordIsRefusedAndFirstStays()
    {
        var inbox = await NewInboxAsync();
        var id = Unique("evt");
        var first = new ProcessedPaymentEvent(id, "checkout.session.completed", PaymentSessionId.New(), PaymentEventOutcome.Booked, Now);

        Assert.True(await inbox.TryRecordAsync(first));
        Assert.False(await inbox.TryRecordAsync(first with { Outcome = PaymentEventOutcome.Ignored, ProcessedAt = Now + Duration.FromMinutes(1) }));

        Assert.Equal(first, await inbox.FindAsync(id));
    }

    /// <summary>Of 32 concurrent records of one event id exactly one succeeds.</summary>
    [Fact]
    public async Task ConcurrentRecordsHaveOneWinner()
    {
        var inbox = await NewInboxAsync();
        var id = Unique("evt");
        var sessionId = PaymentSessionId.New();

        var results = await Concurrently.RunAsync(32, i =>
            inbox.TryRecordAsync(new ProcessedPaymentEvent(id, "checkout.session.completed", sessionId, PaymentEventOutcome.Booked, Now + Duration.FromSeconds(i))));

        Assert.Equal(1, results.Count(r => r));
        Assert.NotNull(await inbox.FindAsync(id));
    }

    private async Task<IPaymentEventInbox> NewInboxAsync() => Track(await CreateInboxAsync(Clock));
}
