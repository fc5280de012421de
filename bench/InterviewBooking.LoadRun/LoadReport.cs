using System.Globalization;
using InterviewBooking.Stress;

namespace InterviewBooking.LoadRun;

/// <summary>The run's figures (requests per second, p50 and p99 per request kind, answers, errors) and the verdict's invariants.</summary>
internal static class LoadReport
{
    public static void Print(TextWriter output, LoadOptions options, LoadGenerator load, Verdict verdict, double loadAverage)
    {
        var seconds = load.Elapsed.TotalSeconds;
        output.WriteLine(Invariant($"load: {options.Store} on {options.Instances} instance(s), {seconds:0.0} s, concurrency {options.Concurrency}, 1-minute load average at the end {loadAverage:0.00}"));
        output.WriteLine("kind      requests   req/s   p50 ms   p99 ms   answers");
        foreach (var kind in load.Latencies.Kinds)
        {
            var all = load.Latencies.Of(kind);
            var answers = string.Join(", ", load.Latencies.Answers.Where(a => a.Key.Kind == kind).Select(a => Invariant($"{a.Key.Status}: {a.Value}")));
            output.WriteLine(Invariant(
                $"{kind,-9} {all.Count,8} {all.Count / seconds,7:0.0} {Latencies.Percentile(all, 50),8:0.0} {Latencies.Percentile(all, 99),8:0.0}   {answers}"));
        }

        var total = load.Latencies.Kinds.Sum(k => load.Latencies.Of(k).Count);
        output.WriteLine(Invariant($"all       {total,8} {total / seconds,7:0.0}"));
        output.WriteLine(Invariant(
            $"expected: {load.Conflicts} starts answered 409 (the slot's fitting interviewers taken, or the slot lost in the race), {load.RetryLater} deliveries answered 503 RetryLater (a copy that came while another copy was booking the session, delivered again); errors (any other answer, or none): {load.Errors}"));
        output.WriteLine("start refusals by outcome (warm-up included): " + string.Join(", ", load.Figures.StartOutcomes.Select(o => Invariant($"{o.Key} {o.Value}"))));
        foreach (var sample in load.ErrorSamples)
        {
            output.WriteLine("  error: " + sample);
        }

        output.WriteLine(Invariant(
            $"{options.Warmup} warm-up starts before (not timed); candidates started {load.Figures.CandidatesStarted}, gave up {load.Figures.CandidatesGaveUp}; events {load.Figures.Events}, deliveries {load.Figures.Deliveries}"));
        output.WriteLine("sessions: " + string.Join(", ", verdict.SessionsByStatus.Select(s => Invariant($"{s.Key} {s.Value}"))));
        output.WriteLine("reservations: " + string.Join(", ", verdict.ReservationsByStatus.Select(s => Invariant($"{s.Key} {s.Value}"))));
        output.WriteLine("outbox: " + string.Join(", ", verdict.OutboxByStatus.Select(s => Invariant($"{s.Key} {s.Value}"))));
        output.WriteLine(Invariant($"verdict ({verdict.Invariants.Count} invariants, read from the stores afterwards): {verdict.TotalViolations} violation(s)"));
        foreach (var invariant in verdict.Invariants)
        {
            output.WriteLine(Invariant($"  {invariant.Name,-28} {invariant.Violations,6}  {invariant.Meaning}"));
            foreach (var example in invariant.Examples)
            {
                output.WriteLine("      " + example);
            }
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
