using InterviewBooking.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace InterviewBooking.Tests.Retention;

public sealed class RetentionOptionsValidatorTests
{
    [Fact]
    public void The_defaults_are_valid_and_keep_paid_sessions_past_the_dispute_window()
    {
        var options = new RetentionOptions();

        Assert.True(new RetentionOptionsValidator().Validate(null, options).Succeeded);
        Assert.True(options.Enabled);
        Assert.Equal(Duration.FromDays(30), options.FinishedRowAge);
        Assert.Equal(Duration.FromDays(30), options.PaymentEventInboxAge);
        Assert.True(options.DisputeWindow > Duration.FromDays(120)); // Stripe's dispute window for most cards
    }

    [Fact]
    public void Every_bad_setting_is_named_with_its_value()
    {
        var options = new RetentionOptions
        {
            FinishedRowAge = Duration.FromDays(2),
            PaymentEventInboxAge = Duration.FromHours(71),
            DisputeWindow = Duration.FromDays(1),
            BatchSize = 0,
            MaxBatchesPerPass = 10_001,
            Interval = Duration.FromMilliseconds(500),
        };

        var result = new RetentionOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Equal(
            [
                "FinishedRowAge must be at least 3:00:00:00 (the payment provider's retry window); got 2:00:00:00.",
                "PaymentEventInboxAge must be at least 3:00:00:00 (the payment provider's retry window); got 2:23:00:00.",
                "DisputeWindow must be at least 3:00:00:00; got 1:00:00:00.",
                "BatchSize must be between 1 and 10000; got 0.",
                "MaxBatchesPerPass must be between 1 and 10000; got 10001.",
                "Interval must be between 1 second and 1 day; got 0:00:00:00.5.",
            ],
            result.Failures);
    }

    [Fact]
    public void The_inbox_floor_is_the_providers_retry_window_exactly()
    {
        var validator = new RetentionOptionsValidator();

        Assert.True(validator.Validate(null, new RetentionOptions { PaymentEventInboxAge = Duration.FromDays(3) }).Succeeded);
        Assert.True(validator.Validate(null, new RetentionOptions { PaymentEventInboxAge = Duration.FromDays(3) - Duration.FromSeconds(1) }).Failed);
    }

    [Fact]
    public void A_host_with_a_bad_setting_fails_to_start()
    {
        var services = new ServiceCollection();
        services.AddInterviewBooking(FlowFixture.ConfigureDefaults).AddInMemoryStores().AddRetention(o => o.PaymentEventInboxAge = Duration.FromDays(1));
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(error.Failures, f => f.StartsWith("PaymentEventInboxAge must be at least", StringComparison.Ordinal));
    }
}
