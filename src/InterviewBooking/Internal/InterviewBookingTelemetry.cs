using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace InterviewBooking;

/// <summary>
/// The names under which the library publishes metrics and traces, for OpenTelemetry or any
/// <see cref="MeterListener"/> / <see cref="ActivityListener"/>: <c>AddMeter("InterviewBooking")</c>, <c>AddSource("InterviewBooking")</c>.
/// </summary>
public static class InterviewBookingTelemetry
{
    /// <summary>The name of the <see cref="Meter"/> and the <see cref="ActivitySource"/>.</summary>
    public const string Name = "InterviewBooking";

    /// <summary>Counter: bookings started (a hold and a payment session were made).</summary>
    public const string BookingsStarted = "interviewbooking.bookings.started";

    /// <summary>Counter: holds that conflicted with an active reservation (the next-best match was tried).</summary>
    public const string HoldsConflicted = "interviewbooking.holds.conflicted";

    /// <summary>Counter: payment sessions booked.</summary>
    public const string Booked = "interviewbooking.bookings.booked";

    /// <summary>Counter: payment sessions flagged for refund.</summary>
    public const string RefundsRequired = "interviewbooking.refunds.required";

    /// <summary>Counter: payment provider events answered as duplicates (recorded by gateway adapters).</summary>
    public const string WebhookDuplicates = "interviewbooking.webhooks.duplicates";

    /// <summary>Counter: outbox items delivered (tag <c>kind</c>).</summary>
    public const string OutboxDelivered = "interviewbooking.outbox.delivered";

    /// <summary>Counter: failed outbox deliveries given a later attempt (tag <c>kind</c>).</summary>
    public const string OutboxRetried = "interviewbooking.outbox.retried";

    /// <summary>Counter: outbox items dead-lettered, after the last allowed attempt or a permanent failure (tag <c>kind</c>).</summary>
    public const string OutboxDeadLettered = "interviewbooking.outbox.dead_lettered";

    /// <summary>Counter: payment events for a session we do not have, ignored after <see cref="InterviewBookingOptions.UnknownSessionRetryWindow"/>.</summary>
    public const string UnknownSessionEventsIgnored = "interviewbooking.events.unknown_session_ignored";

    /// <summary>Counter: refunds the provider issued (by the outbox worker, or found made at the provider), tagged by <c>source</c>.</summary>
    public const string RefundsIssued = "interviewbooking.refunds.issued";

    /// <summary>Counter: sessions the sweeper changed, tagged by <c>action</c> (expired, fulfilled, claim_taken_over).</summary>
    public const string SweeperActions = "interviewbooking.sweeper.actions";

    /// <summary>Counter: interviews that ended after their start (tag <c>status</c>: Completed, CandidateNoShow, InterviewerNoShow).</summary>
    public const string InterviewsEnded = "interviewbooking.interviews.ended";

    /// <summary>Counter: free rebookings made after the interviewer canceled or did not show.</summary>
    public const string Rebookings = "interviewbooking.rebookings";
    /// <summary>Counter: payout changes, tagged by <c>outcome</c> (paid, canceled, reversed, dispute_opened, dispute_released, dispute_lost).</summary>
    public const string Payouts = "interviewbooking.payouts";

    /// <summary>Counter: finished rows retention removed, tagged by <c>kind</c> (reservation, payment_session, outbox_item, payment_event).</summary>
    public const string RetentionRemoved = "interviewbooking.retention.removed";

    /// <summary>Histogram (ms): how long a match took.</summary>
    public const string MatchDuration = "interviewbooking.match.duration";

    /// <summary>Histogram (s): from a session becoming paid to its interview being booked.</summary>
    public const string PaymentToBooked = "interviewbooking.payment_to_booked.duration";

    internal static readonly ActivitySource Source = new(Name, typeof(InterviewBookingTelemetry).Assembly.GetName().Version?.ToString());
    internal static readonly Meter Meter = new(Name, typeof(InterviewBookingTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly Counter<long> BookingsStartedCounter = Meter.CreateCounter<long>(BookingsStarted, "{booking}", "Bookings started: held and waiting for payment.");
    internal static readonly Counter<long> HoldsConflictedCounter = Meter.CreateCounter<long>(HoldsConflicted, "{hold}", "Holds refused by the store (tag refusal: slot_taken, buffer, daily_cap); the next best was tried.");
    internal static readonly Counter<long> BookedCounter = Meter.CreateCounter<long>(Booked, "{booking}", "Payment sessions booked.");
    internal static readonly Counter<long> RefundsRequiredCounter = Meter.CreateCounter<long>(RefundsRequired, "{session}", "Paid sessions flagged for refund.");
    internal static readonly Counter<long> WebhookDuplicatesCounter = Meter.CreateCounter<long>(WebhookDuplicates, "{event}", "Payment events answered as duplicates.");
    internal static readonly Counter<long> OutboxDeliveredCounter = Meter.CreateCounter<long>(OutboxDelivered, "{item}", "Outbox items delivered.");
    internal static readonly Counter<long> OutboxRetriedCounter = Meter.CreateCounter<long>(OutboxRetried, "{item}", "Failed outbox deliveries scheduled for another attempt.");
    internal static readonly Counter<long> OutboxDeadLetteredCounter = Meter.CreateCounter<long>(OutboxDeadLettered, "{item}", "Outbox items given up for good.");
    internal static readonly Counter<long> UnknownSessionEventsIgnoredCounter = Meter.CreateCounter<long>(UnknownSessionEventsIgnored, "{event}", "Events for an unknown payment session, ignored after the retry window.");
    internal static readonly Counter<long> RefundsIssuedCounter = Meter.CreateCounter<long>(RefundsIssued, "{refund}", "Refunds issued at the payment provider.");
    internal static readonly Counter<long> SweeperActionsCounter = Meter.CreateCounter<long>(SweeperActions, "{session}", "Sessions the sweeper expired, fulfilled or took over.");
    internal static readonly Counter<long> InterviewsEndedCounter = Meter.CreateCounter<long>(InterviewsEnded, "{interview}", "Interviews completed or ended by a no-show.");
    internal static readonly Counter<long> RebookingsCounter = Meter.CreateCounter<long>(Rebookings, "{session}", "Free rebookings with another interviewer.");
    internal static readonly Counter<long> PayoutsCounter = Meter.CreateCounter<long>(Payouts, "{payout}", "Payout changes (tag outcome: paid, canceled, reversed, dispute_opened, dispute_released, dispute_lost).");
    internal static readonly Counter<long> RetentionRemovedCounter = Meter.CreateCounter<long>(RetentionRemoved, "{row}", "Finished rows removed by retention (tag kind).");
    internal static readonly Histogram<double> MatchDurationHistogram = Meter.CreateHistogram<double>(MatchDuration, "ms", "Time to rank interviewers for a request.");
    internal static readonly Histogram<double> PaymentToBookedHistogram = Meter.CreateHistogram<double>(PaymentToBooked, "s", "Time from payment to booking.");

    /// <summary>Counts a payment event a gateway adapter answered as a duplicate.</summary>
    /// <param name="provider">The provider's name (e.g. "stripe"), as a tag.</param>
    public static void RecordWebhookDuplicate(string provider) =>
        WebhookDuplicatesCounter.Add(1, new KeyValuePair<string, object?>("provider", provider));

    internal static void RecordPayout(string outcome) => PayoutsCounter.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
}
