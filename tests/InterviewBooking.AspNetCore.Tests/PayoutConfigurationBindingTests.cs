using InterviewBooking.InMemory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace InterviewBooking.AspNetCore.Tests;

/// <summary>Payout rates and the hold-back bound from an IConfiguration section, as appsettings.json gives them.</summary>
public sealed class PayoutConfigurationBindingTests
{
    [Fact]
    public void Payout_options_bind_rates_per_plan_and_add_on_and_a_dotnet_hold_back()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Payouts:HoldBack"] = "3.00:00:00",
            ["Payouts:Currency"] = "INR",
            ["Payouts:Plans:0:Id"] = "mock-30",
            ["Payouts:Plans:0:AmountMinorUnits"] = "30000",
            ["Payouts:Plans:1:Id"] = "mock-60",
            ["Payouts:Plans:1:AmountMinorUnits"] = "70000",
            ["Payouts:AddOns:0:Id"] = "extended-feedback",
            ["Payouts:AddOns:0:AmountMinorUnits"] = "10000",
        }).Build();
        var services = new ServiceCollection();
        services.AddInterviewBooking(o => o.Plans.Add(new InterviewPlan { Id = "mock-30", Name = "Mock", Duration = Duration.FromMinutes(30), PriceMinorUnits = 4900 }))
            .AddInMemoryStores()
            .AddPayouts(configuration.GetSection("Payouts"));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<PayoutOptions>>().Value;

        Assert.Equal((Duration.FromHours(72), "INR"), (options.HoldBack, options.Currency));
        Assert.Equal([("mock-30", 30_000L), ("mock-60", 70_000L)], options.Plans.Select(p => (p.Id, p.AmountMinorUnits)));
        Assert.Equal(("extended-feedback", 10_000L), (options.AddOns.Single().Id, options.AddOns.Single().AmountMinorUnits));
    }

    [Fact]
    public void A_bad_rate_fails_when_the_options_are_read_naming_it()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Plans:0:Id"] = "mock-30",
            ["Plans:0:AmountMinorUnits"] = "-1",
        }).Build();
        var services = new ServiceCollection();
        services.AddInterviewBooking().AddPayouts(configuration);
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<PayoutOptions>>().Value);

        Assert.Contains("Plans \"mock-30\": AmountMinorUnits must not be negative; got -1.", error.Failures);
    }
}
