using InterviewBooking.InMemory;

namespace InterviewBooking.Properties.Tests.Fuzz;

/// <summary>
/// Generated malformed requests (one to three faults each: empty or oversized lists and strings, control characters and lone surrogates,
/// emails that are not one address, empty coupons, impossible experience, slots with no length, no end, in the past, absurdly long, in
/// year 9999 or off a whole microsecond, missing or unknown zones, unknown plans, add-ons and coupons): <see cref="BookingService.StartAsync"/>
/// answers each with <see cref="InvalidInterviewRequestException"/> and nothing else, before anything is matched, held or stored.
/// </summary>
/// <remarks>A slot that ends before it starts cannot reach the library: NodaTime's <see cref="Interval"/> refuses to be built that way.</remarks>
public sealed class BookingRequestFuzzTests
{
    public enum Fault
    {
        NoCategories,
        BlankCategory,
        TooManyCategories,
        LongCategory,
        NullSkills,
        BlankSkill,
        NegativeExperience,
        AbsurdExperience,
        ZeroLength,
        OpenSlot,
        PastSlot,
        AbsurdDuration,
        NullZone,
        UnknownZone,
        BlankName,
        LongName,
        BadEmail,
        LongEmail,
        UnknownPlan,
        LongPlan,
        UnknownAddOn,
        BadQuantity,
        DuplicateAddOn,
        NullAddOn,
        NullAddOns,
        NullExcluded,
        UnknownCoupon,
        LongCoupon,
        ControlInName,
        LoneSurrogateInName,
        NotOneAddress,
        EmptyCoupon,
        FarFutureSlot,
        SubMicrosecondSlot,
    }

    [Fact]
    public async Task Malformed_requests_are_refused_with_the_typed_error_and_write_nothing()
    {
        await using var flow = new InMemoryFlow();
        var booking = flow.Get<BookingService>();
        var tried = new HashSet<Fault>();

        await Gen.Select(Gen.Enum<Fault>().Array[1, 3], Gen.Int[1, 100_000], Gen.String[0, 40])
            .SampleAsync(
                async (faults, number, text) =>
                {
                    var request = faults.Aggregate(InMemoryFlow.Request(), (r, fault) => Break(r, fault, number, text, flow.Clock.GetCurrentInstant()));
                    var error = await Assert.ThrowsAsync<InvalidInterviewRequestException>(() => booking.StartAsync(request));
                    Assert.False(string.IsNullOrWhiteSpace(error.Message));
                    Assert.True(error.Message.Length < 1_000, "the message quotes at most a short excerpt of what it refuses");
                    lock (tried)
                    {
                        tried.UnionWith(faults);
                    }
                },
                iter: 3000,
                threads: 1);

        Assert.Equal(Enum.GetValues<Fault>().Length, tried.Count);
        Assert.Equal(0, ((InMemoryReservationStore)flow.Reservations).Count);
        Assert.Equal(0, ((InMemoryPaymentSessionStore)flow.Sessions).Count);
        Assert.Equal(0, flow.Gateway.CreateCheckoutCalls);
    }

