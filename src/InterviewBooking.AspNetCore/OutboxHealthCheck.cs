using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace InterviewBooking.AspNetCore;

/// <summary>Unhealthy when the outbox holds at least <see cref="InterviewBookingHealthCheckOptions.MaxDeadLetters"/> dead letters.</summary>
internal sealed class OutboxHealthCheck(IOutboxStore outbox, IOptions<InterviewBookingHealthCheckOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var max = options.Value.MaxDeadLetters;
        // Reading one more than the threshold is enough to decide, whatever the size of the table.
        var dead = await outbox.ListDeadLetteredAsync(max + 1, cancellationToken).ConfigureAwait(false);
        var data = new Dictionary<string, object> { ["deadLetters"] = dead.Count, ["maxDeadLetters"] = max };
        return dead.Count > max
            ? new HealthCheckResult(context.Registration.FailureStatus, $"The outbox holds more than {max} dead letters; an operator should look.", data: data)
            : HealthCheckResult.Healthy($"The outbox holds {dead.Count} dead letters (at most {max} allowed).", data);
    }
}
