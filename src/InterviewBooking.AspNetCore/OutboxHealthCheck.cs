using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace InterviewBooking.AspNetCore;

/// <summary>
/// Fails when the outbox is past a threshold of <see cref="InterviewBookingHealthCheckOptions"/>: too many due items waiting, the oldest
/// waiting too long, or too many dead letters. One count query (<see cref="IOutboxStore.GetBacklogAsync"/>), whatever the size of the outbox.
/// </summary>
internal sealed class OutboxHealthCheck(IOutboxStore outbox, IClock clock, IOptions<InterviewBookingHealthCheckOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var limits = options.Value;
        var backlog = await outbox.GetBacklogAsync(cancellationToken).ConfigureAwait(false);
        var waited = backlog.OldestDueAt is { } oldest ? clock.GetCurrentInstant() - oldest : Duration.Zero;

        var problems = new List<string>();
        if (backlog.DueCount > limits.MaxDueItems)
        {
            problems.Add($"{backlog.DueCount} due items wait for a worker (at most {limits.MaxDueItems} allowed)");
        }

        if (waited > limits.MaxDueAge)
        {
            problems.Add($"the oldest due item has waited {waited} (at most {limits.MaxDueAge} allowed)");
        }

        if (backlog.DeadLetterCount > limits.MaxDeadLetters)
        {
            problems.Add($"{backlog.DeadLetterCount} items are dead-lettered (at most {limits.MaxDeadLetters} allowed); an operator should look");
        }

        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["dueItems"] = backlog.DueCount,
            ["oldestDueWaitSeconds"] = Math.Round(waited.TotalSeconds, 3),
            ["deadLetters"] = backlog.DeadLetterCount,
            ["maxDueItems"] = limits.MaxDueItems,
            ["maxDueAgeSeconds"] = limits.MaxDueAge.TotalSeconds,
            ["maxDeadLetters"] = limits.MaxDeadLetters,
        };
        return problems.Count > 0
            ? new HealthCheckResult(context.Registration.FailureStatus, "The outbox is behind: " + string.Join("; ", problems) + ".", data: data)
            : HealthCheckResult.Healthy($"The outbox holds {backlog.DueCount} due items and {backlog.DeadLetterCount} dead letters.", data);
    }
}
