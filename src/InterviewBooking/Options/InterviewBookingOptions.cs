namespace InterviewBooking;

/// <summary>Settings of the core booking flow, validated when the host starts: a bad value fails start-up with a message naming it.</summary>
public sealed class InterviewBookingOptions
{
    /// <summary>How long a slot is held while the candidate pays; also when the checkout expires. Default 30 minutes.</summary>
    public Duration HoldDuration { get; set; } = Duration.FromMinutes(30);

    /// <summary>
    /// How long a hold made again after payment lasts (when the first hold ran out but the slot was still free),
    /// enough to confirm it. Default 5 minutes.
    /// </summary>
    public Duration RenewedHoldDuration { get; set; } = Duration.FromMinutes(5);

    /// <summary>How long a booking claim stays with one worker before another may take it over (the first died). Default 2 minutes.</summary>
    public Duration BookingClaimTimeout { get; set; } = Duration.FromMinutes(2);

    /// <summary>The lowest total score (0..100) a match may have. Default 20.</summary>
    public int MinimumMatchScore { get; set; } = 20;

    /// <summary>How many ranked matches <see cref="BookingService"/> tries to hold, best first, before giving up. Default 5.</summary>
    public int MaxHoldAttempts { get; set; } = 5;

    /// <summary>
    /// The most active holds (unpaid, not run out) one candidate may have at once (1..100), so nobody can block many slots; enforced by the
    /// reservation store atomically with the hold, across instances. Default 3.
    /// </summary>
    public int MaxActiveHoldsPerCandidate { get; set; } = 3;

    /// <summary>Whether the candidate's first skill category must be one the interviewer covers. Default <see langword="true"/>.</summary>
    public bool RequirePrimaryDomain { get; set; } = true;

    /// <summary>Whether interviewers at least as experienced as the candidate score higher. Default <see langword="true"/>.</summary>
    public bool PreferSeniorInterviewers { get; set; } = true;

    /// <summary>The most points experience gives (0..100); the four weights add up to 100. Default 30.</summary>
    public int ExperienceWeight { get; set; } = MatchScore.MaxExperience;

    /// <summary>The most points skills give (0..100); the four weights add up to 100. Default 40.</summary>
    public int SkillsWeight { get; set; } = MatchScore.MaxSkills;

    /// <summary>The most points availability gives (0..100); the four weights add up to 100. Default 30.</summary>
    public int AvailabilityWeight { get; set; } = MatchScore.MaxAvailability;

    /// <summary>
    /// The most points the interviewer's reliability gives in the default matcher (0..100); the four weights add up to 100, so turning it
    /// on takes points from the others (25, 35, 25 and 15, say). Default 0: off, and the matcher reads no reliability at all.
    /// Reliability counts the no-shows and late cancellations against the interviews attended, and the mean rating, from
    /// <see cref="IInterviewStore.GetReliabilityAsync"/>; see <see cref="ScoringInterviewerMatcher"/> for the formula.
    /// </summary>
    public int ReliabilityWeight { get; set; }

    /// <summary>
    /// How many ended interviews (attended, missed or canceled late), and how many ratings, an interviewer needs before that part of their
    /// reliability counts (1..1000); below it the part gives full points, so one bad day does not sink a new interviewer. Default 5.
    /// </summary>
    public int ReliabilityMinimumInterviews { get; set; } = 5;

    /// <summary>
    /// Other names of a skill or category, each mapped to its usual name ("JS" to "JavaScript"); both sides compare as
    /// <see cref="SkillToken"/>s, so case and separator punctuation never matter. An alias may not name another alias.
    /// Defaults: JS, TS, Golang, K8s, Postgres, C Sharp, NodeJS, ML and SRE.
    /// </summary>
    public IDictionary<string, string> SkillAliases { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["JS"] = "JavaScript",
        ["TS"] = "TypeScript",
        ["Golang"] = "Go",
        ["K8s"] = "Kubernetes",
        ["Postgres"] = "PostgreSQL",
        ["C Sharp"] = "C#",
        ["NodeJS"] = "Node.js",
        ["ML"] = "Machine Learning",
        ["SRE"] = "Site Reliability Engineering",
    };

    /// <summary>How many other slots a match offers when nobody is free for the requested one (0 offers none, at most 20). Default 3.</summary>
    public int MaxAlternatives { get; set; } = 3;

    /// <summary>How far before and after the requested start alternatives are looked for (more than zero, at most 60 days). Default 7 days.</summary>
    public Duration AlternativeSearchRange { get; set; } = Duration.FromDays(7);

    /// <summary>The spacing of alternative starts from the start of each window (5 minutes to 1 day). Default 30 minutes.</summary>
    public Duration AlternativeSlotStep { get; set; } = Duration.FromMinutes(30);

    /// <summary>How far ahead <see cref="SlotSearchService"/> searches when the query names no range (more than zero, at most 60 days). Default 14 days.</summary>
    public Duration SlotSearchRange { get; set; } = Duration.FromDays(14);

