using System.Globalization;

namespace InterviewBooking;

/// <summary>
/// The interviewer's rules a reservation store enforces on a hold, atomically with the overlap check: the buffers around every active
/// reservation and the most active reservations starting on one local day. They travel with the <see cref="HoldRequest"/>, so a store
/// needs no directory.
/// </summary>
/// <remarks>
/// <para><b>Buffers.</b> A reservation occupies its slot widened by the buffers it was held with (<see cref="Reservation.Occupied"/>);
/// two active reservations of one interviewer may not have overlapping occupied spans, so consecutive interviews sit at least the earlier
/// one's <see cref="BufferAfter"/> plus the later one's <see cref="BufferBefore"/> apart: the reading of the default matcher. Each
/// reservation keeps the buffers of its own hold: buffers changed later apply to holds made after the change, and never make an earlier
/// reservation a violation. Slots that only touch are allowed when both buffers are zero.</para>
/// <para><b>Daily cap.</b> At most <see cref="MaxPerDay"/> active reservations of the interviewer start on the hold's local date in
/// <see cref="TimeZone"/>; a slot across local midnight counts on the day it starts.</para>
/// </remarks>
public sealed record HoldRules
{
    /// <summary>The longest buffer a hold may carry: one day.</summary>
    public static readonly Duration MaxBuffer = Duration.FromDays(1);

    /// <summary>No buffers and no daily cap: only the bare overlap check.</summary>
    public static HoldRules None { get; } = new();

    /// <summary>Free time the interviewer keeps before the slot (0 to <see cref="MaxBuffer"/>). Default none.</summary>
    public Duration BufferBefore { get; init; }

    /// <summary>Free time the interviewer keeps after the slot (0 to <see cref="MaxBuffer"/>). Default none.</summary>
    public Duration BufferAfter { get; init; }

    /// <summary>The most active reservations starting on one local day (not negative), or <see langword="null"/> for no cap. Default none.</summary>
    public int? MaxPerDay { get; init; }

    /// <summary>The zone whose local days <see cref="MaxPerDay"/> counts. Default UTC.</summary>
    public DateTimeZone TimeZone { get; init; } = DateTimeZone.Utc;

    /// <summary>The rules of an interviewer as the directory knows them now.</summary>
    /// <param name="interviewer">The interviewer.</param>
    /// <exception cref="ArgumentNullException"><paramref name="interviewer"/> is <see langword="null"/>.</exception>
    public static HoldRules Of(InterviewerProfile interviewer)
    {
        ArgumentNullException.ThrowIfNull(interviewer);
        return new HoldRules
        {
            BufferBefore = interviewer.BufferBefore,
            BufferAfter = interviewer.BufferAfter,
            MaxPerDay = interviewer.MaxInterviewsPerDay,
            TimeZone = interviewer.TimeZone,
        };
    }

    /// <summary>The span a slot occupies under these rules: the slot widened by both buffers.</summary>
    /// <param name="slot">A slot with both ends.</param>
    public Interval Occupied(Interval slot) => new(slot.Start - BufferBefore, slot.End + BufferAfter);

    /// <summary>The local day of the interviewer on which <paramref name="slot"/> starts, as the instants it covers (half-open).</summary>
    /// <param name="slot">A slot with a start.</param>
    public (LocalDate Date, Interval Day) DayOf(Interval slot)
    {
        var date = slot.Start.InZone(TimeZone).Date;
        return (date, new Interval(TimeZone.AtStartOfDay(date).ToInstant(), TimeZone.AtStartOfDay(date.PlusDays(1)).ToInstant()));
    }

    /// <summary>Checks the rules as every store does before holding: buffers from zero to <see cref="MaxBuffer"/>, a cap not negative, a zone.</summary>
    /// <param name="rules">The rules.</param>
    /// <exception cref="ArgumentException">A buffer is negative or longer than <see cref="MaxBuffer"/>, the cap is negative, or there is no zone.</exception>
    public static void Validate(HoldRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (rules.BufferBefore < Duration.Zero || rules.BufferBefore > MaxBuffer)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"A hold's BufferBefore must be between 0 and {MaxBuffer}; got {rules.BufferBefore}."), nameof(rules));
        }

        if (rules.BufferAfter < Duration.Zero || rules.BufferAfter > MaxBuffer)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"A hold's BufferAfter must be between 0 and {MaxBuffer}; got {rules.BufferAfter}."), nameof(rules));
        }

        if (rules.MaxPerDay is < 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"A hold's MaxPerDay must not be negative; got {rules.MaxPerDay}."), nameof(rules));
        }

        if (rules.TimeZone is null)
        {
            throw new ArgumentException("A hold's rules need a TimeZone.", nameof(rules));
        }
    }
}
