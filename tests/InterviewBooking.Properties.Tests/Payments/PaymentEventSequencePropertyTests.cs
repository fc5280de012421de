using InterviewBooking.InMemory;

namespace InterviewBooking.Properties.Tests.Payments;

/// <summary>
/// Random sequences of payment events for one session (duplicated, reordered, concurrent, with wrong amounts, expiries, a rival taking
/// the slot after the hold ran out, scheduler failures and clock moves), delivered until answered, keep the session's state machine legal
/// and book at most one interview with the pre-matched interviewer; a paid session always ends booked or flagged for refund.
/// </summary>
public sealed class PaymentEventSequencePropertyTests
{
    private static readonly Gen<PaymentStep> Step = Gen.Frequency(
        (8, Gen.Select(Gen.Enum<EventKind>(), Gen.Frequency((6, Gen.Const(false)), (1, Gen.Const(true))), Gen.Int[1, 3],
            (kind, wrongAmount, copies) => (PaymentStep)new PaymentStep.Deliver(kind, wrongAmount, copies))),
        (3, Gen.Select(Gen.Int[0, 20], Gen.Int[1, 3], (pick, copies) => (PaymentStep)new PaymentStep.Redeliver(pick, copies))),
        (3, Gen.Int[1, 90].Select(m => (PaymentStep)new PaymentStep.Advance(m))),
        (1, Gen.Const((PaymentStep)new PaymentStep.RivalHolds())),
        (1, Gen.Int[1, 2].Select(n => (PaymentStep)new PaymentStep.SchedulerFails(n))));

    [Fact]
    public Task Any_event_sequence_keeps_the_session_legal_and_books_at_most_once() =>
        Step.Array[1, 25].SampleAsync(RunAsync, iter: 200, threads: 1, print: steps => string.Join(Environment.NewLine, steps.Select((s, i) => $"{i}: {s}")));

    private static async Task RunAsync(PaymentStep[] steps)
    {
        await using var flow = new InMemoryFlow();
        var processor = flow.Get<PaymentEventProcessor>();
        var session = await flow.StartAsync();
        var delivered = new List<PaymentEvent>();
        var unanswered = new HashSet<string>(StringComparer.Ordinal);
        var paidDelivered = false;

        async Task DeliverAsync(PaymentEvent paymentEvent, int copies)
        {
            var results = await Task.WhenAll(Enumerable.Range(0, copies).Select(_ => Task.Run(async () =>
            {
                try
                {
                    return !(await processor.ProcessAsync(paymentEvent)).ShouldRetry;
                }
                catch (SimulatedFailureException)
                {
                    return false; // a webhook endpoint answers 500; the provider delivers again
                }
            })));
            if (results.All(answered => answered))
            {
                unanswered.Remove(paymentEvent.EventId);
            }
            else
            {
                unanswered.Add(paymentEvent.EventId);
            }
        }

        foreach (var step in steps)
        {
            switch (step)
            {
                case PaymentStep.Deliver deliver:
                {
                    var wrong = deliver.WrongAmount ? new Money(100, "USD") : (Money?)null;
                    var paymentEvent = deliver.Kind switch
                    {
                        EventKind.CompletedPaid => flow.Gateway.CompleteCheckout(session.Id, paid: true, wrong),
                        EventKind.CompletedUnpaid => flow.Gateway.CompleteCheckout(session.Id, paid: false),
                        EventKind.AsyncSucceeded => flow.Gateway.SucceedAsyncPayment(session.Id, wrong),
                        EventKind.AsyncFailed => flow.Gateway.FailAsyncPayment(session.Id),
                        _ => flow.Gateway.ExpireCheckout(session.Id),
                    };
                    paidDelivered |= paymentEvent.IsPaid;
                    delivered.Add(paymentEvent);
                    await DeliverAsync(paymentEvent, deliver.Copies);
                    break;
                }

                case PaymentStep.Redeliver redeliver when delivered.Count > 0:
                    await DeliverAsync(delivered[redeliver.Pick % delivered.Count], redeliver.Copies);
                    break;
                case PaymentStep.Advance advance:
                    flow.Clock.Advance(Duration.FromMinutes(advance.Minutes));
                    break;
                case PaymentStep.RivalHolds:
                    await flow.Reservations.TryHoldAsync(new HoldRequest(
                        session.InterviewerId!.Value, session.Slot!.Value, "rival-" + Guid.NewGuid().ToString("N"), flow.Clock.GetCurrentInstant() + Duration.FromHours(1)));
                    break;
                case PaymentStep.SchedulerFails fails:
                    flow.Scheduler.FailNextSchedules(fails.Count);
                    break;
            }
        }

        // The provider keeps delivering what was not answered (a stale booking claim times out after 2 minutes).
        flow.Scheduler.FailNextSchedules(0);
        for (var round = 0; round < 5 && unanswered.Count > 0; round++)
        {
            flow.Clock.Advance(Duration.FromMinutes(3));
            foreach (var eventId in unanswered.ToArray())
            {
                await DeliverAsync(delivered.First(e => e.EventId == eventId), 1);
            }
        }

        Assert.Empty(unanswered);
        await AssertLegalAsync(flow, session, paidDelivered);
    }

