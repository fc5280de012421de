using BenchmarkDotNet.Attributes;

namespace InterviewBooking.Benchmarks;

/// <summary>Rendering and reading slot text, done for every payment session and every invite.</summary>
[MemoryDiagnoser]
public class SlotTextBenchmarks
{
    private static readonly DateTimeZone London = DateTimeZoneProviders.Tzdb["Europe/London"];
    private static readonly Interval Slot = new(Instant.FromUtc(2026, 10, 5, 8, 0), Instant.FromUtc(2026, 10, 5, 8, 30));
    private readonly string _text = SlotText.Format(Slot, London);

    [Benchmark]
    public string Format() => SlotText.Format(Slot, London);

    [Benchmark]
    public Interval Parse() => SlotText.Parse(_text, London).Value;
}
