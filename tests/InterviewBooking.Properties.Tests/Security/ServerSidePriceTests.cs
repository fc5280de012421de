using System.Globalization;
using InterviewBooking.Stripe;
using InterviewBooking.Stripe.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewBooking.Properties.Tests.Security;

/// <summary>
/// Amounts come only from server-side prices: a request cannot carry an amount, a status or an interviewer; what Stripe is asked to charge is
/// the catalogue's price for the plan, add-ons and coupon asked for (worked out again here); and a payment of any other amount books nothing.
/// </summary>
public sealed class ServerSidePriceTests : IDisposable
{
    private readonly StripeFixture _fixture = new(configureServices: services => services.Configure<InterviewBookingOptions>(o =>
    {
        o.AddOns.Add(new AddOnOffer { Id = "recording", Name = "Recording", PriceMinorUnits = 1500, MaxQuantity = 3 });
        o.Coupons.Add(new CouponOffer { Code = "PERCENT15", PercentOff = 15 });
        o.Coupons.Add(new CouponOffer { Code = "FLAT500", AmountOffMinorUnits = 500 });
    }));

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void A_request_has_no_field_for_an_amount_a_status_or_an_interviewer()
    {
        var names = typeof(InterviewRequest).GetProperties().Select(p => p.Name).ToArray();

        Assert.DoesNotContain(names, n => n.Contains("Price", StringComparison.Ordinal) || n.Contains("Amount", StringComparison.Ordinal)
            || n.Contains("Total", StringComparison.Ordinal) || n.Contains("Status", StringComparison.Ordinal) || n.Contains("Score", StringComparison.Ordinal));
        Assert.Equal(["ExcludedInterviewers"], names.Where(n => n.Contains("Interviewer", StringComparison.Ordinal)));
    }

    [Fact]
    public Task Stripe_is_asked_for_the_catalogue_price_and_only_that_price_books() =>
        Gen.Select(Gen.Int[0, 3], Gen.OneOf<string?>(null, "PERCENT15", "percent15 ", "FLAT500"), Gen.Int[-2_000, 2_000])
            .SampleAsync(
                async (recordings, coupon, offBy) =>
                {
                    var request = StripeFixture.Request(_fixture.NextSlot()) with
                    {
                        AddOns = recordings == 0 ? [] : [new AddOnSelection("recording", recordings)],
                        CouponCode = coupon,
                    };
                    var started = await _fixture.Get<BookingService>().StartAsync(request);
                    Assert.Equal(BookingStartOutcome.Started, started.Outcome);
                    var session = started.Session!;

                    var subtotal = 4900L + (1500L * recordings);
                    var expected = coupon?.Trim().ToUpperInvariant() switch
                    {
                        "PERCENT15" => subtotal - (long)Math.Round(subtotal * 0.15m, MidpointRounding.AwayFromZero),
                        "FLAT500" => subtotal - 500,
                        _ => subtotal,
                    };
                    var sent = _fixture.Api.RequestsTo("POST", "/v1/checkout/sessions").Single(r => r.Form("client_reference_id") == session.Id.Value);
                    Assert.Equal(expected.ToString(CultureInfo.InvariantCulture), sent.Form("line_items[0][price_data][unit_amount]"));
                    Assert.Equal(expected, session.Price.Total.MinorUnits);

                    // Stripe reports what it charged; any other amount than the stored price is refunded, never booked.
                    var paid = _fixture.Pay(session);
                    paid["amount_total"] = expected + offBy;
                    _fixture.Api.Checkout(session.ProviderReference!).AmountTotal = expected + offBy; // what Stripe charged, so what it refunds
                    var result = await _fixture.DeliverAsync(StripeCheckoutEvents.Completed, paid);
                    var stored = await _fixture.ReadAsync(session);
                    if (offBy == 0)
                    {
                        Assert.Equal(PaymentSessionStatus.Booked, stored.Status);
                    }
                    else
                    {
                        Assert.Equal(PaymentSessionStatus.RefundRequired, stored.Status);
                        Assert.Empty(_fixture.InterviewsFor(session));
                        Assert.Equal(PaymentEventOutcome.RefundRequired, result.Payment!.Outcome);
                        await _fixture.DeliverRefundAsync(stored);
                        Assert.Equal(PaymentSessionStatus.Refunded, (await _fixture.ReadAsync(session)).Status);
                    }
                },
                iter: 150,
                threads: 1);
}
