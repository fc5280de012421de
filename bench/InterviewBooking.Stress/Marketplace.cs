using System.Globalization;

namespace InterviewBooking.Stress;

/// <summary>What a candidate does with their checkout.</summary>
internal enum Fate
{
    /// <summary>Pays by card within minutes.</summary>
    PaysAtOnce,

    /// <summary>Pays by card a minute or two before the hold ends; the webhook arrives after it ended.</summary>
    PaysAtTheLastMinute,

    /// <summary>Leaves; Stripe expires the checkout when the hold ends.</summary>
    Abandons,

    /// <summary>Pays by bank debit: completes unpaid, succeeds after the hold ended.</summary>
    PaysLaterSucceeds,

    /// <summary>Pays by bank debit: completes unpaid, fails after the hold ended.</summary>
    PaysLaterFails,
}

/// <summary>One simulated candidate: who they are, what they ask for, when they arrive and what they do at the checkout.</summary>
internal sealed record Candidate(
    int Index,
    CandidateId Id,
    int ExperienceYears,
    string Category,
    string Skill,
    DateTimeZone Zone,
    int PreferredSlot,
    bool WantsRecording,
    bool HasCoupon,
    Fate Fate,
    Instant ArrivesAt)
{
    public string Name => string.Create(CultureInfo.InvariantCulture, $"Candidate {Index:D5}");

    public string Email => string.Create(CultureInfo.InvariantCulture, $"candidate{Index:D5}@example.org");
}

/// <summary>
/// The simulated marketplace, all drawn from one seed: interviewers in four zones, each with buffers (0 to 15 minutes before and after)
/// and a daily cap (2 to 8), a week of half-hour slots of which a few are popular, and candidates who arrive a few dozen a minute, most of
/// them after a popular slot, each with a fate at the checkout.
/// </summary>
internal sealed class Marketplace
{
    public static readonly Instant Start = Instant.FromUtc(2026, 6, 1, 8, 0);
    public static readonly Duration Hold = Duration.FromMinutes(40);
    public const string PlanId = "mock-30";
    public const long PlanPrice = 4900;
    public const string RecordingAddOn = "recording";
    public const long RecordingPrice = 1500;
    public const string Coupon = "STRESS10";
    public const int CouponPercentOff = 10;
    public const string Currency = "USD";

    /// <summary>What an interviewer is paid for a completed interview of the plan, and for its recording on top.</summary>
    public const long PlanPayout = 3000;
    public const long RecordingPayout = 500;

    /// <summary>The payout hold-back the hosts run with.</summary>
    public static readonly Duration PayoutHoldBack = Duration.FromHours(72);

    private static readonly string[] Categories = ["Backend", "Frontend", "Data", "Mobile"];
    private static readonly string[][] SkillsByCategory =
    [
        ["Java", "Go", "Kotlin", "CSharp"],
        ["JavaScript", "TypeScript", "React", "CSS"],
        ["SQL", "Python", "Spark", "Statistics"],
        ["Swift", "Kotlin", "Flutter", "Android"],
    ];

    private static readonly DateTimeZone[] Zones =
    [
        DateTimeZone.Utc,
        DateTimeZoneProviders.Tzdb["Europe/London"],
        DateTimeZoneProviders.Tzdb["America/New_York"],
        DateTimeZoneProviders.Tzdb["Asia/Kolkata"],
    ];

    public Marketplace(int interviewers, int candidates, int seed)
    {
        var random = new Random(seed);
        Slots = BuildSlots();
        Popular = [.. Enumerable.Range(0, 5).Select(_ => random.Next(Slots.Count))];
        Interviewers = [.. Enumerable.Range(0, interviewers).Select(i => NewInterviewer(i, random))];
        CouponLimit = Math.Max(5, candidates / 25);

        // A few dozen arrivals a minute, so candidates for the same popular slot race each other.
        var perMinute = Math.Max(2, (candidates + 179) / 180);
        Candidates = [.. Enumerable.Range(0, candidates).Select(i => NewCandidate(i, random, Start + Duration.FromMinutes(i / perMinute)))];
    }

    public IReadOnlyList<InterviewerProfile> Interviewers { get; }

    public IReadOnlyList<Interval> Slots { get; }

    public IReadOnlyList<int> Popular { get; }

    public IReadOnlyList<Candidate> Candidates { get; }

    public int CouponLimit { get; }

    /// <summary>The catalogue every instance is configured with: one plan, one add-on, one coupon with a usage limit.</summary>
    public void Configure(InterviewBookingOptions options)
    {
        options.HoldDuration = Hold;
        options.Currency = Currency;
        options.MeetingLinkTemplate = "https://meet.example.test/{interviewId}";
        options.Plans.Add(new InterviewPlan { Id = PlanId, Name = "30-minute mock interview", Duration = Duration.FromMinutes(30), PriceMinorUnits = PlanPrice });
        options.AddOns.Add(new AddOnOffer { Id = RecordingAddOn, Name = "Recording", PriceMinorUnits = RecordingPrice });
        options.Coupons.Add(new CouponOffer { Code = Coupon, PercentOff = CouponPercentOff, UsageLimit = CouponLimit });
    }