    private static InterviewRequest Break(InterviewRequest request, Fault fault, int number, string text, Instant now)
    {
        var slot = request.RequestedSlot;
        var start = slot.HasStart && slot.Start < Instant.FromUtc(9000, 1, 1, 0, 0) ? slot.Start : InMemoryFlow.Slot.Start; // not year 9999: the arithmetic below would overflow
        var longText = new string('x', 201 + (number % 5_000)) + text;
        return fault switch
        {
            Fault.NoCategories => request with { SkillCategories = [] },
            Fault.BlankCategory => request with { SkillCategories = [.. request.SkillCategories, new string(' ', number % 4) + "\t"] },
            Fault.TooManyCategories => request with { SkillCategories = [.. Enumerable.Range(0, 51 + (number % 200)).Select(i => $"Domain{i}")] },
            Fault.LongCategory => request with { SkillCategories = ["Backend", new string('k', 101 + (number % 2_000))] },
            Fault.NullSkills => request with { Skills = null! },
            Fault.BlankSkill => request with { Skills = ["Java", string.Empty] },
            Fault.NegativeExperience => request with { ExperienceYears = -(number % int.MaxValue) - 1 },
            Fault.AbsurdExperience => request with { ExperienceYears = 71 + number },
            Fault.ZeroLength => request with { RequestedSlot = new Interval(start, start) },
            Fault.OpenSlot => request with { RequestedSlot = number % 2 == 0 ? new Interval(null, start) : new Interval(start, null) },
            Fault.PastSlot => request with { RequestedSlot = new Interval(now - Duration.FromMinutes(number % 10_000), now - Duration.FromMinutes(number % 10_000) + Duration.FromMinutes(30)) },
            Fault.AbsurdDuration => request with
            {
                RequestedSlot = new Interval(start, start + (number % 4) switch
                {
                    0 => Duration.Epsilon,
                    1 => Duration.FromMinutes(29),
                    2 => Duration.FromDays(3650),
                    _ => Duration.FromMinutes(31 + (number % 10_000)),
                }),
            },
            Fault.NullZone => request with { CandidateTimeZone = null! },
            Fault.UnknownZone => request with { CandidateTimeZone = new UnknownZone("Mars/Olympus_Mons" + (number % 10)) },
            Fault.BlankName => request with { CandidateName = new string(' ', number % 3) },
            Fault.LongName => request with { CandidateName = longText },
            Fault.BadEmail => request with { CandidateEmail = (number % 3) switch { 0 => "no-at-sign", 1 => "@example.org", _ => "casey @example.org" } },
            Fault.LongEmail => request with { CandidateEmail = new string('c', 321 + (number % 1_000)) + "@example.org" },
            Fault.UnknownPlan => request with { PlanId = "plan-" + number },
            Fault.LongPlan => request with { PlanId = longText },
            Fault.UnknownAddOn => request with { AddOns = [new AddOnSelection("addon-" + number)] },
            Fault.BadQuantity => request with { AddOns = [new AddOnSelection("report", number % 2 == 0 ? -(number % 1_000) : 3 + number)] },
            Fault.DuplicateAddOn => request with { AddOns = [new AddOnSelection("report"), new AddOnSelection("report")] },
            Fault.NullAddOn => request with { AddOns = [null!] },
            Fault.NullAddOns => request with { AddOns = null! },
            Fault.NullExcluded => request with { ExcludedInterviewers = null! },
            Fault.UnknownCoupon => request with { CouponCode = "COUPON" + number },
            Fault.ControlInName => request with { CandidateName = "Casey" + (char)(number % 32) + text },
            Fault.LoneSurrogateInName => request with { CandidateName = "Casey " + (char)(0xD800 + (number % 0x800)) },
            Fault.NotOneAddress => request with { CandidateEmail = (number % 3) switch { 0 => "a@b@c", 1 => "Casey <casey@example.org>", _ => "a@example.org, b@example.org" } },
            Fault.EmptyCoupon => request with { CouponCode = new string(' ', number % 3) },
            Fault.FarFutureSlot => request with { RequestedSlot = new Interval(Instant.FromUtc(9999, 12, 31, 0, 0), Instant.FromUtc(9999, 12, 31, 0, 30)) },
            Fault.SubMicrosecondSlot => request with { RequestedSlot = new Interval(start + Duration.FromNanoseconds(1 + (number % 999)), start + Duration.FromMinutes(30)) },
            Fault.LongCoupon => request with { CouponCode = longText },
            _ => throw new ArgumentOutOfRangeException(nameof(fault), fault, null),
        };
    }

    /// <summary>A zone no time zone database knows (a host's hand-made one): its id could never be stored and read back.</summary>
    private sealed class UnknownZone(string id) : DateTimeZone(id, isFixed: true, Offset.FromHours(3), Offset.FromHours(3))
    {
        public override NodaTime.TimeZones.ZoneInterval GetZoneInterval(Instant instant) => new(Id, null, null, Offset.FromHours(3), Offset.Zero);
    }
}
