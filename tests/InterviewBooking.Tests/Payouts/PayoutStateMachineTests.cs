namespace InterviewBooking.Tests.Payouts;

public sealed class PayoutStateMachineTests
{
    public static TheoryData<PayoutStatus, PayoutStatus> Allowed => new()
    {
        { PayoutStatus.Pending, PayoutStatus.Paid },
        { PayoutStatus.Pending, PayoutStatus.Canceled },
        { PayoutStatus.Pending, PayoutStatus.Held },
        { PayoutStatus.Held, PayoutStatus.Pending },
        { PayoutStatus.Held, PayoutStatus.Canceled },
        { PayoutStatus.Held, PayoutStatus.Paid },
        { PayoutStatus.Paid, PayoutStatus.Reversed },
    };

    [Fact]
    public void Exactly_the_documented_changes_are_allowed()
    {
        var allowed = Allowed.Select(row => ((PayoutStatus)row[0], (PayoutStatus)row[1])).ToHashSet();
        foreach (var from in Enum.GetValues<PayoutStatus>())
        {
            foreach (var to in Enum.GetValues<PayoutStatus>())
            {
                Assert.Equal(allowed.Contains((from, to)), PayoutStateMachine.IsAllowed(from, to));
            }
        }

        var error = Assert.Throws<InvalidPayoutTransitionException>(() => PayoutStateMachine.EnsureAllowed(new InterviewId("iv_1"), PayoutStatus.Canceled, PayoutStatus.Paid));
        Assert.Equal((PayoutStatus.Canceled, PayoutStatus.Paid), (error.From, error.To));
        Assert.Contains("iv_1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Disputes_hold_a_pending_payout_release_a_held_one_and_a_lost_one_cancels_either()
    {
        var at = Instant.FromUtc(2026, 6, 1, 8, 0);
        var session = PaymentSessionId.New();
        var pending = Payout(PayoutStatus.Pending, session);
        var held = Payout(PayoutStatus.Held, session);
        var open = new PaymentDispute("dp_1", session, DisputeStatus.Open, at);

        Assert.Equal(PayoutStatus.Held, PayoutStateMachine.AfterDisputes(pending, [open], at)!.To);
        Assert.Null(PayoutStateMachine.AfterDisputes(held, [open], at));
        Assert.Equal(PayoutStatus.Pending, PayoutStateMachine.AfterDisputes(held, [open with { Status = DisputeStatus.WarningClosed }], at)!.To);
        // Released only once no dispute of the session is left open.
        Assert.Null(PayoutStateMachine.AfterDisputes(held, [open with { Status = DisputeStatus.Won }, new PaymentDispute("dp_2", session, DisputeStatus.Open, at)], at));
        Assert.Equal(PayoutStatus.Canceled, PayoutStateMachine.AfterDisputes(held, [open with { Status = DisputeStatus.Lost }], at)!.To);
        Assert.Equal(PayoutStatus.Canceled, PayoutStateMachine.AfterDisputes(pending, [open with { Status = DisputeStatus.Lost }], at)!.To);
        Assert.Null(PayoutStateMachine.AfterDisputes(Payout(PayoutStatus.Paid, session), [open with { Status = DisputeStatus.Lost }], at));
        Assert.Null(PayoutStateMachine.AfterDisputes(pending, [], at));
    }

    [Fact]
    public void A_closed_dispute_stays_as_it_closed()
    {
        var at = Instant.FromUtc(2026, 6, 1, 8, 0);
        var open = new PaymentDispute("dp_1", PaymentSessionId.New(), DisputeStatus.Open, at);
        var lost = open with { Status = DisputeStatus.Lost, At = at + Duration.FromDays(60) };

        Assert.Equal((open, true), PaymentDispute.Merge(null, open));
        Assert.Equal((open, false), PaymentDispute.Merge(open, open));
        Assert.Equal((lost, true), PaymentDispute.Merge(open, lost));
        Assert.Equal((lost, false), PaymentDispute.Merge(lost, open));
        Assert.Equal((lost, false), PaymentDispute.Merge(lost, lost with { Status = DisputeStatus.Won }));
    }

    private static Payout Payout(PayoutStatus status, PaymentSessionId session) => new()
    {
        InterviewId = InterviewId.New(),
        SessionId = session,
        InterviewerId = new InterviewerId("interviewer-1"),
        PlanId = "mock-30",
        Amount = new Money(3000, "USD"),
        Status = status,
        CompletedAt = Instant.FromUtc(2026, 6, 1, 8, 0),
        DueAt = Instant.FromUtc(2026, 6, 4, 8, 0),
        CreatedAt = Instant.FromUtc(2026, 6, 1, 8, 0),
        Version = 3,
    };
}
