using InterviewBooking.Stress;
using InterviewBooking.Stripe;
using InterviewBooking.Stripe.Fakes;
using InterviewBooking.Testing;

namespace InterviewBooking.Properties.Tests.Stress;

/// <summary>The verdict's counts of the promises after the interview see violations planted in what the stores hold.</summary>
public sealed class LifecycleVerdictTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 6, 1, 12, 0);
    private static readonly InterviewerId Ada = new("interviewer-ada");
    private static readonly InterviewerId Grace = new("interviewer-grace");

    [Fact]
    public void Counts_rebookings_with_the_excluded_interviewer_a_new_price_or_no_fault_and_originals_linked_to_nothing()
    {
        var (original, originalInterview) = Ended(Ada, InterviewStatus.InterviewerNoShow, PaymentSessionStatus.Rebooked);
        var good = Rebooked(original, Grace);
        var (sameOriginal, sameInterview) = Ended(Ada, InterviewStatus.Canceled, PaymentSessionStatus.Rebooked, InterviewParty.Interviewer);
        var toExcluded = Rebooked(sameOriginal, Ada);
        var (pricedOriginal, pricedInterview) = Ended(Ada, InterviewStatus.InterviewerNoShow, PaymentSessionStatus.Rebooked);
        var repriced = Rebooked(pricedOriginal, Grace) with { Price = new Price(new Money(1, "USD"), []) };
        var (candidateFault, candidateInterview) = Ended(Ada, InterviewStatus.Canceled, PaymentSessionStatus.Rebooked, InterviewParty.Candidate);
        var withoutFault = Rebooked(candidateFault, Grace);
        var (orphan, orphanInterview) = Ended(Ada, InterviewStatus.InterviewerNoShow, PaymentSessionStatus.Rebooked);
        var sessions = new[] { original, good, sameOriginal, toExcluded, pricedOriginal, repriced, candidateFault, withoutFault, orphan }.ToDictionary(s => s.Id);
        var interviews = new[] { originalInterview, sameInterview, pricedInterview, candidateInterview, orphanInterview }.ToDictionary(i => i.Id);

        var count = Verdict.RebookingViolations(sessions, interviews, []);

        Assert.Equal(4, count.Violations); // the excluded interviewer, the new price, no interviewer's fault, an original linked to nothing
        Assert.Equal(0, Verdict.RebookingViolations(new[] { original, good }.ToDictionary(s => s.Id), interviews, []).Violations);
    }

    [Fact]
    public void Counts_rebooked_sessions_that_were_refunded_too()
    {
        var (refunded, _) = Ended(Ada, InterviewStatus.InterviewerNoShow, PaymentSessionStatus.Rebooked);
        var (atStripe, _) = Ended(Ada, InterviewStatus.InterviewerNoShow, PaymentSessionStatus.Rebooked);
        var (clean, _) = Ended(Ada, InterviewStatus.InterviewerNoShow, PaymentSessionStatus.Rebooked);
        var stripeRefund = new FakeRefund("re_1", "pi_1", 100, "usd", 0, new Dictionary<string, string> { [StripeMetadataKeys.PaymentSessionId] = atStripe.Id.Value });

        var count = Verdict.RebookedAndRefunded(
            [refunded with { IssuedRefund = new IssuedRefund("re_0", new Money(100, "USD"), Now) }, atStripe, clean], [stripeRefund]);

        Assert.Equal(2, count.Violations);
    }

    [Fact]
    public void Counts_endings_out_of_order_or_without_their_trail_entry_or_message()
    {
        var slot = PaymentSessionSamples.DefaultSlot(Now);
        var grace = Duration.FromMinutes(20);
        var early = Interview(InterviewStatus.Completed, slot, slot.Start - Duration.FromMinutes(1));
        var inGrace = Interview(InterviewStatus.CandidateNoShow, slot, slot.Start + Duration.FromMinutes(10));
        var noTrail = Interview(InterviewStatus.CandidateNoShow, slot, slot.Start + grace);
        var noMessage = Interview(InterviewStatus.InterviewerNoShow, slot, slot.Start + grace);
        var fine = Interview(InterviewStatus.Completed, slot, slot.End);
        var all = new[] { early, inGrace, noTrail, noMessage, fine };
        var trails = all.Where(i => i != noTrail).ToDictionary(
            i => i.Id, i => (IReadOnlyList<InterviewStatusChange>)[new(i.Id, InterviewStatus.Scheduled, i.Status, i.EndedAt!.Value, 2, null, null)]);
        var outbox = all.Where(i => i != noMessage).ToDictionary(i => i.Request.PaymentSessionId, i => (IReadOnlyList<OutboxItem>)[Item(i)]);

        var count = Verdict.LifecycleOutOfOrder(all, trails, outbox, grace);

        Assert.Equal(4, count.Violations);
    }

    [Fact]
    public void A_rebookings_matcher_call_is_exempt_only_when_the_store_shows_the_interviewers_fault()
    {
        var (faulted, faultedInterview) = Ended(Ada, InterviewStatus.InterviewerNoShow, PaymentSessionStatus.Rebooked);
        var (candidateFault, candidateInterview) = Ended(Ada, InterviewStatus.Canceled, PaymentSessionStatus.BookingCanceled, InterviewParty.Candidate);
        var watch = new PaymentWatch();
        using (watch.Rebooking(faulted.Id))
        {
            watch.MatcherCalled(faulted.CandidateId);
        }

        using (watch.Rebooking(candidateFault.Id))
        {
            watch.MatcherCalled(candidateFault.CandidateId);
        }

        var count = Verdict.MatcherCallsAfterPayment(
            watch, new[] { faulted, candidateFault }.ToDictionary(s => s.Id), new[] { faultedInterview, candidateInterview }.ToDictionary(i => i.Id));

        Assert.Equal(1, count.Violations);
        Assert.Equal(0, watch.MatcherCallsAfterPayment);
    }

    private static (PaymentSession Session, ScheduledInterview Interview) Ended(
        InterviewerId interviewer, InterviewStatus status, PaymentSessionStatus sessionStatus, InterviewParty? canceledBy = null)
    {
        var session = PaymentSessionSamples.Pending(Now, interviewerId: interviewer) with { Status = sessionStatus, InterviewId = InterviewId.New() };
        var interview = new ScheduledInterview(session.InterviewId!.Value, PaymentSessionSamples.ScheduleRequest(session), Now)
        {
            Status = status,
            CanceledBy = canceledBy,
            EndedAt = Now,
        };
        return (session, interview);
    }

    private static PaymentSession Rebooked(PaymentSession original, InterviewerId interviewer)
    {
        var session = PaymentSessionSamples.Pending(Now, interviewerId: interviewer) with
        {
            Id = RebookingService.RebookedSessionId(original.Id),
            Status = PaymentSessionStatus.Booked,
            Price = original.Price,
            RebookedFrom = original.Id,
        };
        return session;
    }

    private static ScheduledInterview Interview(InterviewStatus status, Interval slot, Instant endedAt)
    {
        var session = PaymentSessionSamples.Pending(Now, slot: slot);
        return new ScheduledInterview(InterviewId.New(), PaymentSessionSamples.ScheduleRequest(session), Now) { Status = status, EndedAt = endedAt };
    }

    private static OutboxItem Item(ScheduledInterview interview)
    {
        var kind = interview.Status == InterviewStatus.InterviewerNoShow ? OutboxKinds.InterviewInterviewerNoShow : OutboxKinds.InterviewCompleted;
        return new OutboxItem
        {
            Message = new OutboxMessage(interview.Id.Value + ":" + kind, kind, Now) { SessionId = interview.Request.PaymentSessionId },
            Status = OutboxItemStatus.Completed,
            NextAttemptAt = Now,
            CreatedAt = Now,
        };
    }
}
