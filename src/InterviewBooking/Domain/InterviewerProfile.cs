namespace InterviewBooking;

/// <summary>An interviewer as the directory knows them, with the rules that decide when they can be booked.</summary>
/// <remarks>
/// <para><b>When an interviewer can take a slot</b> (the default matcher's rules, all in the interviewer's <see cref="TimeZone"/>):</para>
/// <list type="bullet">
/// <item><description>every instant of the slot reads, on the interviewer's wall clock, a local time inside one window of the slot's
/// local date: a <see cref="WeeklyAvailability"/> window of that weekday or an <see cref="AvailabilityOverrideKind.ExtraWindow"/>
/// of that date; that date is no <see cref="AvailabilityOverrideKind.DayOff"/> and the slot meets no
/// <see cref="AvailabilityOverrideKind.Blocked"/> range;</description></item>
/// <item><description>it starts at least <see cref="MinimumNotice"/> from now and, when <see cref="BookingHorizon"/> is set, no later
/// than that far from now;</description></item>
/// <item><description>with its buffers it overlaps no active reservation with theirs (<see cref="BufferBefore"/>,
/// <see cref="BufferAfter"/>), and fewer than <see cref="MaxInterviewsPerDay"/> active reservations start on its local date.</description></item>
/// </list>
/// </remarks>
public sealed record InterviewerProfile
{
    /// <summary>The interviewer's id.</summary>
    public required InterviewerId Id { get; init; }

    /// <summary>Display name, as it goes into the match snapshot and the invite.</summary>
    public required string Name { get; init; }

    /// <summary>Email address the booking is sent to.</summary>
    public required string Email { get; init; }

    /// <summary>The interviewer's company, if any.</summary>
    public string? Company { get; init; }

    /// <summary>Years of professional experience.</summary>
    public int ExperienceYears { get; init; }

    /// <summary>Domains the interviewer covers ("Backend", "System Design"), matched as whole tokens.</summary>
    public IReadOnlyList<string> SkillCategories { get; init; } = [];

    /// <summary>Specific skills ("Java", "Kubernetes"), matched as whole tokens.</summary>
    public IReadOnlyList<string> Skills { get; init; } = [];

    /// <summary>The zone the interviewer's availability is written in.</summary>
    public required DateTimeZone TimeZone { get; init; }

    /// <summary>Weekly windows of local time (in <see cref="TimeZone"/>) when the interviewer takes interviews.</summary>
    public IReadOnlyList<WeeklyWindow> WeeklyAvailability { get; init; } = [];

    /// <summary>Dated changes to the weekly windows: days off, blocked ranges, extra windows.</summary>
    public IReadOnlyList<AvailabilityOverride> AvailabilityOverrides { get; init; } = [];

    /// <summary>Free time the interviewer needs before each interview (not negative). Default none.</summary>
    public Duration BufferBefore { get; init; }

    /// <summary>Free time the interviewer needs after each interview (not negative). Default none.</summary>
    public Duration BufferAfter { get; init; }

    /// <summary>How long before its start a slot can still be booked (not negative). Default none.</summary>
    public Duration MinimumNotice { get; init; }

    /// <summary>How far ahead a slot may start (positive), or <see langword="null"/> for no limit. Default no limit.</summary>
    public Duration? BookingHorizon { get; init; }

    /// <summary>The most interviews (held or confirmed) the interviewer takes on one local day.</summary>
    public int MaxInterviewsPerDay { get; init; } = 6;

    /// <summary>Whether the interviewer takes new bookings at all.</summary>
    public bool IsActive { get; init; } = true;
}
