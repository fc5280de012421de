using Microsoft.Extensions.DependencyInjection;
using NodaTime.Testing;

namespace InterviewBooking.PostgreSql.Tests;

/// <summary>Builds a "host": the booking core with one 30-minute plan, a fake clock and whatever adapters a test adds.</summary>
internal static class TestHost
{
    public const string PlanId = "mock-30";

    public static ServiceProvider Build(Action<IInterviewBookingBuilder> configure, IClock? clock = null, Action<InterviewBookingOptions>? options = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton(clock ?? new FakeClock(Instant.FromUtc(2025, 6, 9, 8, 0)));
        var builder = services.AddInterviewBooking(o =>
        {
            o.Plans.Add(new InterviewPlan { Id = PlanId, Name = "30-minute mock", Duration = Duration.FromMinutes(30), PriceMinorUnits = 4_900 });
            options?.Invoke(o);
        });
        configure(builder);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }
}
