using InterviewBooking.Calendar;
using Microsoft.Extensions.Options;
using NodaTime.Testing;

namespace InterviewBooking.Calendar.Tests;

/// <summary>Notifications about one interview, and a writer with a fixed clock.</summary>
internal static class Invites
{
    public static readonly Instant Now = Instant.FromUtc(2026, 2, 20, 9, 15, 30);
    public static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];
    public static readonly DateTimeZone London = DateTimeZoneProviders.Tzdb["Europe/London"];
    public static readonly InterviewId InterviewId = new("iv_0195f1c2a7b04e5c9d3e2f1a0b9c8d7e");

    /// <summary>Tuesday 2 June 2026, 10:00-10:30 in New York (14:00 UTC).</summary>
    public static readonly Interval Slot = new(Instant.FromUtc(2026, 6, 2, 14, 0), Instant.FromUtc(2026, 6, 2, 14, 30));

    public static CalendarInviteOptions DefaultOptions() => new()
    {
        OrganizerName = "Acme Interviews",
        OrganizerEmail = "interviews@acme.example",
        UidDomain = "invites.acme.example",
    };

    public static InterviewBookingOptions BookingOptions()
    {
        var options = new InterviewBookingOptions();
        options.Plans.Add(new InterviewPlan { Id = "mock-30", Name = "30-minute mock interview", Duration = Duration.FromMinutes(30), PriceMinorUnits = 4900 });
        options.Plans.Add(new InterviewPlan { Id = "mock-60", Name = "60-minute mock interview", Duration = Duration.FromMinutes(60), PriceMinorUnits = 8900 });
        options.AddOns.Add(new AddOnOffer { Id = "written-feedback", Name = "Written feedback report", PriceMinorUnits = 1500 });
        return options;
    }

    public static CalendarInviteWriter Writer(CalendarInviteOptions? options = null, IClock? clock = null) =>
        new(Options.Create(options ?? DefaultOptions()), Options.Create(BookingOptions()), clock ?? new FakeClock(Now));

    public static PaymentSession Session(Interval? slot = null) => new()
    {
        Id = new PaymentSessionId("ps_calendar_tests"),
        CandidateId = new CandidateId("candidate-casey"),
        CandidateName = "Casey Jordan",
        CandidateEmail = "casey.jordan@example.org",
        CandidateTimeZone = London,
        MatchedInterviewer = Ada,
        InterviewerId = Ada.Id,
        Slot = slot ?? Slot,
        PlanId = "mock-30",
        Price = new Price(new Money(4900, "USD"), [new PriceLine(PriceLineKind.Plan, "mock-30", "30-minute mock interview", 1, 4900)]),
        Status = PaymentSessionStatus.Booked,
        StatusReason = "internal: hold hr_123 confirmed",
        CreatedAt = Now,
        ExpiresAt = Now + Duration.FromMinutes(30),
        UpdatedAt = Now,
    };

    public static MatchedInterviewer Ada { get; } = new()
    {
        Id = new InterviewerId("interviewer-ada"),
        Name = "Ada Byron",
        Email = "ada@example.com",
        Company = "Analytical Engines",
        Score = new MatchScore(25, 35, 20),
    };

    public static ScheduledInterview Interview(Interval? slot = null, MatchedInterviewer? interviewer = null, string candidateName = "Casey Jordan",
        IReadOnlyList<AddOnSelection>? addOns = null, string planId = "mock-30") => new(
        InterviewId,
        new InterviewScheduleRequest
        {
            IdempotencyKey = "ps_calendar_tests",
            PaymentSessionId = new PaymentSessionId("ps_calendar_tests"),
            Interviewer = interviewer ?? Ada,
            CandidateId = new CandidateId("candidate-casey"),
            CandidateName = candidateName,
            CandidateEmail = "casey.jordan@example.org",
            CandidateTimeZone = London,
            Slot = slot ?? Slot,
            ReservationId = new ReservationId("hr_calendar_tests"),
            PlanId = planId,
            AddOns = addOns ?? [],
        },
        Now);

    public static BookingNotification Notification(BookingNotificationKind kind, ScheduledInterview? interview = null, int sequence = 0, string? reason = null) =>
        new(kind, Session(interview?.Slot), kind == BookingNotificationKind.RefundRequired ? null : interview ?? Interview())
        {
            Sequence = sequence,
            Reason = reason,
        };
}
