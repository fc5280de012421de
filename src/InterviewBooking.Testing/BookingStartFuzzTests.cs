using CsCheck;
using Xunit;
using Xunit.Abstractions;

namespace InterviewBooking.Testing;

/// <summary>
/// Fuzzes <see cref="BookingService.StartAsync"/> on an adapter's stores: thousands of generated requests, three in four with one to three faults
/// (control characters, lone surrogates, addresses that are not one address, empty coupons, slots in year 9999 or finer than a microsecond,
/// unknown plans, add-ons and coupons...), the rest valid (distinct slots that start, idempotent replays, keys reused for another request).
/// Every faulty request must be an <see cref="InvalidInterviewRequestException"/>, nothing may escape but the library's own errors, and a
/// start that did not begin a new session must leave the stores exactly as they were: both counts must be 0.
/// </summary>
/// <remarks>
/// An adapter's test project subclasses this, builds the booking flow on its stores (<see cref="CreateBookingServiceAsync"/>, configured
/// with <see cref="ConfigureOptions"/> and a directory holding <see cref="Interviewers"/>) and counts every row its stores hold
/// (<see cref="CountStoredRowsAsync"/>). Each test gets fresh stores.
/// </remarks>
public abstract class BookingStartFuzzTests : StoreContractTestBase
{
    /// <summary>The plan every generated request asks for: 30 minutes.</summary>
    public const string PlanId = "fuzz-30";

    /// <summary>A configured coupon without a usage limit.</summary>
    public const string CouponCode = "FUZZ10";

    /// <summary>The faults a generated request can carry; <see cref="None"/> leaves it valid.</summary>
    private enum Fault
    {
        /// <summary>Valid.</summary>
        None,

        /// <summary>A NUL in the name.</summary>
        NulInName,

        /// <summary>CR/LF and a header in the name.</summary>
        HeaderInName,

        /// <summary>A lone high surrogate in the email.</summary>
        LoneSurrogateInEmail,

        /// <summary><c>a@b@c</c>.</summary>
        TwoAtSigns,

        /// <summary>A display name around the address.</summary>
        DisplayName,

        /// <summary>Two addresses.</summary>
        TwoAddresses,

        /// <summary>A control character in a skill.</summary>
        ControlInSkill,

        /// <summary>A lone low surrogate in a category.</summary>
        LoneSurrogateInCategory,

        /// <summary>An empty coupon code.</summary>
        EmptyCoupon,

        /// <summary>A line break in the coupon code.</summary>
        LineBreakInCoupon,

        /// <summary>A control character in an excluded interviewer's id.</summary>
        ControlInExcluded,

        /// <summary>A control character in the idempotency key.</summary>
        ControlInKey,

        /// <summary>A blank idempotency key.</summary>
        BlankKey,

        /// <summary>An idempotency key longer than an id.</summary>
        LongKey,

        /// <summary>A slot in year 9999.</summary>
        FarFuture,

        /// <summary>A slot that starts off a whole microsecond.</summary>
        SubMicrosecond,

        /// <summary>A slot in the past.</summary>
        Past,

        /// <summary>A slot longer than the plan.</summary>
        WrongLength,

        /// <summary>An unknown plan.</summary>
        UnknownPlan,

        /// <summary>An unknown add-on.</summary>
        UnknownAddOn,

        /// <summary>An unknown coupon.</summary>
        UnknownCoupon,
    }

    private static readonly DateTimeZone CandidateZone = DateTimeZoneProviders.Tzdb["Europe/London"];

    /// <summary>How many requests one run generates.</summary>
    protected virtual int Requests => 10_000;

    /// <summary>Where the counts of a run are written, when the subclass sets it.</summary>
    protected ITestOutputHelper? Output { get; set; }

    /// <summary>Six Backend/Java interviewers in UTC, free on weekdays 08:00-18:00: the directory the flow under test must hold.</summary>
    public static IReadOnlyList<InterviewerProfile> Interviewers { get; } =
        [.. Enumerable.Range(1, 6).Select(i => new InterviewerProfile
        {
            Id = new InterviewerId($"fuzz-interviewer-{i}"),
            Name = $"Interviewer {i}",
            Email = $"interviewer{i}@example.com",
            ExperienceYears = 5 + i,
            SkillCategories = ["Backend"],
            Skills = ["Java"],
            TimeZone = DateTimeZone.Utc,
            WeeklyAvailability = [.. new[] { IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday }
                .Select(d => new WeeklyWindow(d, new LocalTime(8, 0), new LocalTime(18, 0)))],
        })];

