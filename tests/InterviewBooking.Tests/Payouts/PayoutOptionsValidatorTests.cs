namespace InterviewBooking.Tests.Payouts;

public sealed class PayoutOptionsValidatorTests
{
    [Fact]
    public void Valid_options_pass_and_the_defaults_hold_back_72_hours_in_USD()
    {
        var options = new PayoutOptions();
        options.Plans.Add(new PayoutRate { Id = "mock-30", AmountMinorUnits = 30_000 });

        Assert.True(new PayoutOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal(Duration.FromHours(72), options.HoldBack);
        Assert.Equal("USD", options.Currency);
    }

    [Fact]
    public void Each_bad_setting_is_named_with_its_value()
    {
        var options = new PayoutOptions { HoldBack = Duration.FromDays(-1), Currency = "rupees" };
        options.AddOns.Add(new PayoutRate { Id = "report", AmountMinorUnits = -5 });
        options.AddOns.Add(new PayoutRate { Id = "report", AmountMinorUnits = 5 });
        options.AddOns.Add(new PayoutRate { Id = " " });

        var result = new PayoutOptionsValidator().Validate(null, options);

        Assert.False(result.Succeeded);
        Assert.Equal(
            [
                "HoldBack must be between zero and 180 days; got -1:00:00:00.",
                "Currency must be a three-letter ISO 4217 code; got \"rupees\".",
                "Plans must give a payout rate for at least one plan.",
                "AddOns \"report\": AmountMinorUnits must not be negative; got -5.",
                "AddOns: id \"report\" is used twice.",
                "Every rate in AddOns needs an Id.",
            ],
            result.Failures);
    }
}
