using System.Diagnostics.Metrics;
using InterviewBooking.Stripe.Tests.Support;

namespace InterviewBooking.Stripe.Tests;

[CollectionDefinition(nameof(MeterRunsAlone), DisableParallelization = true)]
public sealed class MeterRunsAlone;

/// <summary>Runs alone (the meter is process-wide), so the counts are this test's own.</summary>
[Collection(nameof(MeterRunsAlone))]
public sealed class WebhookTelemetryTests
{
    [Fact]
    public async Task Each_duplicate_delivery_is_counted_with_the_stripe_provider_tag()
    {
        var duplicates = 0;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == InterviewBookingTelemetry.Name && instrument.Name == InterviewBookingTelemetry.WebhookDuplicates)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "provider" && Equals(tag.Value, StripeWebhookHandler.Provider))
                {
                    Interlocked.Add(ref duplicates, (int)value);
                }
            }
        });
        listener.Start();
        using var fixture = new StripeFixture();
        var session = await fixture.StartAsync();
        var body = StripeEvents.Body(StripeCheckoutEvents.Completed, fixture.Pay(session));

        for (var i = 0; i < 3; i++)
        {
            await fixture.Webhooks.HandleAsync(body, StripeEvents.Sign(body, fixture.Clock.GetCurrentInstant()));
        }

        Assert.Equal(2, Volatile.Read(ref duplicates));
    }
}
