using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace InterviewBooking.AspNetCore;

/// <summary>
/// Adds the checks the adapters registered (<see cref="AdapterHealthCheck"/>) to the host's health checks when their options are first
/// read, so the adapters' <c>Add…</c> calls may come before or after <c>AddInterviewBookingHealthChecks</c>. A name already taken (an
/// adapter added twice, or a host's own check of that name) is kept as it is.
/// </summary>
internal sealed class AdapterHealthCheckRegistrations(IEnumerable<AdapterHealthCheck> checks) : IConfigureOptions<HealthCheckServiceOptions>
{
    public void Configure(HealthCheckServiceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var names = new HashSet<string>(options.Registrations.Select(static r => r.Name), StringComparer.OrdinalIgnoreCase);
        foreach (var check in checks)
        {
            if (names.Add(check.Registration.Name))
            {
                options.Registrations.Add(check.Registration);
            }
        }
    }
}
