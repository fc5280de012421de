using System.Globalization;
using System.Text.Json;

namespace InterviewBooking.Stress;

/// <summary>The run's figures and verdict, as a table for people and as JSON for machines.</summary>
internal sealed class StressReport(
    StressOptions options, string store, Marketplace market, SimulationFigures figures, FaultInjector faults, PaymentWatch watch,
    int oneStepBookings, Verdict verdict, TimeSpan elapsed, Duration simulated)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public double BookingsPerSecond => elapsed.TotalSeconds > 0 ? verdict.Booked / elapsed.TotalSeconds : 0;

    public void Print(TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine();
        output.WriteLine("run");
        Row(output, "candidates / interviewers / instances", $"{options.Candidates} / {options.InterviewerCount} / {options.Instances}");
        Row(output, "start attempts (failed with a fault)", $"{figures.StartAttempts} ({figures.StartFailures})");
        Row(output, "start outcomes", Join(figures.StartOutcomes));
        Row(output, "checkouts opened / candidates gave up", $"{figures.CandidatesStarted} / {figures.CandidatesGaveUp}");
        Row(output, "fates", Join(figures.Fates));
        Row(output, "payments / checkouts closed before paying", $"{figures.Payments} / {figures.CheckoutsClosedBeforePaying}");
        Row(output, "events emitted", $"{figures.Events} ({Join(figures.EventsEmitted)})");
        Row(output, "deliveries (redeliveries)", $"{figures.Deliveries} ({figures.Redeliveries})");
        Row(output, "most deliveries one event needed (bound)", $"{figures.MostAttempts} ({Simulation.MaxDeliveryAttempts})");
        Row(output, "answers", Join(figures.Answers));
        Row(output, "unexpected answers", figures.Notes.Count == 0 ? "none" : Join(figures.Notes));
        Row(output, "faults injected", $"{faults.Total} ({Join(faults.Injected)})");
        Row(output, "clock jumps mid-batch", figures.ClockJumps.ToString(c));
        Row(output, "matcher calls", watch.MatcherCalls.ToString(c));
        Row(output, "simulated time / wall time", $"{simulated.TotalHours:0.0} h / {elapsed.TotalSeconds:0.0} s");
        output.WriteLine();
        output.WriteLine("final state (read from the stores and the fake Stripe)");
        Row(output, "sessions", $"{verdict.Sessions} ({Join(verdict.SessionsByStatus)})");
        Row(output, "pending: never got a checkout / have one", $"{verdict.PendingWithoutCheckout} / {verdict.PendingWithCheckout}");
        Row(output, "reservations", Join(verdict.ReservationsByStatus));
        Row(output, "interviews scheduled", verdict.Interviews.ToString(c));
        Row(output, "booked: in one step (completion store) / in all", $"{oneStepBookings} / {verdict.Booked}");
        Row(output, "booked after a re-hold of the same interviewer", verdict.Rebooked.ToString(c));
        Row(output, "interviews by status", Join(verdict.InterviewsByStatus));
        Row(output, "after: completed / no-shows (candidate, interviewer)", $"{figures.InterviewsCompleted} / {figures.CandidateNoShows}, {figures.InterviewerNoShows}");
        Row(output, "after: feedback / ratings / free rebookings (refused)", $"{figures.FeedbackGiven} / {figures.RatingsGiven} / {verdict.FreeRebookings} ({figures.RebookingsRefused})");
        Row(output, "refunds required (slot lost after payment) / refunded", $"{verdict.RefundsRequired} ({verdict.SlotsLostAfterPayment}) / {verdict.RefundsIssued}");
        Row(output, "reminders / feedback requests delivered", $"{verdict.RemindersDelivered} / {verdict.FeedbackRequestsDelivered}");
        Row(output, "coupon redemptions (limit)", $"{verdict.CouponRedemptions} ({market.CouponLimit})");
        Row(output, "outbox items", Join(verdict.OutboxByStatus));
        Row(output, "dispute events", figures.DisputeEvents.ToString(c));
        Row(output, "payouts / transfers at Stripe (reversed)", $"{Join(verdict.PayoutsByStatus)} / {verdict.Transfers} ({verdict.TransferReversals})");
        Row(output, "notifications delivered (duplicates, same message id)", $"{verdict.NotificationsDelivered} ({verdict.NotificationsDuplicated})");
        Row(output, "instances killed mid-delivery / drain rounds", $"{figures.InstancesKilled} / {figures.DrainRounds}");
        Row(output, "directory edits during the run", figures.DirectoryEdits.ToString(CultureInfo.InvariantCulture));
        if (verdict.Retention is { } retention)
        {
            Row(output, "retention: rows / sessions removed (kept, reachable)", $"{retention.Rows} / {retention.Sessions} ({retention.SessionsKeptReachable})");
        }

        Row(output, "throughput", $"{BookingsPerSecond:0.0} bookings/s");
        output.WriteLine();
        output.WriteLine("invariants (violations)");
        foreach (var invariant in verdict.Invariants)
        {
            Row(output, invariant.Name, invariant.Violations.ToString(c));
            foreach (var example in invariant.Examples)
            {
                output.WriteLine($"      e.g. {example}");
            }
        }

        output.WriteLine();
        output.WriteLine(verdict.TotalViolations == 0
            ? "stress: PASS, every invariant held"
            : $"stress: FAIL, {verdict.TotalViolations} violation(s)");
        foreach (var sample in figures.NoteSamples)
        {
            output.WriteLine($"  note: {sample}");
        }
    }

    public async Task WriteJsonAsync(string path)
    {
        var document = new
        {
            options = new { store, options.Instances, options.Candidates, interviewers = options.InterviewerCount, options.FaultRate, options.Seed },
            run = new
            {
                figures.StartAttempts,
                figures.StartFailures,
                figures.StartOutcomes,
                checkoutsOpened = figures.CandidatesStarted,
                candidatesGaveUp = figures.CandidatesGaveUp,
                figures.Fates,
                figures.Payments,
                figures.CheckoutsClosedBeforePaying,
                eventsEmitted = figures.Events,
                eventsByType = figures.EventsEmitted,
                figures.Deliveries,
                figures.Redeliveries,
                mostDeliveriesForOneEvent = figures.MostAttempts,
                deliveryBound = Simulation.MaxDeliveryAttempts,
                figures.Answers,
                unexpectedAnswers = figures.Notes,
                faultsInjected = faults.Total,
                faultsBySite = faults.Injected,
                figures.ClockJumps,
                figures.InstancesKilled,
                outboxDrainRounds = figures.DrainRounds,
                figures.DirectoryEdits,
                matcherCalls = watch.MatcherCalls,
                simulatedHours = Math.Round(simulated.TotalHours, 2),
                wallSeconds = Math.Round(elapsed.TotalSeconds, 2),
            },
            totals = new
            {
                sessions = verdict.Sessions,
                sessionsByStatus = verdict.SessionsByStatus,
                pendingWithoutCheckout = verdict.PendingWithoutCheckout,
                pendingWithCheckout = verdict.PendingWithCheckout,
                reservationsByStatus = verdict.ReservationsByStatus,
                interviews = verdict.Interviews,
                booked = verdict.Booked,
                bookedInOneStep = oneStepBookings,
                rebookedSameInterviewer = verdict.Rebooked,
                interviewsByStatus = verdict.InterviewsByStatus,
                freeRebookings = verdict.FreeRebookings,
                refundsRequired = verdict.RefundsRequired,
                slotsLostAfterPayment = verdict.SlotsLostAfterPayment,
                refundsIssued = verdict.RefundsIssued,
                remindersDelivered = verdict.RemindersDelivered,
                feedbackRequestsDelivered = verdict.FeedbackRequestsDelivered,
                couponRedemptions = verdict.CouponRedemptions,
                couponLimit = market.CouponLimit,
                outboxByStatus = verdict.OutboxByStatus,
                disputeEvents = figures.DisputeEvents,
                payoutsByStatus = verdict.PayoutsByStatus,
                transfers = verdict.Transfers,
                transferReversals = verdict.TransferReversals,
                notificationsDelivered = verdict.NotificationsDelivered,
                notificationsDuplicated = verdict.NotificationsDuplicated,
                bookingsPerSecond = Math.Round(BookingsPerSecond, 1),
                retentionRowsRemoved = verdict.Retention?.Rows,
                retentionSessionsRemoved = verdict.Retention?.Sessions,
                retentionSessionsKeptReachable = verdict.Retention?.SessionsKeptReachable,
            },
            invariants = verdict.Invariants.ToDictionary(i => i.Name, i => i.Violations),
            violationExamples = verdict.Invariants.Where(i => i.Examples.Count > 0).ToDictionary(i => i.Name, i => i.Examples),
            violations = verdict.TotalViolations,
            passed = verdict.TotalViolations == 0,
        };
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, document, Json);
    }

    private static void Row(TextWriter output, string name, string value) => output.WriteLine($"  {name,-52} {value}");

    private static string Join(IReadOnlyDictionary<string, int> counts) =>
        string.Join(", ", counts.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value}")));
}
