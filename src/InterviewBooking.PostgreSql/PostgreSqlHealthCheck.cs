using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace InterviewBooking.PostgreSql;

/// <summary>
/// The PostgreSQL stores' health check (<c>interviewbooking-postgresql</c>, which <c>AddPostgreSqlStores</c> contributes): the database answers,
/// and its schema is at the version this library expects. A schema behind (a deployment that skipped
/// <see cref="PostgreSqlBookingSchema.EnsureSchemaAsync"/>) fails, since the stores' statements need its tables; one ahead is healthy,
/// since migrations are additive and a rolling deployment runs the previous release against the new schema.
/// </summary>
internal sealed class PostgreSqlHealthCheck(PostgreSqlBookingSchema schema) : IHealthCheck
{
    public const string Name = "interviewbooking-postgresql";

    public static readonly string[] Tags = [InterviewBookingHealthChecks.ReadyTag, "postgresql"];

    /// <summary>The longest a check may take (the connection's own timeout may be longer).</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var latest = PostgreSqlBookingSchema.LatestVersion;
        var data = new Dictionary<string, object>(StringComparer.Ordinal) { ["schema"] = schema.Schema, ["latestVersion"] = latest };
        int version;
        try
        {
            version = await schema.GetVersionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is DbException or SocketException or IOException or TimeoutException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"PostgreSQL is unreachable: {exception.Message}", exception, data);
        }

        data["version"] = version;
        return version switch
        {
            0 => new HealthCheckResult(context.Registration.FailureStatus,
                $"Schema \"{schema.Schema}\" does not exist: run PostgreSqlBookingSchema.EnsureSchemaAsync (version {latest}).", data: data),
            _ when version < latest => new HealthCheckResult(context.Registration.FailureStatus,
                $"Schema \"{schema.Schema}\" is at version {version}, behind this library's {latest}: run PostgreSqlBookingSchema.EnsureSchemaAsync.", data: data),
            _ when version > latest => HealthCheckResult.Healthy(
                $"Schema \"{schema.Schema}\" is at version {version}, ahead of this library's {latest} (a rolling deployment).", data),
            _ => HealthCheckResult.Healthy($"PostgreSQL answers; schema \"{schema.Schema}\" is at version {version}.", data),
        };
    }
}