    /// <summary>The options the flow under test must have: the plan, an add-on and the coupon the requests name.</summary>
    /// <param name="options">The options to configure.</param>
    public static void ConfigureOptions(InterviewBookingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.HoldDuration = Duration.FromMinutes(30);
        options.Plans.Add(new InterviewPlan { Id = PlanId, Name = "30-minute fuzz interview", Duration = Duration.FromMinutes(30), PriceMinorUnits = 4_900 });
        options.AddOns.Add(new AddOnOffer { Id = "report", Name = "Written report", PriceMinorUnits = 1_500 });
        options.Coupons.Add(new CouponOffer { Code = CouponCode, PercentOff = 10 });
    }

    /// <summary>
    /// The booking flow on the adapter's stores, fresh for this test: <paramref name="clock"/>, <see cref="ConfigureOptions"/>, a directory of
    /// <see cref="Interviewers"/> and a gateway that opens every checkout (the simulated one, say).
    /// </summary>
    /// <param name="clock">The flow's clock; the test never moves it.</param>
    protected abstract Task<BookingService> CreateBookingServiceAsync(IClock clock);

    /// <summary>Every row the adapter's stores hold now (reservations, sessions, their trails, coupon uses, anything).</summary>
    protected abstract Task<long> CountStoredRowsAsync();

    /// <summary>Generated requests are started or refused with the library's errors; faulty ones are refused by name; refusals write nothing.</summary>
    [Fact]
    public async Task GeneratedRequestsAreStartedOrRefusedByTypeAndWhatDoesNotStartWritesNothing()
    {
        var booking = await CreateBookingServiceAsync(Clock);
        var counts = new FuzzCounts();
        var tried = new HashSet<Fault>();
        var rows = await CountStoredRowsAsync();
        InterviewRequest? lastStarted = null;

        // Sequential on purpose (threads: 1): a row count before and after each request says exactly what that request wrote.
        await Gen.Select(Gen.Enum<Fault>().Array[0, 3], Gen.Int[0, int.MaxValue], Gen.Int[0, 9]).SampleAsync(
            async (faults, number, replay) =>
            {
                // One in ten repeats the last keyed start: the same request again, or another one under its key.
                var replaying = replay == 0 && lastStarted is not null;
                var request = replaying
                    ? (number % 2 == 0 ? lastStarted! : lastStarted! with { Skills = ["Kotlin"] })
                    : faults.Aggregate(Valid(number), (r, fault) => Break(r, fault, number));
                var faulty = !replaying && faults.Any(f => f != Fault.None);
                var label = replaying ? "replay" : string.Join(", ", faults);
                if (!replaying)
                {
                    tried.UnionWith(faults);
                }

                counts.Requests++;
                BookingStartResult? result = null;
                try
                {
                    result = await booking.StartAsync(request);
                }
                catch (InvalidInterviewRequestException error) when (faulty && !string.IsNullOrEmpty(error.Field))
                {
                    counts.Refused++;
                }
                catch (IdempotencyKeyConflictException error) when (!faulty && error.IdempotencyKey == request.IdempotencyKey)
                {
                    counts.KeyConflicts++;
                }
#pragma warning disable CA1031 // Every other failure is what the test counts.
                catch (Exception error)
#pragma warning restore CA1031
                {
                    counts.Untyped++;
                    counts.Note($"{error.GetType().Name} for [{label}]: {error.Message}");
                }

                if (faulty && result is not null)
                {
                    counts.Untyped++;
                    counts.Note($"[{label}] was not refused: {result.Outcome}");
                }

                var after = await CountStoredRowsAsync();
                if (result is { Outcome: BookingStartOutcome.Started, Replayed: false })
                {
                    counts.Started++;
                    lastStarted = request.IdempotencyKey is null ? lastStarted : request;
                }
                else
                {
                    counts.Replayed += result is { Replayed: true } ? 1 : 0;
                    if (after != rows)
                    {
                        counts.LeftoverRows += after - rows;
                        counts.Note($"{after - rows} rows left by [{label}] ({result?.Outcome.ToString() ?? "refused"})");
                    }
                }

                rows = after;
            },
            iter: Requests,
            threads: 1);

        Output?.WriteLine(counts.ToString());
        Assert.True(counts.Untyped == 0 && counts.LeftoverRows == 0, counts.ToString());
        Assert.Equal(Requests, counts.Requests);
        Assert.Equal(Enum.GetValues<Fault>().Length, tried.Count);
        Assert.True(counts.Started > 50 && counts.Replayed > 0 && counts.KeyConflicts > 0 && counts.Refused > Requests / 2, counts.ToString());
    }

