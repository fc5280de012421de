using InterviewBooking.InMemory;
using InterviewBooking.Stripe.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Stripe;

namespace InterviewBooking.Stripe.Tests;

/// <summary>AddStripePayments: what it registers, what wins, and the start-up validation of its options.</summary>
public sealed class RegistrationTests
{
    [Fact]
    public void Stripe_replaces_the_simulated_gateway_whatever_the_order()
    {
        using var after = Build(b => b.AddSimulatedPayments().AddStripePayments(Valid));
        using var before = Build(b => b.AddStripePayments(Valid).AddSimulatedPayments());

        Assert.IsType<StripePaymentGateway>(after.GetRequiredService<IPaymentGateway>());
        Assert.IsType<StripePaymentGateway>(before.GetRequiredService<IPaymentGateway>());
        Assert.NotNull(after.GetRequiredService<SimulatedPaymentGateway>());
    }

    [Fact]
    public void The_handler_services_and_a_Stripe_client_from_the_options_are_registered()
    {
        using var provider = Build(b => b.AddStripePayments(o =>
        {
            Valid(o);
            o.ApiBase = new Uri("http://127.0.0.1:12111/");
        }));

        Assert.NotNull(provider.GetRequiredService<StripeWebhookHandler>());
        Assert.NotNull(provider.GetRequiredService<StripeCheckoutService>());
        var client = provider.GetRequiredService<IStripeClient>();
        Assert.Equal("http://127.0.0.1:12111", client.ApiBase);
        Assert.Equal("sk_test_valid", client.ApiKey);
    }

    [Fact]
    public void A_host_s_own_Stripe_client_wins_whether_registered_before_or_after()
    {
        using var api = new FakeStripeApi();
        var own = api.CreateClient();

        using var after = Build(b =>
        {
            b.AddStripePayments(Valid);
            b.Services.AddSingleton<IStripeClient>(own);
        });
        using var before = Build(b =>
        {
            b.Services.AddSingleton<IStripeClient>(own);
            b.AddStripePayments(Valid);
        });

        Assert.Same(own, after.GetRequiredService<IStripeClient>());
        Assert.Same(own, before.GetRequiredService<IStripeClient>());
    }

    [Fact]
    public void Valid_options_start()
    {
        using var provider = Build(b => b.AddStripePayments(Valid));

        provider.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public void Missing_keys_and_URLs_fail_at_start_up_naming_each_setting_without_echoing_secrets()
    {
        using var provider = Build(b => b.AddStripePayments(_ => { }));

        var error = Assert.ThrowsAny<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        foreach (var setting in new[] { "SecretKey", "WebhookSecret", "SuccessUrl", "CancelUrl" })
        {
            Assert.Contains(error.Failures, f => f.Contains(setting, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("SecretKey", "pk_test_publishable")]
    [InlineData("WebhookSecret", "not-a-signing-secret")]
    [InlineData("SuccessUrl", "/relative/success")]
    [InlineData("SuccessUrl", "ftp://shop.example/paid")]
    [InlineData("CancelUrl", "https://shop.example/canceled?c={CHECKOUT_SESSION_ID}")]
    [InlineData("WebhookTolerance", "0")]
    [InlineData("PaymentMethodTypes", "")]
    [InlineData("PaymentMethodTypes", "Card")]
    [InlineData("MaxNetworkRetries", "-1")]
    public void A_bad_setting_fails_at_start_up_naming_it(string setting, string value)
    {
        using var provider = Build(b => b.AddStripePayments(o =>
        {
            Valid(o);
            switch (setting)
            {
                case "SecretKey": o.SecretKey = value; break;
                case "WebhookSecret": o.WebhookSecret = value; break;
                case "SuccessUrl": o.SuccessUrl = value; break;
                case "CancelUrl": o.CancelUrl = value; break;
                case "WebhookTolerance": o.WebhookTolerance = Duration.FromSeconds(int.Parse(value, System.Globalization.CultureInfo.InvariantCulture)); break;
                case "PaymentMethodTypes": o.PaymentMethodTypes.Clear(); if (value.Length > 0) { o.PaymentMethodTypes.Add(value); } break;
                case "MaxNetworkRetries": o.MaxNetworkRetries = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            }
        }));

        var error = Assert.ThrowsAny<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        var failure = Assert.Single(error.Failures);
        Assert.Contains(setting, failure, StringComparison.Ordinal);
        Assert.DoesNotContain("pk_test_publishable", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(30, false)]
    [InlineData(31, false)]
    [InlineData(32, true)]
    [InlineData(23 * 60 + 58, true)]
    [InlineData(24 * 60, false)]
    public void The_hold_must_fit_a_checkout_s_lifetime_with_a_margin(int minutes, bool starts)
    {
        using var provider = Build(b => b.AddStripePayments(Valid), hold: Duration.FromMinutes(minutes));

        var validate = () => provider.GetRequiredService<IStartupValidator>().Validate();

        if (starts)
        {
            validate();
        }
        else
        {
            var error = Assert.ThrowsAny<OptionsValidationException>(validate);
            Assert.Contains(error.Failures, f => f.Contains("HoldDuration", StringComparison.Ordinal) && f.Contains("Stripe", StringComparison.Ordinal));
        }
    }

    private static void Valid(StripePaymentOptions o)
    {
        o.SecretKey = "sk_test_valid";
        o.WebhookSecret = "whsec_valid";
        o.SuccessUrl = "https://shop.example/paid?checkout={CHECKOUT_SESSION_ID}";
        o.CancelUrl = "https://shop.example/canceled/{PAYMENT_SESSION_ID}";
    }

    private static ServiceProvider Build(Action<IInterviewBookingBuilder> configure, Duration? hold = null)
    {
        var services = new ServiceCollection();
        var builder = services.AddInterviewBooking(o =>
        {
            o.HoldDuration = hold ?? Duration.FromMinutes(35);
            o.Plans.Add(new InterviewPlan { Id = "mock-30", Name = "30-minute mock", Duration = Duration.FromMinutes(30), PriceMinorUnits = 4900 });
        }).AddInMemoryStores();
        configure(builder);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }
}
