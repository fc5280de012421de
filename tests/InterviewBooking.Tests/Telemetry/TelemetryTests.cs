using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using InterviewBooking.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;

namespace InterviewBooking.Tests.Telemetry;

[CollectionDefinition(nameof(RunsAlone), DisableParallelization = true)]
public sealed class RunsAlone;

/// <summary>Runs alone (the meter is process-wide), so the counts are this test's own.</summary>
[Collection(nameof(RunsAlone))]
public sealed class TelemetryTests
{
    [Fact]
    public async Task A_booking_publishes_its_metrics_and_spans()
    {
        var measurements = new ConcurrentBag<(string Name, double Value)>();
        using var meterListener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == InterviewBookingTelemetry.Name)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meterListener.SetMeasurementEventCallback<long>((instrument, value, _, _) => measurements.Add((instrument.Name, value)));
        meterListener.SetMeasurementEventCallback<double>((instrument, value, _, _) => measurements.Add((instrument.Name, value)));
        meterListener.Start();
        var activities = new ConcurrentBag<Activity>();
        using var activityListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == InterviewBookingTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Add,
        };
        ActivitySource.AddActivityListener(activityListener);

        // A matcher that offers a blocked interviewer first, so holds conflict the way racing candidates make them.
        var matcher = Substitute.For<IInterviewerMatcher>();
        var interviewers = FlowFixture.Interviewers().ToList();
        matcher.MatchAsync(Arg.Any<InterviewRequest>(), Arg.Any<int>(), Arg.Any<CancellationToken>()).Returns(
            new MatchResult { Matches = interviewers.Take(3).Select(i => new InterviewerMatch(i, new MatchScore(20, 30, 30), FlowFixture.PopularSlot)).ToList() });
        // A scheduler that takes three seconds of the fake clock, so payment-to-booked has a length to measure.
        NodaTime.Testing.FakeClock? clock = null;
        var scheduler = Substitute.For<IInterviewScheduler>();
        scheduler.ScheduleAsync(Arg.Any<InterviewScheduleRequest>(), Arg.Any<CancellationToken>()).Returns(call =>
        {
            clock!.Advance(Duration.FromSeconds(3));
            return new ScheduledInterview(InterviewId.New(), call.Arg<InterviewScheduleRequest>(), clock.GetCurrentInstant());
        });
        await using var flow = new FlowFixture(services => services.AddSingleton(matcher).AddSingleton(scheduler));
        clock = flow.Clock;
        var blocker = await flow.Reservations.TryHoldAsync(new HoldRequest(
            new InterviewerId("interviewer-ada"), FlowFixture.PopularSlot, "someone-else", FlowFixture.Start + Duration.FromMinutes(30)));
        Assert.True(blocker.Succeeded);
        var (started, paid) = await flow.StartAndPayAsync();
        await flow.Events.ProcessAsync(paid);
        var other = await flow.Booking.StartAsync(FlowFixture.Request("candidate-2"));
        await flow.Events.ProcessAsync(flow.Gateway.CompleteCheckout(other.Session!.Id) with { AmountPaid = new Money(1, "USD") });
        meterListener.RecordObservableInstruments();

        double Sum(string name) => measurements.Where(m => m.Name == name).Sum(m => m.Value);
        Assert.Equal(2, Sum(InterviewBookingTelemetry.BookingsStarted));
        Assert.Equal(3, Sum(InterviewBookingTelemetry.HoldsConflicted)); // Ada for both candidates, Grace for the second
        Assert.Equal(1, Sum(InterviewBookingTelemetry.Booked));
        Assert.Equal(1, Sum(InterviewBookingTelemetry.RefundsRequired));
        Assert.Equal(2, measurements.Count(m => m.Name == InterviewBookingTelemetry.MatchDuration));
        Assert.Equal(3, Assert.Single(measurements, m => m.Name == InterviewBookingTelemetry.PaymentToBooked).Value);

        var names = activities.Select(a => a.OperationName).ToList();
        Assert.Contains("InterviewBooking.Match", names);
        Assert.Contains("InterviewBooking.Hold", names);
        Assert.Contains("InterviewBooking.Checkout", names);
        var fulfillment = Assert.Single(activities, a => a.OperationName == "InterviewBooking.Fulfillment");
        Assert.Equal(started.Session!.Id.Value, fulfillment.GetTagItem("interviewbooking.session_id"));
        Assert.Equal(nameof(BookingOutcome.Booked), fulfillment.GetTagItem("interviewbooking.outcome"));
        Assert.Contains(activities, a => a.OperationName == "InterviewBooking.Hold" && Equals(a.GetTagItem("interviewbooking.held"), false));
    }

    [Fact]
    public void Gateway_adapters_count_duplicates_on_the_same_meter()
    {
        long duplicates = 0;
        using var meterListener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == InterviewBookingTelemetry.Name && instrument.Name == InterviewBookingTelemetry.WebhookDuplicates)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meterListener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: "provider", Value: "test" })
                {
                    Interlocked.Add(ref duplicates, value);
                }
            }
        });
        meterListener.Start();

        InterviewBookingTelemetry.RecordWebhookDuplicate("test");
        InterviewBookingTelemetry.RecordWebhookDuplicate("test");

        Assert.Equal(2, Interlocked.Read(ref duplicates));
    }
}
