using System.Diagnostics.Metrics;
using InterviewBooking.Tests.Support;

namespace InterviewBooking.Tests.Outbox;

/// <summary>An event for a payment session we never stored is retried only within a bounded window, then ignored with a count.</summary>
public sealed class UnknownSessionTests
{
    [Fact]
    public async Task An_event_for_an_unknown_session_is_retried_within_the_window_and_ignored_after_it()
    {
        await using var flow = new FlowFixture(configureOptions: o => o.UnknownSessionRetryWindow = Duration.FromMinutes(30));
        var now = flow.Clock.GetCurrentInstant();
        PaymentEvent Event(Duration age) => new()
        {
            EventId = "evt_" + Guid.NewGuid().ToString("N"),
            Kind = PaymentEventKind.CheckoutCompleted,
            SessionId = PaymentSessionId.New(),
            IsPaid = true,
            AmountPaid = new Money(4900, "USD"),
            OccurredAt = now - age,
        };
        long ignored = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == InterviewBookingTelemetry.UnknownSessionEventsIgnored)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref ignored, value));
        listener.Start();

        var young = await flow.Events.ProcessAsync(Event(Duration.FromMinutes(29)));
        var old = await flow.Events.ProcessAsync(Event(Duration.FromMinutes(30)));

        Assert.Equal(PaymentEventOutcome.SessionNotFound, young.Outcome);
        Assert.True(young.ShouldRetry);
        Assert.Equal(PaymentEventOutcome.Ignored, old.Outcome);
        Assert.False(old.ShouldRetry);
        Assert.Contains("older than", old.Detail, StringComparison.Ordinal);
        Assert.True(Interlocked.Read(ref ignored) >= 1);
    }
}
