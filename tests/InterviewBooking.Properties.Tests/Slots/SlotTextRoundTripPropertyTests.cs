namespace InterviewBooking.Properties.Tests.Slots;

/// <summary>
/// Format then parse, in the slot's zone, is the identity for every minute-aligned slot shorter than a day: checked on the transition days
/// of every zone of the TZDB from 2020 to 2030, where local readings are skipped or repeated.
/// </summary>
public sealed class SlotTextRoundTripPropertyTests
{
    private static readonly Instant From = Instant.FromUtc(2020, 1, 1, 0, 0);
    private static readonly Instant To = Instant.FromUtc(2031, 1, 1, 0, 0);
    private const int MinutesPerDay = 24 * 60;

    /// <summary>Every (zone, transition instant) of the TZDB in 2020..2030.</summary>
    private static readonly (DateTimeZone Zone, Instant At)[] Transitions =
        [.. DateTimeZoneProviders.Tzdb.Ids
            .Select(id => DateTimeZoneProviders.Tzdb[id])
            .SelectMany(zone => zone.GetZoneIntervals(From, To)
                .Where(interval => interval.HasStart && interval.Start > From)
                .Select(interval => (zone, interval.Start)))];

    [Fact]
    public void Every_zone_of_the_database_has_its_transitions_sampled()
    {
        Assert.True(Transitions.Length > 1_000, $"only {Transitions.Length} transitions found");
        Assert.Contains(Transitions, t => t.Zone.Id == "Australia/Lord_Howe");
    }

    [Fact]
    public void Random_slots_on_transition_days_read_back_as_themselves()
    {
        // A start within a day either side of a transition, any length from a minute to a minute short of a day.
        Gen.Select(Gen.Int[0, Transitions.Length - 1], Gen.Int[-MinutesPerDay, MinutesPerDay], Gen.Int[1, MinutesPerDay - 1])
            .Sample(
                (index, startMinutes, lengthMinutes) => RoundTrips(Transitions[index].Zone, Transitions[index].At, startMinutes, lengthMinutes),
                iter: 200_000);
    }

    [Fact]
    public void Slots_touching_each_transition_read_back_as_themselves()
    {
        // The edges, for every transition: slots ending at, starting at, straddling, and nearly a day around it.
        int[] starts = [-MinutesPerDay + 1, -90, -60, -30, -1, 0, 1, 30];
        int[] lengths = [1, 30, 60, 61, 90, MinutesPerDay - 61, MinutesPerDay - 1];
        foreach (var (zone, at) in Transitions)
        {
            foreach (var start in starts)
            {
                foreach (var length in lengths)
                {
                    Assert.True(RoundTrips(zone, at, start, length));
                }
            }
        }
    }

    private static bool RoundTrips(DateTimeZone zone, Instant transition, int startMinutes, int lengthMinutes)
    {
        // Transitions fall on whole minutes in this range; align to the minute anyway so the property is about minute-aligned slots.
        var start = Instant.FromUnixTimeSeconds((transition + Duration.FromMinutes(startMinutes)).ToUnixTimeSeconds() / 60 * 60);
        var slot = new Interval(start, start + Duration.FromMinutes(lengthMinutes));
        var text = SlotText.Format(slot, zone);
        var read = SlotText.Parse(text, zone);
        if (!read.Success || read.Value != slot)
        {
            Assert.Fail($"{zone.Id} {slot}: \"{text}\" reads back as {(read.Success ? read.Value.ToString() : read.Exception.Message)}");
        }

        return true;
    }
}