    private static async Task AssertLegalAsync(InMemoryFlow flow, PaymentSession started, bool paidDelivered)
    {
        var session = (await flow.Sessions.GetAsync(started.Id))!;
        var history = await flow.Sessions.GetHistoryAsync(started.Id);

        // Every entry of the audit trail is an allowed change, and each starts where the previous one ended.
        Assert.Null(history[0].From);
        Assert.Equal(PaymentSessionStatus.Pending, history[0].To);
        for (var i = 1; i < history.Count; i++)
        {
            Assert.Equal(history[i - 1].To, history[i].From);
            Assert.True(PaymentSessionStateMachine.IsAllowed(history[i].From!.Value, history[i].To), $"{history[i].From} -> {history[i].To} is not in the table");
            Assert.True(history[i].Version > history[i - 1].Version, "the trail is in version order"); // attaching the checkout takes a version too
        }

        Assert.Equal(session.Status, history[^1].To);
        Assert.True(session.Version >= history[^1].Version);

        var interviews = flow.Scheduler.Interviews.Where(i => i.Request.PaymentSessionId == started.Id).ToArray();
        Assert.True(interviews.Length <= 1, $"{interviews.Length} interviews for one payment");
        if (session.Status == PaymentSessionStatus.Booked)
        {
            var interview = Assert.Single(interviews);
            Assert.Equal(started.MatchedInterviewer!.Id, interview.InterviewerId);
            Assert.Equal(session.InterviewId, interview.Id);
            var reservation = (await flow.Reservations.GetAsync(session.ReservationId!.Value))!;
            Assert.Equal(ReservationStatus.Confirmed, reservation.Status);
            Assert.Equal(started.MatchedInterviewer.Id, reservation.InterviewerId);
        }
        else
        {
            Assert.Empty(interviews);
        }

        if (paidDelivered)
        {
            // Nothing lost: paid means booked, or flagged for refund with the reason.
            Assert.True(
                session.Status == PaymentSessionStatus.Booked || (session.Status == PaymentSessionStatus.RefundRequired && !string.IsNullOrWhiteSpace(session.StatusReason)),
                $"paid, but {session.Status} ({session.StatusReason})");
        }
        else
        {
            Assert.DoesNotContain(session.Status, new[] { PaymentSessionStatus.Paid, PaymentSessionStatus.Booking, PaymentSessionStatus.Booked });
        }
    }
}

public enum EventKind
{
    CompletedPaid,
    CompletedUnpaid,
    AsyncSucceeded,
    AsyncFailed,
    Expired,
}

/// <summary>One step of a generated payment history.</summary>
public abstract record PaymentStep
{
    /// <summary>A new event from the provider, delivered <see cref="Copies"/> times at once.</summary>
    public sealed record Deliver(EventKind Kind, bool WrongAmount, int Copies) : PaymentStep;

    /// <summary>An event delivered before (<see cref="Pick"/> modulo their count), delivered again.</summary>
    public sealed record Redeliver(int Pick, int Copies) : PaymentStep;

    public sealed record Advance(int Minutes) : PaymentStep;

    /// <summary>Another candidate tries to hold the session's interviewer and slot (it wins once the hold ran out).</summary>
    public sealed record RivalHolds : PaymentStep;

    public sealed record SchedulerFails(int Count) : PaymentStep;
}
