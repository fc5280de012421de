namespace InterviewBooking.Testing;

/// <summary>Builds valid, fully populated payment sessions for tests: every pre-matched field set and consistent with the others.</summary>
public static class PaymentSessionSamples
{
    /// <summary>The candidate's zone in samples: not UTC, so a store that drops or mangles zones is caught.</summary>
    public static DateTimeZone CandidateZone => DateTimeZoneProviders.Tzdb["Europe/Berlin"];

    /// <summary>
    /// A <see cref="PaymentSessionStatus.Pending"/> session created at <paramref name="now"/> for a 60-minute slot starting a day later
    /// (09:00 UTC), with a price of three lines (plan, add-on, coupon), one add-on and a full match snapshot.
    /// </summary>
    /// <param name="now">When the session is created; the slot and expiry follow from it.</param>
    /// <param name="id">The session id; a new one by default.</param>
    /// <param name="interviewerId">The pre-matched interviewer; a new unique one by default.</param>
    /// <param name="reservationId">The reservation holding the slot; a new one by default.</param>
    /// <param name="slot">The reserved slot; by default 60 minutes starting at the next day's 09:00 UTC after <paramref name="now"/>.</param>
    public static PaymentSession Pending(
        Instant now,
        PaymentSessionId? id = null,
        InterviewerId? interviewerId = null,
        ReservationId? reservationId = null,
        Interval? slot = null)
    {
        var interviewer = interviewerId ?? new InterviewerId("iv-" + Guid.NewGuid().ToString("N"));
        var reserved = slot ?? DefaultSlot(now);
        var score = new MatchScore(experience: 27, skills: 36, availability: 30);
        var zone = CandidateZone;
        return new PaymentSession
        {
            Id = id ?? PaymentSessionId.New(),
            CandidateId = new CandidateId("cand-" + Guid.NewGuid().ToString("N")),
            CandidateName = "Ada Candidate",
            CandidateEmail = "ada.candidate@example.com",
            CandidateTimeZone = zone,
            MatchedInterviewer = new MatchedInterviewer
            {
                Id = interviewer,
                Name = "Grace Interviewer",
                Email = "grace.interviewer@example.com",
                Company = "Example Systems",
                Score = score,
            },
            InterviewerId = interviewer,
            SelectedTimeSlot = SlotText.Format(reserved, zone),
            SelectedDate = SlotText.LocalDateOf(reserved, zone),
            MatchScore = score.Total,
            Slot = reserved,
            ReservationId = reservationId ?? ReservationId.New(),
            PlanId = "standard-60",
            AddOns = [new AddOnSelection("recording", 1), new AddOnSelection("written-feedback", 2)],
            Price = new Price(
                new Money(11_500, "USD"),
                [
                    new PriceLine(PriceLineKind.Plan, "standard-60", "Standard interview (60 min)", 1, 10_000),
                    new PriceLine(PriceLineKind.AddOn, "recording", "Recording", 1, 1_500),
                    new PriceLine(PriceLineKind.AddOn, "written-feedback", "Written feedback", 2, 2_000),
                    new PriceLine(PriceLineKind.Discount, "WELCOME20", "Coupon WELCOME20", 1, -2_000),
                ]),
            Status = PaymentSessionStatus.Pending,
            CreatedAt = now,
            UpdatedAt = now,
            ExpiresAt = now + Duration.FromMinutes(30),
        };
    }

    /// <summary>60 minutes starting at 09:00 UTC on the day after <paramref name="now"/>.</summary>
    /// <param name="now">The current instant.</param>
    public static Interval DefaultSlot(Instant now)
    {
        var start = now.InUtc().Date.PlusDays(1).AtMidnight().PlusHours(9).InUtc().ToInstant();
        return new Interval(start, start + Duration.FromMinutes(60));
    }

    /// <summary>The schedule request auto-booking would make for <paramref name="session"/> (its pre-matched snapshot).</summary>
    /// <param name="session">A session with its pre-matched fields set (such as <see cref="Pending"/> makes).</param>
    /// <param name="idempotencyKey">The key; the session id by default.</param>
    public static InterviewScheduleRequest ScheduleRequest(PaymentSession session, string? idempotencyKey = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        return new InterviewScheduleRequest
        {
            IdempotencyKey = idempotencyKey ?? session.Id.Value,
            PaymentSessionId = session.Id,
            Interviewer = session.MatchedInterviewer ?? throw new ArgumentException("The session has no match snapshot.", nameof(session)),
            CandidateId = session.CandidateId,
            CandidateName = session.CandidateName,
            CandidateEmail = session.CandidateEmail,
            CandidateTimeZone = session.CandidateTimeZone,
            Slot = session.Slot ?? throw new ArgumentException("The session has no slot.", nameof(session)),
            ReservationId = session.ReservationId ?? throw new ArgumentException("The session has no reservation.", nameof(session)),
            PlanId = session.PlanId,
            AddOns = session.AddOns,
        };
    }
}
