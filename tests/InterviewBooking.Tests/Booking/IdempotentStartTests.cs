using InterviewBooking.InMemory;
using InterviewBooking.Tests.Support;

namespace InterviewBooking.Tests.Booking;

/// <summary>A start with an idempotency key: the same key answers with the first session and hold; another request under it is refused.</summary>
public sealed class IdempotentStartTests
{
    private static readonly InterviewerId[] Backend = [new("interviewer-ada"), new("interviewer-grace"), new("interviewer-alan")];

    private static InterviewRequest Keyed(string key = "double-click", string candidate = "candidate-1") =>
        FlowFixture.Request(candidate) with { IdempotencyKey = key };

    [Fact]
    public async Task The_same_key_again_returns_the_same_session_and_hold_and_holds_nothing_more()
    {
        await using var flow = new FlowFixture();
        var first = await flow.Booking.StartAsync(Keyed());

        var again = await flow.Booking.StartAsync(Keyed());

        Assert.True(first.Succeeded);
        Assert.False(first.Replayed);
        Assert.True(again.Replayed);
        Assert.True(again.Succeeded);
        Assert.Equal(BookingStartOutcome.Started, again.Outcome);
        Assert.Equal(first.Session!.Id, again.Session!.Id);
        Assert.Equal(first.Reservation!.Id, again.Reservation!.Id);
        Assert.Equal(first.CheckoutUrl, again.CheckoutUrl);
        Assert.Null(again.Match);
        Assert.Equal(1, ((InMemoryReservationStore)flow.Reservations).Count);
        Assert.Equal(1, ((InMemoryPaymentSessionStore)flow.Sessions).Count);
        Assert.Equal(1, flow.Gateway.CreateCheckoutCalls);
        Assert.Equal("double-click", again.Session.IdempotencyKey);
        Assert.StartsWith("sha256:", again.Session.RequestFingerprint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_key_with_another_request_is_refused_naming_the_key_and_writes_nothing()
    {
        await using var flow = new FlowFixture();
        var first = await flow.Booking.StartAsync(Keyed());
        var later = FlowFixture.PopularSlot.Start + Duration.FromHours(1);

        var error = await Assert.ThrowsAsync<IdempotencyKeyConflictException>(() =>
            flow.Booking.StartAsync(Keyed() with { RequestedSlot = new Interval(later, later + Duration.FromMinutes(30)) }));

        Assert.Equal("double-click", error.IdempotencyKey);
        Assert.Equal(new CandidateId("candidate-1"), error.CandidateId);
        Assert.Equal(first.Session!.Id, error.SessionId);
        Assert.Contains("'double-click'", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, ((InMemoryReservationStore)flow.Reservations).Count);
        Assert.Equal(1, ((InMemoryPaymentSessionStore)flow.Sessions).Count);
    }

    [Theory]
    [InlineData("coupon")]
    [InlineData("add-on")]
    [InlineData("excluded")]
    [InlineData("email")]
    public async Task Any_field_that_changes_the_request_changes_its_fingerprint(string change)
    {
        await using var flow = new FlowFixture();
        await flow.Booking.StartAsync(Keyed());
        var changed = change switch
        {
            "coupon" => Keyed() with { CouponCode = "ONCE" },
            "add-on" => Keyed() with { AddOns = [new AddOnSelection("report")] },
            "excluded" => Keyed() with { ExcludedInterviewers = [new InterviewerId("interviewer-brendan")] },
            _ => Keyed() with { CandidateEmail = "other@example.org" },
        };

        await Assert.ThrowsAsync<IdempotencyKeyConflictException>(() => flow.Booking.StartAsync(changed));
    }

    [Fact]
    public async Task A_key_belongs_to_its_candidate()
    {
        await using var flow = new FlowFixture();
        var mine = await flow.Booking.StartAsync(Keyed(candidate: "candidate-1"));

        var theirs = await flow.Booking.StartAsync(Keyed(candidate: "candidate-2"));

        Assert.False(theirs.Replayed);
        Assert.NotEqual(mine.Session!.Id, theirs.Session!.Id);
        Assert.NotEqual(mine.Reservation!.InterviewerId, theirs.Reservation!.InterviewerId);
    }

    [Fact]
    public async Task A_replay_of_a_paid_session_says_so_and_opens_no_checkout()
    {
        await using var flow = new FlowFixture();
        var (started, paid) = await flow.StartAndPayAsync(Keyed());
        await flow.Events.ProcessAsync(paid);

        var again = await flow.Booking.StartAsync(Keyed());

        Assert.True(again.Replayed);
        Assert.False(again.Succeeded);
        Assert.Null(again.CheckoutUrl);
        Assert.Equal(started.Session!.Id, again.Session!.Id);
        Assert.Equal(PaymentSessionStatus.Booked, again.Session.Status);
        Assert.Contains("Booked", again.Reason, StringComparison.Ordinal);
        Assert.Equal(1, flow.Gateway.CreateCheckoutCalls);
    }

    [Fact]
    public async Task Concurrent_starts_with_one_key_end_with_one_session_and_no_stray_hold()
    {
        await using var flow = new FlowFixture();

        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var starting = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            await gate.Task;
            return await flow.Booking.StartAsync(Keyed());
        })).ToArray();
        gate.SetResult();
        var results = await Task.WhenAll(starting);

        // One start opened the session; the others replayed it, or (every interviewer held by starts about to lose the race) hold nothing.
        var session = Assert.Single(results, r => r is { Outcome: BookingStartOutcome.Started, Replayed: false }).Session!.Id;
        Assert.All(results, r => Assert.True(
            r.Session?.Id == session || (r.Outcome is BookingStartOutcome.SlotTaken or BookingStartOutcome.NoMatch or BookingStartOutcome.HoldLimitReached && r.Session is null),
            $"{r.Outcome} {r.Session?.Id}"));
        Assert.Contains(results, r => r.Replayed);
        Assert.Equal(1, ((InMemoryPaymentSessionStore)flow.Sessions).Count);
        var active = await flow.Reservations.GetActiveAsync(Backend, new Interval(FlowFixture.Start, FlowFixture.Start + Duration.FromDays(30)));
        Assert.Equal(session.Value, Assert.Single(active).Owner);
    }
}
