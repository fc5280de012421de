using InterviewBooking.Tests.Support;
using NodaTime.Testing;

namespace InterviewBooking.Tests.Pricing;

public sealed class PriceCalculatorTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 1, 10, 12, 0);

    private readonly FakeClock _clock = new(Now);
    private readonly InterviewBookingOptions _options = CreateOptions();
    private readonly TestOptionsMonitor<InterviewBookingOptions> _monitor;

    public PriceCalculatorTests() => _monitor = new TestOptionsMonitor<InterviewBookingOptions>(_options);

    private PriceCalculator Calculator => new(_monitor, _clock);

    private static InterviewBookingOptions CreateOptions()
    {
        var options = new InterviewBookingOptions();
        options.Plans.Add(new InterviewPlan { Id = "mock-30", Name = "Mock 30", Duration = Duration.FromMinutes(30), PriceMinorUnits = 5000 });
        options.Plans.Add(new InterviewPlan { Id = "mock-60", Name = "Mock 60", Duration = Duration.FromMinutes(60), PriceMinorUnits = 9000 });
        options.Plans.Add(new InterviewPlan { Id = "odd", Name = "Odd", Duration = Duration.FromMinutes(45), PriceMinorUnits = 3335 });
        options.AddOns.Add(new AddOnOffer { Id = "report", Name = "Written report", PriceMinorUnits = 1500 });
        var recording = new AddOnOffer { Id = "recording", Name = "Recording", PriceMinorUnits = 500, MaxQuantity = 3 };
        recording.PlanIds.Add("mock-60");
        options.AddOns.Add(recording);
        options.Coupons.Add(new CouponOffer { Code = "SAVE10", PercentOff = 10 });
        options.Coupons.Add(new CouponOffer { Code = "FREE", PercentOff = 100 });
        options.Coupons.Add(new CouponOffer { Code = "FIVER", AmountOffMinorUnits = 500 });
        options.Coupons.Add(new CouponOffer { Code = "HUGE", AmountOffMinorUnits = 1_000_000 });
        options.Coupons.Add(new CouponOffer { Code = "SOON", PercentOff = 20, ExpiresAt = Now + Duration.FromHours(1) });
        var long60 = new CouponOffer { Code = "LONG25", PercentOff = 25 };
        long60.PlanIds.Add("mock-60");
        options.Coupons.Add(long60);
        return options;
    }

    // ---- plan ----

    [Fact]
    public void A_plan_alone_costs_the_plan_price()
    {
        var price = Calculator.Calculate("mock-30", null, null);

        Assert.Equal(new Money(5000, "USD"), price.Total);
        var line = Assert.Single(price.Lines);
        Assert.Equal(new PriceLine(PriceLineKind.Plan, "mock-30", "Mock 30", 1, 5000), line);
        Assert.Null(price.CouponCode);
    }

    [Theory]
    [InlineData("mock-90")]
    [InlineData("MOCK-30")] // plan ids are exact
    [InlineData("")]
    public void An_unknown_plan_is_rejected(string planId)
    {
        var error = Assert.Throws<InvalidInterviewRequestException>(() => Calculator.Calculate(planId, null, null));

        Assert.Equal("PlanId", error.Field);
        Assert.Equal(planId, error.Value);
    }

    [Fact]
    public void GetPlan_returns_the_configured_plan()
    {
        Assert.Equal(Duration.FromMinutes(60), Calculator.GetPlan("mock-60").Duration);
        Assert.Equal("PlanId", Assert.Throws<InvalidInterviewRequestException>(() => Calculator.GetPlan(null)).Field);
    }

    [Fact]
    public void The_currency_comes_from_the_options()
    {
        _options.Currency = "eur";

        Assert.Equal(new Money(5000, "EUR"), Calculator.Calculate("mock-30", [], null).Total);
    }

    // ---- add-ons ----

    [Fact]
    public void Add_ons_are_priced_by_quantity()
    {
        var price = Calculator.Calculate("mock-60", [new AddOnSelection("recording", 3), new AddOnSelection("report")], null);

        Assert.Equal(9000 + 1500 + 1500, price.Total.MinorUnits);
        Assert.Equal(
            [
                new PriceLine(PriceLineKind.Plan, "mock-60", "Mock 60", 1, 9000),
                new PriceLine(PriceLineKind.AddOn, "recording", "Recording", 3, 1500),
                new PriceLine(PriceLineKind.AddOn, "report", "Written report", 1, 1500),
            ],
            price.Lines);
    }

    public static TheoryData<string, AddOnSelection?[]> BadAddOns => new()
    {
        { "mock-60", [new AddOnSelection("recording", 4)] },                             // above the maximum
        { "mock-60", [new AddOnSelection("report", 2)] },                                // default maximum is 1
        { "mock-60", [new AddOnSelection("recording", 0)] },
        { "mock-60", [new AddOnSelection("recording", -1)] },
        { "mock-30", [new AddOnSelection("recording")] },                                // only for mock-60
        { "mock-60", [new AddOnSelection("coaching")] },                                 // unknown
        { "mock-60", [new AddOnSelection("Report")] },                                   // ids are exact
        { "mock-60", [new AddOnSelection("recording"), new AddOnSelection("recording", 2)] }, // named twice
        { "mock-60", [null] },
    };

    [Theory]
    [MemberData(nameof(BadAddOns))]
    public void A_bad_add_on_names_the_AddOns_field(string planId, AddOnSelection?[] addOns)
    {
        var error = Assert.Throws<InvalidInterviewRequestException>(() => Calculator.Calculate(planId, addOns!, null));

        Assert.Equal("AddOns", error.Field);
        Assert.Contains("AddOns", error.Message, StringComparison.Ordinal);
    }

    // ---- coupons ----

    [Fact]
    public void A_percent_coupon_takes_its_share_of_the_subtotal()
    {
        var price = Calculator.Calculate("mock-30", [new AddOnSelection("report")], "SAVE10");

        Assert.Equal(6500 - 650, price.Total.MinorUnits);
        Assert.Equal(new PriceLine(PriceLineKind.Discount, "SAVE10", "Coupon SAVE10", 1, -650), price.Lines[^1]);
        Assert.Equal("SAVE10", price.CouponCode);
    }

    [Fact]
    public void A_percent_discount_rounds_half_away_from_zero()
    {
        // 10% of 3335 is 333.5: the discount is 334.
        var price = Calculator.Calculate("odd", [], "SAVE10");

        Assert.Equal(-334, price.Lines[^1].AmountMinorUnits);
        Assert.Equal(3001, price.Total.MinorUnits);
    }

    [Fact]
    public void A_hundred_percent_coupon_makes_it_free()
    {
        Assert.Equal(0, Calculator.Calculate("mock-60", [new AddOnSelection("report")], "FREE").Total.MinorUnits);
    }

    [Fact]
    public void A_fixed_coupon_takes_its_amount_off()
    {
        Assert.Equal(4500, Calculator.Calculate("mock-30", [], "FIVER").Total.MinorUnits);
    }

    [Fact]
    public void A_fixed_coupon_never_takes_the_total_below_zero()
    {
        var price = Calculator.Calculate("mock-30", [new AddOnSelection("report")], "HUGE");

        Assert.Equal(0, price.Total.MinorUnits);
        Assert.Equal(-6500, price.Lines[^1].AmountMinorUnits);
    }

    [Theory]
    [InlineData("save10")]
    [InlineData("Save10")]
    [InlineData("  SAVE10 ")]
    public void Coupon_codes_compare_case_insensitively(string code)
    {
        var price = Calculator.Calculate("mock-30", [], code);

        Assert.Equal(4500, price.Total.MinorUnits);
        Assert.Equal("SAVE10", price.CouponCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void No_coupon_code_means_no_discount(string? code)
    {
        var price = Calculator.Calculate("mock-30", [], code);

        Assert.Equal(5000, price.Total.MinorUnits);
        Assert.DoesNotContain(price.Lines, l => l.Kind == PriceLineKind.Discount);
    }

    [Fact]
    public void A_coupon_is_accepted_until_it_expires()
    {
        Assert.Equal(4000, Calculator.Calculate("mock-30", [], "SOON").Total.MinorUnits);

        _clock.Advance(Duration.FromMinutes(59));
        Assert.Equal(4000, Calculator.Calculate("mock-30", [], "SOON").Total.MinorUnits);

        _clock.Advance(Duration.FromMinutes(1)); // exactly at ExpiresAt
        var error = Assert.Throws<InvalidInterviewRequestException>(() => Calculator.Calculate("mock-30", [], "SOON"));
        Assert.Equal("CouponCode", error.Field);
        Assert.Contains("expired", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plan_scoped_coupon_applies_only_to_its_plans()
    {
        Assert.Equal(6750, Calculator.Calculate("mock-60", [], "LONG25").Total.MinorUnits);

        var error = Assert.Throws<InvalidInterviewRequestException>(() => Calculator.Calculate("mock-30", [], "LONG25"));
        Assert.Equal("CouponCode", error.Field);
    }

    [Fact]
    public void An_unknown_coupon_is_rejected_not_ignored()
    {
        var error = Assert.Throws<InvalidInterviewRequestException>(() => Calculator.Calculate("mock-30", [], "SAVE99"));

        Assert.Equal("CouponCode", error.Field);
        Assert.Equal("SAVE99", error.Value);
        Assert.Null(Calculator.FindCoupon("SAVE99"));
    }

    [Fact]
    public void Changed_options_are_used_by_the_next_calculation()
    {
        Assert.Equal(5000, Calculator.Calculate("mock-30", [], null).Total.MinorUnits);
        var calculator = Calculator;

        var changed = CreateOptions();
        changed.Plans[0].PriceMinorUnits = 6000;
        _monitor.CurrentValue = changed;

        Assert.Equal(6000, calculator.Calculate("mock-30", [], null).Total.MinorUnits);
    }

    [Fact]
    public void A_misconfigured_percentage_above_100_still_never_goes_below_zero()
    {
        // The options validator rejects this at start-up; the calculator still never produces a negative price.
        _options.Coupons.Add(new CouponOffer { Code = "BROKEN", PercentOff = 150 });

        Assert.Equal(0, Calculator.Calculate("mock-30", [], "BROKEN").Total.MinorUnits);
    }

    [Fact]
    public void A_misconfigured_negative_discount_never_raises_the_price()
    {
        _options.Coupons.Add(new CouponOffer { Code = "MINUS", AmountOffMinorUnits = -500 });
        _options.Coupons.Add(new CouponOffer { Code = "MINUS-PCT", PercentOff = -10 });

        Assert.Equal(5000, Calculator.Calculate("mock-30", [], "MINUS").Total.MinorUnits);
        Assert.Equal(5000, Calculator.Calculate("mock-30", [], "MINUS-PCT").Total.MinorUnits);
    }
}