    // Valid: one of 50 candidates, a half-hour of the two weeks ahead (weekends match no one), with a key half the time.
    private InterviewRequest Valid(int number)
    {
        var day = 1 + (number % 14);
        var halfHour = (number / 14) % 20;
        var start = Now.InUtc().Date.PlusDays(day).AtMidnight().PlusHours(8).PlusMinutes(30 * halfHour).InUtc().ToInstant();
        var candidate = number % 50;
        return new InterviewRequest
        {
            CandidateId = new CandidateId($"fuzz-candidate-{candidate}"),
            CandidateName = $"Candidate {candidate}",
            CandidateEmail = $"candidate{candidate}@example.org",
            ExperienceYears = number % 20,
            SkillCategories = ["Backend"],
            Skills = ["Java"],
            RequestedSlot = new Interval(start, start + Duration.FromMinutes(30)),
            CandidateTimeZone = CandidateZone,
            PlanId = PlanId,
            AddOns = number % 3 == 0 ? [new AddOnSelection("report")] : [],
            CouponCode = number % 4 == 0 ? CouponCode : null,
            IdempotencyKey = number % 2 == 0 ? $"key-{number % 7}" : null,
        };
    }

    private InterviewRequest Break(InterviewRequest request, Fault fault, int number)
    {
        var start = Valid(number).RequestedSlot.Start; // not the request's: an earlier fault may have moved it to year 9999
        return fault switch
        {
            Fault.None => request,
            Fault.NulInName => request with { CandidateName = "Casey\0" + number },
            Fault.HeaderInName => request with { CandidateName = "Casey\r\nBcc: victim@example.org" },
            Fault.LoneSurrogateInEmail => request with { CandidateEmail = "casey\uD800@example.org" },
            Fault.TwoAtSigns => request with { CandidateEmail = "a@b@c" },
            Fault.DisplayName => request with { CandidateEmail = "Casey <casey@example.org>" },
            Fault.TwoAddresses => request with { CandidateEmail = "casey@example.org, other@example.org" },
            Fault.ControlInSkill => request with { Skills = ["Java", "Go\u0007"] },
            Fault.LoneSurrogateInCategory => request with { SkillCategories = ["Backend\uDC00"] },
            Fault.EmptyCoupon => request with { CouponCode = number % 2 == 0 ? string.Empty : "  " },
            Fault.LineBreakInCoupon => request with { CouponCode = CouponCode + "\n" },
            Fault.ControlInExcluded => request with { ExcludedInterviewers = [new InterviewerId("fuzz-interviewer-1\u001b")] },
            Fault.ControlInKey => request with { IdempotencyKey = "key\u0000" },
            Fault.BlankKey => request with { IdempotencyKey = " " },
            Fault.LongKey => request with { IdempotencyKey = new string('k', IdText.MaxLength + 1 + (number % 100)) },
            Fault.FarFuture => request with
            {
                RequestedSlot = new Interval(Instant.FromUtc(9999, 12, 31, 23, 0), Instant.FromUtc(9999, 12, 31, 23, 30)),
            },
            Fault.SubMicrosecond => request with
            {
                RequestedSlot = new Interval(start + Duration.FromNanoseconds(1 + (number % 999)), start + Duration.FromMinutes(30) + Duration.FromNanoseconds(1 + (number % 999))),
            },
            Fault.Past => request with { RequestedSlot = new Interval(Now - Duration.FromHours(1), Now - Duration.FromMinutes(30)) },
            Fault.WrongLength => request with { RequestedSlot = new Interval(start, start + Duration.FromMinutes(31 + (number % 60))) },
            Fault.UnknownPlan => request with { PlanId = "plan-" + number },
            Fault.UnknownAddOn => request with { AddOns = [new AddOnSelection("addon-" + number)] },
            _ => request with { CouponCode = "NOPE" + number },
        };
    }

    private sealed class FuzzCounts
    {
        private readonly List<string> _notes = [];

        public int Requests { get; set; }

        public int Started { get; set; }

        public int Replayed { get; set; }

        public int Refused { get; set; }

        public int KeyConflicts { get; set; }

        public int Untyped { get; set; }

        public long LeftoverRows { get; set; }

        public void Note(string note)
        {
            if (_notes.Count < 10)
            {
                _notes.Add(note);
            }
        }

        public override string ToString() =>
            $"requests {Requests}, started {Started}, replayed {Replayed}, refused {Refused}, key conflicts {KeyConflicts}, " +
            $"untyped exceptions {Untyped}, leftover rows {LeftoverRows}" + (_notes.Count == 0 ? string.Empty : "; " + string.Join(" | ", _notes));
    }
}
