namespace InterviewBooking;

/// <summary>Everything the scheduler needs, all taken from the payment session's pre-matched snapshot.</summary>
public sealed record InterviewScheduleRequest
{
    /// <summary>The idempotency key: the payment session id, so one payment schedules at most one interview.</summary>
    public required string IdempotencyKey { get; init; }

    /// <summary>The payment session.</summary>
    public required PaymentSessionId PaymentSessionId { get; init; }

    /// <summary>The pre-matched interviewer.</summary>
    public required MatchedInterviewer Interviewer { get; init; }

    /// <summary>The candidate.</summary>
    public required CandidateId CandidateId { get; init; }

    /// <summary>The candidate's name.</summary>
    public required string CandidateName { get; init; }

    /// <summary>The candidate's email.</summary>
    public required string CandidateEmail { get; init; }

    /// <summary>The candidate's zone.</summary>
    public required DateTimeZone CandidateTimeZone { get; init; }

    /// <summary>The reserved slot.</summary>
    public required Interval Slot { get; init; }

    /// <summary>The confirmed reservation.</summary>
    public required ReservationId ReservationId { get; init; }

    /// <summary>The plan.</summary>
    public required string PlanId { get; init; }

    /// <summary>The add-ons.</summary>
    public IReadOnlyList<AddOnSelection> AddOns { get; init; } = [];
}
