namespace InterviewBooking;

/// <summary>One entry of an interview's audit trail: a status it entered (or feedback recorded in it), when, by whom and why.</summary>
/// <param name="InterviewId">The interview.</param>
/// <param name="From">The status it left; <see langword="null"/> for the entry that records its scheduling.</param>
/// <param name="To">The status it entered.</param>
/// <param name="At">When.</param>
/// <param name="Version">The interview's <see cref="ScheduledInterview.Version"/> after the change; orders the trail.</param>
/// <param name="By">Who made the change, when it said (<see cref="InterviewTransition.By"/>).</param>
/// <param name="Reason">Why, when it said (<see cref="InterviewTransition.Reason"/>); never the feedback's or the rating's text.</param>
public sealed record InterviewStatusChange(
    InterviewId InterviewId,
    InterviewStatus? From,
    InterviewStatus To,
    Instant At,
    long Version,
    InterviewParty? By,
    string? Reason);
