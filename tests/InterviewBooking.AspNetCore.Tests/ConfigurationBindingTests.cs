using InterviewBooking.InMemory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace InterviewBooking.AspNetCore.Tests;

/// <summary>Options bound from an IConfiguration section: the README's appsettings.json example, durations in both forms.</summary>
public sealed class ConfigurationBindingTests
{
    [Fact]
    public void The_readme_appsettings_example_binds_with_dotnet_and_nodatime_durations()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.example.json")).Build();
        var services = new ServiceCollection();
        services.AddInterviewBooking(configuration.GetSection("InterviewBooking")).AddInMemoryStores().AddSimulatedPayments();
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<InterviewBookingOptions>>().Value;

        Assert.Equal(Duration.FromMinutes(35), options.HoldDuration);
        Assert.Equal(Duration.FromDays(1), options.FullRefundNotice);
        Assert.Equal(50, options.LateCancellationRefundPercent);
        Assert.Equal("EUR", options.Currency);
        Assert.Equal(["mock-30", "mock-60"], options.Plans.Select(p => p.Id));
        Assert.Equal([Duration.FromMinutes(30), Duration.FromHours(1)], options.Plans.Select(p => p.Duration));
        Assert.Equal(1500, Assert.Single(options.AddOns).PriceMinorUnits);
        Assert.NotNull(provider.GetRequiredService<BookingService>());
    }

    [Fact]
    public void Configure_runs_after_binding_so_code_can_override_the_file()
    {
        var configuration = Section(("HoldDuration", "00:35:00"), ("Plans:0:Id", "mock-30"), ("Plans:0:Name", "Mock"), ("Plans:0:Duration", "00:30:00"), ("Plans:0:PriceMinorUnits", "4900"));
        var services = new ServiceCollection();
        services.AddInterviewBooking(configuration, options => options.HoldDuration = Duration.FromMinutes(40));
        using var provider = services.BuildServiceProvider();

        Assert.Equal(Duration.FromMinutes(40), provider.GetRequiredService<IOptions<InterviewBookingOptions>>().Value.HoldDuration);
    }

    [Fact]
    public void Reliability_weight_and_minimum_bind_and_the_four_weights_are_validated_together()
    {
        var plan = new[] { ("Plans:0:Id", "mock-30"), ("Plans:0:Name", "Mock"), ("Plans:0:Duration", "00:30:00"), ("Plans:0:PriceMinorUnits", "4900") };
        var on = Section([("ExperienceWeight", "25"), ("SkillsWeight", "35"), ("AvailabilityWeight", "25"), ("ReliabilityWeight", "15"), ("ReliabilityMinimumInterviews", "3"), .. plan]);
        var services = new ServiceCollection();
        services.AddInterviewBooking(on);
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<InterviewBookingOptions>>().Value;

        Assert.Equal((15, 3), (options.ReliabilityWeight, options.ReliabilityMinimumInterviews));

        var unbalanced = new ServiceCollection();
        unbalanced.AddInterviewBooking(Section([("ReliabilityWeight", "15"), .. plan]));
        using var broken = unbalanced.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => broken.GetRequiredService<IOptions<InterviewBookingOptions>>().Value);
        Assert.Contains("got 30 + 40 + 30 + 15", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duration_in_neither_form_fails_naming_the_value()
    {
        var configuration = Section(("HoldDuration", "35 minutes"));
        var services = new ServiceCollection();
        services.AddInterviewBooking(configuration);
        using var provider = services.BuildServiceProvider();

        var error = Assert.ThrowsAny<InvalidOperationException>(() => provider.GetRequiredService<IOptions<InterviewBookingOptions>>().Value);

        Assert.Contains("35 minutes", error.ToString(), StringComparison.Ordinal);
    }

    private static IConfiguration Section(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