    /// <summary>
    /// The spacing of the starts <see cref="SlotSearchService"/> offers, on a grid of whole steps since the Unix epoch (5 minutes to
    /// 1 day, dividing a day evenly). Default 30 minutes: on the hour and the half hour.
    /// </summary>
    public Duration SlotSearchStep { get; set; } = Duration.FromMinutes(30);

    /// <summary>The most slots one search returns (1..1000). Default 200.</summary>
    public int MaxSearchSlots { get; set; } = 200;

    /// <summary>
    /// The key that signs preview tokens (<see cref="BookingPreviewService"/>): base64 of at least 32 random bytes, the same on every
    /// instance, kept secret like any signing key. Previews are refused while it is unset.
    /// </summary>
    public string? PreviewTokenKey { get; set; }

    /// <summary>How long a preview token is accepted (1 minute to 1 day). Default 15 minutes.</summary>
    public Duration PreviewTokenLifetime { get; set; } = Duration.FromMinutes(15);

    /// <summary>
    /// A cancellation at least this long before the interview starts is refunded in full. Default 24 hours.
    /// </summary>
    public Duration FullRefundNotice { get; set; } = Duration.FromHours(24);

    /// <summary>The share (0..100) refunded for a later cancellation, before the interview starts. Default 0 (none).</summary>
    public int LateCancellationRefundPercent { get; set; }

    /// <summary>
    /// How long before the start each reminder goes to both parties (each once; one in the past when the interview is booked or moved is
    /// not sent). Each more than zero and at most 30 days. Default 24 hours and 1 hour.
    /// </summary>
    public IList<Duration> ReminderOffsets { get; } = [Duration.FromHours(24), Duration.FromHours(1)];

    /// <summary>How long after the interview ends the feedback request goes out (zero to 30 days). Default 1 hour.</summary>
    public Duration FeedbackRequestDelay { get; set; } = Duration.FromHours(1);

    /// <summary>
    /// How long after the start a no-show may be reported, so a party running late is not marked absent (zero to 1 day). Default 20 minutes.
    /// </summary>
    public Duration NoShowGracePeriod { get; set; } = Duration.FromMinutes(20);

    /// <summary>The share (0..100) refunded when the candidate did not show. Default 0 (none).</summary>
    public int CandidateNoShowRefundPercent { get; set; }

    /// <summary>
    /// After the interviewer canceled or did not show, how long the candidate may choose a free rebooking with another interviewer instead of
    /// the full refund; the refund is issued by the outbox worker when it ends (zero to 30 days; zero refunds at once). Default 24 hours.
    /// </summary>
    public Duration RebookingChoiceWindow { get; set; } = Duration.FromHours(24);

    /// <summary>How often the interviewer is reminded of feedback a plan or add-on promises until it is given (1 hour to 30 days). Default 24 hours.</summary>
    public Duration FeedbackReminderInterval { get; set; } = Duration.FromHours(24);

    /// <summary>How many feedback reminders are sent at most (0 to 20; 0 sends none). Default 3.</summary>
    public int MaxFeedbackReminders { get; set; } = 3;

    /// <summary>
    /// How long after the provider created an event naming a payment session we do not have it is answered "deliver again"
    /// (a session written late, say); after that it is ignored with a warning, so the provider stops retrying (more than zero). Default 1 hour.
    /// </summary>
    public Duration UnknownSessionRetryWindow { get; set; } = Duration.FromHours(1);

    /// <summary>
    /// How long a payment event that finds another worker booking its session (a duplicate delivery racing the first, say) waits within
    /// the call for that booking to end, re-reading the session every <see cref="InProgressPollInterval"/>, before it is answered
    /// "deliver again" (0 to 30 seconds; zero answers at once). The usual race ends within a few polls, so the provider gets its 2xx
    /// instead of a retry. Webhook deliveries wait; the sweeper and the outbox, which come back to the session on their own, do not. Default 2 seconds.
    /// </summary>
    public Duration InProgressWait { get; set; } = Duration.FromSeconds(2);

    /// <summary>How often a waiting event re-reads its session (<see cref="InProgressWait"/>; more than zero, at most the wait). Default 50 ms.</summary>
    public Duration InProgressPollInterval { get; set; } = Duration.FromMilliseconds(50);

    /// <summary>
    /// The meeting link made for each interview, with <c>{interviewId}</c> (required) and <c>{sessionId}</c> filled in, e.g.
    /// <c>https://meet.example.com/{interviewId}</c>. When empty, interviews say "link pending" until the host's own provider makes one.
    /// </summary>
    public string? MeetingLinkTemplate { get; set; }

    /// <summary>The ISO 4217 currency of every price. Default "USD".</summary>
    public string Currency { get; set; } = "USD";

    /// <summary>The plans a candidate can book; at least one.</summary>
    public IList<InterviewPlan> Plans { get; } = [];

    /// <summary>The add-ons on offer.</summary>
    public IList<AddOnOffer> AddOns { get; } = [];

    /// <summary>The coupons accepted.</summary>
    public IList<CouponOffer> Coupons { get; } = [];
}