    /// <summary>The price of a session, worked out here from the catalogue's figures, independently of the library's calculator.</summary>
    /// <summary>The payouts the marketplace's hosts run with (<c>AddPayouts</c>).</summary>
    public static void ConfigurePayouts(PayoutOptions options)
    {
        options.HoldBack = PayoutHoldBack;
        options.Currency = Currency;
        options.Plans.Add(new PayoutRate { Id = PlanId, AmountMinorUnits = PlanPayout });
        options.AddOns.Add(new PayoutRate { Id = RecordingAddOn, AmountMinorUnits = RecordingPayout });
    }

    /// <summary>The Stripe Connect account each interviewer is paid to.</summary>
    public static string ConnectedAccount(InterviewerId interviewerId) => "acct_" + interviewerId.Value;

    public static long ExpectedPrice(bool recording, bool coupon)
    {
        var subtotal = PlanPrice + (recording ? RecordingPrice : 0);
        return coupon ? subtotal - (long)Math.Round(subtotal * CouponPercentOff / 100m, MidpointRounding.AwayFromZero) : subtotal;
    }

    public InterviewRequest Request(Candidate candidate, Interval slot, bool withCoupon, string? idempotencyKey = null) => new()
    {
        IdempotencyKey = idempotencyKey,
        CandidateId = candidate.Id,
        CandidateName = candidate.Name,
        CandidateEmail = candidate.Email,
        ExperienceYears = candidate.ExperienceYears,
        SkillCategories = [candidate.Category],
        Skills = [candidate.Skill],
        RequestedSlot = slot,
        CandidateTimeZone = candidate.Zone,
        PlanId = PlanId,
        AddOns = candidate.WantsRecording ? [new AddOnSelection(RecordingAddOn)] : [],
        CouponCode = withCoupon ? Coupon : null,
    };

    /// <summary>Half-hour slots, 09:00 to 17:00 UTC, on the five weekdays from the day after the simulation starts.</summary>
    private static List<Interval> BuildSlots()
    {
        var slots = new List<Interval>();
        var day = Start.InUtc().Date.PlusDays(1);
        for (var days = 0; days < 5; day = day.PlusDays(1))
        {
            if (day.DayOfWeek is IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday)
            {
                continue;
            }

            for (var half = 0; half < 16; half++)
            {
                var start = day.At(new LocalTime(9, 0)).InUtc().ToInstant() + Duration.FromMinutes(30 * half);
                slots.Add(new Interval(start, start + Duration.FromMinutes(30)));
            }

            days++;
        }

        return slots;
    }

    private static InterviewerProfile NewInterviewer(int index, Random random)
    {
        var primary = random.Next(Categories.Length);
        var categories = random.NextDouble() < 0.3
            ? new[] { Categories[primary], Categories[(primary + 1) % Categories.Length] }
            : [Categories[primary]];
        var skills = SkillsByCategory[primary].Where(_ => random.NextDouble() < 0.6).DefaultIfEmpty(SkillsByCategory[primary][0]).ToArray();
        var zone = Zones[random.Next(Zones.Length)];
        var (before, after, cap) = (Duration.FromMinutes(5 * random.Next(4)), Duration.FromMinutes(5 * random.Next(4)), random.Next(2, 9));
        return new InterviewerProfile
        {
            Id = new InterviewerId(string.Create(CultureInfo.InvariantCulture, $"interviewer-{index:D5}")),
            Name = string.Create(CultureInfo.InvariantCulture, $"Interviewer {index:D5}"),
            Email = string.Create(CultureInfo.InvariantCulture, $"interviewer{index:D5}@example.com"),
            Company = "Example Systems",
            ExperienceYears = random.Next(3, 21),
            SkillCategories = categories,
            Skills = skills,
            TimeZone = zone,
            BufferBefore = before,
            BufferAfter = after,
            MaxInterviewsPerDay = cap,
            WeeklyAvailability = [.. new[] { IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday }
                .Select(d => new WeeklyWindow(d, new LocalTime(6, 0), new LocalTime(22, 0)))],
        };
    }

    private Candidate NewCandidate(int index, Random random, Instant arrivesAt)
    {
        var category = random.Next(Categories.Length);
        var fate = random.NextDouble() switch
        {
            < 0.45 => Fate.PaysAtOnce,
            < 0.57 => Fate.PaysAtTheLastMinute,
            < 0.77 => Fate.Abandons,
            < 0.90 => Fate.PaysLaterSucceeds,
            _ => Fate.PaysLaterFails,
        };
        return new Candidate(
            index,
            new CandidateId(string.Create(CultureInfo.InvariantCulture, $"candidate-{index:D5}")),
            random.Next(0, 16),
            Categories[category],
            SkillsByCategory[category][random.Next(4)],
            Zones[random.Next(Zones.Length)],
            random.NextDouble() < 0.7 ? Popular[random.Next(Popular.Count)] : random.Next(Slots.Count),
            random.NextDouble() < 0.2,
            random.NextDouble() < 0.15,
            fate,
            arrivesAt);
    }
}
