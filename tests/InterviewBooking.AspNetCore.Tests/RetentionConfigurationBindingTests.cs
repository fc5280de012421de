using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace InterviewBooking.AspNetCore.Tests;

/// <summary>Retention bound from an IConfiguration section, as appsettings.json gives it.</summary>
public sealed class RetentionConfigurationBindingTests
{
    [Fact]
    public void Retention_options_bind_dotnet_durations_and_sizes()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Retention:Enabled"] = "true",
            ["Retention:FinishedRowAge"] = "14.00:00:00",
            ["Retention:PaymentEventInboxAge"] = "3.00:00:00",
            ["Retention:DisputeWindow"] = "130.00:00:00",
            ["Retention:BatchSize"] = "250",
            ["Retention:MaxBatchesPerPass"] = "20",
            ["Retention:Interval"] = "00:05:00",
        }).Build();
        var services = new ServiceCollection();
        services.AddInterviewBooking().AddRetention(configuration.GetSection("Retention"));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<RetentionOptions>>().Value;

        Assert.Equal(
            (true, Duration.FromDays(14), Duration.FromDays(3), Duration.FromDays(130), 250, 20, Duration.FromMinutes(5)),
            (options.Enabled, options.FinishedRowAge, options.PaymentEventInboxAge, options.DisputeWindow, options.BatchSize, options.MaxBatchesPerPass, options.Interval));
    }

    [Fact]
    public void An_inbox_age_inside_the_providers_retry_window_fails_naming_it()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["PaymentEventInboxAge"] = "2.00:00:00" }).Build();
        var services = new ServiceCollection();
        services.AddInterviewBooking().AddRetention(configuration);
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<RetentionOptions>>().Value);

        Assert.Contains("PaymentEventInboxAge must be at least 3:00:00:00 (the payment provider's retry window); got 2:00:00:00.", error.Failures);
    }
}
