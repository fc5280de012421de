using InterviewBooking.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace InterviewBooking.Tests.Booking;

public sealed class BookingServiceTests
{
    [Fact]
    public async Task Start_holds_the_best_match_and_records_it_in_a_pending_session()
    {
        await using var flow = new FlowFixture();

        var started = await flow.Booking.StartAsync(FlowFixture.Request());

        Assert.Equal(BookingStartOutcome.Started, started.Outcome);
        var session = started.Session!;
        var match = started.Match!;
        Assert.Equal(PaymentSessionStatus.Pending, session.Status);
        Assert.Equal(match.Interviewer.Id, session.InterviewerId);
        Assert.Equal(match.Interviewer.Id, session.MatchedInterviewer!.Id);
        Assert.Equal(match.Interviewer.Email, session.MatchedInterviewer.Email);
        Assert.Equal(match.Interviewer.Name, session.MatchedInterviewer.Name);
        Assert.Equal(match.Interviewer.Company, session.MatchedInterviewer.Company);
        Assert.Equal(match.Score.Total, session.MatchScore);
        Assert.Equal(FlowFixture.PopularSlot, session.Slot);
        Assert.Equal("Tuesday, 02/06/2026 15:00-15:30", session.SelectedTimeSlot); // London, BST
        Assert.Equal(new LocalDate(2026, 6, 2), session.SelectedDate);
        Assert.Equal(started.Reservation!.Id, session.ReservationId);
        Assert.Equal(FlowFixture.Start + Duration.FromMinutes(30), session.ExpiresAt);
        Assert.Equal(new Money(4900, "USD"), session.Price.Total);
        Assert.NotNull(session.ProviderReference);
        Assert.Equal(started.CheckoutUrl, session.CheckoutUrl);

        var hold = await flow.Reservations.GetAsync(started.Reservation.Id);
        Assert.Equal(ReservationStatus.Held, hold!.Status);
        Assert.Equal(session.Id.Value, hold.Owner);
        Assert.Equal(session.ExpiresAt, hold.HeldUntil);
        Assert.Equal(session, await flow.Sessions.GetAsync(session.Id));
    }

    [Fact]
    public async Task A_hold_conflict_moves_on_to_the_next_best_match()
    {
        var matcher = Substitute.For<IInterviewerMatcher>();
        await using var flow = new FlowFixture(s => s.AddSingleton(matcher));
        var interviewers = FlowFixture.Interviewers().ToList();
        matcher.MatchAsync(Arg.Any<InterviewRequest>(), Arg.Any<int>(), Arg.Any<CancellationToken>())
            .Returns(new MatchResult { Matches = [Match(interviewers[0], 90), Match(interviewers[1], 80), Match(interviewers[2], 70)] });
        var taken = await flow.Reservations.TryHoldAsync(new HoldRequest(
            interviewers[0].Id, FlowFixture.PopularSlot, "someone-else", FlowFixture.Start + Duration.FromMinutes(30)));
        Assert.True(taken.Succeeded);

        var started = await flow.Booking.StartAsync(FlowFixture.Request());

        Assert.Equal(BookingStartOutcome.Started, started.Outcome);
        Assert.Equal(interviewers[1].Id, started.Session!.InterviewerId);
        Assert.Equal(interviewers[0].Id, Assert.Single(started.ConflictedMatches).Interviewer.Id);
    }

    [Fact]
    public async Task Hold_attempts_are_bounded_and_all_taken_means_slot_taken_with_nothing_written()
    {
        var matcher = Substitute.For<IInterviewerMatcher>();
        var reservations = Substitute.For<IReservationStore>();
        reservations.TryHoldAsync(Arg.Any<HoldRequest>(), Arg.Any<CancellationToken>()).Returns(HoldResult.Conflict(new ReservationId("res-x")));
        var sessions = Substitute.For<IPaymentSessionStore>();
        await using var flow = new FlowFixture(
            s => s.AddSingleton(matcher).AddSingleton(reservations).AddSingleton(sessions),
            o => o.MaxHoldAttempts = 3);
        var ada = FlowFixture.Interviewers().First();
        matcher.MatchAsync(Arg.Any<InterviewRequest>(), Arg.Any<int>(), Arg.Any<CancellationToken>())
            .Returns(new MatchResult { Matches = Enumerable.Range(0, 10).Select(i => Match(ada with { Id = new InterviewerId($"i-{i}") }, 90 - i)).ToList() });

        var started = await flow.Booking.StartAsync(FlowFixture.Request());

        Assert.Equal(BookingStartOutcome.SlotTaken, started.Outcome);
        Assert.Equal(3, started.ConflictedMatches.Count);
        await reservations.ReceivedWithAnyArgs(3).TryHoldAsync(default!, default);
        await matcher.Received(1).MatchAsync(Arg.Any<InterviewRequest>(), 3, Arg.Any<CancellationToken>());
        await sessions.DidNotReceiveWithAnyArgs().CreateAsync(default!, default);
    }

    [Fact]
    public async Task No_match_starts_nothing()
    {
        await using var flow = new FlowFixture();
        var request = FlowFixture.Request() with { SkillCategories = ["Underwater Basket Weaving"] };

        var started = await flow.Booking.StartAsync(request);

        Assert.Equal(BookingStartOutcome.NoMatch, started.Outcome);
        Assert.Empty(await flow.Reservations.GetActiveAsync(FlowFixture.Interviewers().Select(i => i.Id).ToList(), FlowFixture.PopularSlot));
    }

    [Fact]
    public async Task No_free_interviewer_offers_the_nearest_other_slots_and_holds_nothing()
    {
        await using var flow = new FlowFixture();
        // Saturday 6 June 2026, 14:00 UTC: every interviewer works weekdays only.
        var saturday = new Interval(Instant.FromUtc(2026, 6, 6, 14, 0), Instant.FromUtc(2026, 6, 6, 14, 30));

        var started = await flow.Booking.StartAsync(FlowFixture.Request(slot: saturday));

        Assert.Equal(BookingStartOutcome.NoMatch, started.Outcome);
        Assert.Equal(3, started.Alternatives.Count);
        Assert.Contains("3 other slots", started.Reason, StringComparison.Ordinal);
        Assert.All(started.Alternatives, a =>
        {
            Assert.Equal(saturday.Duration, a.Slot.Duration);
            Assert.Equal(SlotText.Format(a.Slot, FlowFixture.London), a.SlotText);
        });
        Assert.Empty(await flow.Reservations.GetActiveAsync(FlowFixture.Interviewers().Select(i => i.Id).ToList(), new Interval(FlowFixture.Start, saturday.End + Duration.FromDays(8))));

        // Starting again with the first alternative's slot books it.
        var again = await flow.Booking.StartAsync(FlowFixture.Request(slot: started.Alternatives[0].Slot));
        Assert.Equal(BookingStartOutcome.Started, again.Outcome);
    }

    [Fact]
    public async Task A_checkout_failure_releases_the_hold_and_cancels_the_session()
    {
        var gateway = Substitute.For<IPaymentGateway>();
        gateway.CreateCheckoutAsync(Arg.Any<PaymentSession>(), Arg.Any<CancellationToken>()).ThrowsAsync(new HttpRequestException("provider down"));
        await using var flow = new FlowFixture(s => s.AddSingleton(gateway));

        var started = await flow.Booking.StartAsync(FlowFixture.Request());

        Assert.Equal(BookingStartOutcome.CheckoutFailed, started.Outcome);
        Assert.Contains("provider down", started.Reason, StringComparison.Ordinal);
        var session = await flow.Sessions.GetAsync(started.Session!.Id);
        Assert.Equal(PaymentSessionStatus.Canceled, session!.Status);
        var hold = await flow.Reservations.GetAsync(session.ReservationId!.Value);
        Assert.Equal(ReservationStatus.Released, hold!.Status);
        // The slot is free again for the next candidate.
        var again = await flow.Reservations.TryHoldAsync(new HoldRequest(hold.InterviewerId, hold.Slot, "next", FlowFixture.Start + Duration.FromMinutes(30)));
        Assert.True(again.Succeeded);
    }

    [Fact]
    public async Task A_canceled_checkout_call_still_undoes_the_hold()
    {
        using var cancel = new CancellationTokenSource();
        var gateway = Substitute.For<IPaymentGateway>();
        gateway.CreateCheckoutAsync(Arg.Any<PaymentSession>(), Arg.Any<CancellationToken>())
            .Returns<Task<CheckoutSession>>(_ =>
            {
                cancel.Cancel();
                throw new OperationCanceledException(cancel.Token);
            });
        await using var flow = new FlowFixture(s => s.AddSingleton(gateway));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => flow.Booking.StartAsync(FlowFixture.Request(), cancel.Token));

        var active = await flow.Reservations.GetActiveAsync(FlowFixture.Interviewers().Select(i => i.Id).ToList(), FlowFixture.PopularSlot);
        Assert.Empty(active);
    }

    [Fact]
    public async Task A_slot_that_does_not_last_the_plan_duration_is_refused_before_anything_is_written()
    {
        await using var flow = new FlowFixture();
        var request = FlowFixture.Request(planId: "mock-60");

        var error = await Assert.ThrowsAsync<InvalidInterviewRequestException>(() => flow.Booking.StartAsync(request));

        Assert.Equal("RequestedSlot", error.Field);
        Assert.Empty(await flow.Reservations.GetActiveAsync(FlowFixture.Interviewers().Select(i => i.Id).ToList(), FlowFixture.PopularSlot));
    }

    [Theory]
    [InlineData("PlanId")]
    [InlineData("CandidateEmail")]
    [InlineData("SkillCategories")]
    [InlineData("RequestedSlot")]
    public async Task A_malformed_request_is_a_typed_error_naming_the_field(string field)
    {
        await using var flow = new FlowFixture();
        var request = field switch
        {
            "PlanId" => FlowFixture.Request(planId: "free-lunch"),
            "CandidateEmail" => FlowFixture.Request() with { CandidateEmail = "not an email" },
            "SkillCategories" => FlowFixture.Request() with { SkillCategories = [] },
            _ => FlowFixture.Request(slot: new Interval(FlowFixture.Start - Duration.FromHours(1), FlowFixture.Start - Duration.FromMinutes(30))),
        };

        var error = await Assert.ThrowsAsync<InvalidInterviewRequestException>(() => flow.Booking.StartAsync(request));

        Assert.Equal(field, error.Field);
        Assert.Empty(flow.Gateway.Checkouts);
    }

    [Fact]
    public async Task The_price_comes_from_the_options()
    {
        await using var flow = new FlowFixture();
        var request = FlowFixture.Request() with { AddOns = [new AddOnSelection("report")], CouponCode = "once" };

        var started = await flow.Booking.StartAsync(request);

        // 4900 + 1500 = 6400, less 10% = 5760.
        Assert.Equal(new Money(5760, "USD"), started.Session!.Price.Total);
        Assert.Equal("ONCE", started.Session.Price.CouponCode);
    }

    [Fact]
    public async Task An_exhausted_coupon_is_refused_before_holding()
    {
        await using var flow = new FlowFixture();
        await flow.Get<ICouponRedemptionStore>().TryRedeemAsync("ONCE", PaymentSessionId.New(), 1);

        var started = await flow.Booking.StartAsync(FlowFixture.Request() with { CouponCode = "ONCE" });

        Assert.Equal(BookingStartOutcome.CouponExhausted, started.Outcome);
        Assert.Empty(await flow.Reservations.GetActiveAsync(FlowFixture.Interviewers().Select(i => i.Id).ToList(), FlowFixture.PopularSlot));
    }

    [Fact]
    public async Task A_second_candidate_for_the_same_slot_gets_the_next_best_interviewer()
    {
        await using var flow = new FlowFixture();

        var first = await flow.Booking.StartAsync(FlowFixture.Request("candidate-1"));
        var second = await flow.Booking.StartAsync(FlowFixture.Request("candidate-2"));

        Assert.True(first.Succeeded);
        Assert.True(second.Succeeded);
        Assert.NotEqual(first.Session!.InterviewerId, second.Session!.InterviewerId);
        Assert.True(first.Match!.Score.Total >= second.Match!.Score.Total);
    }

    private static InterviewerMatch Match(InterviewerProfile interviewer, int total) =>
        new(interviewer, new MatchScore(Math.Min(30, total / 3), Math.Min(40, total - (2 * Math.Min(30, total / 3))), Math.Min(30, total / 3)), FlowFixture.PopularSlot);

    [Fact]
    public async Task A_candidate_at_the_cap_of_active_holds_is_told_so_and_nothing_more_is_held()
    {
        await using var flow = new FlowFixture(configureOptions: o => o.MaxActiveHoldsPerCandidate = 2);
        Interval At(int hour) => new(Instant.FromUtc(2026, 6, 2, hour, 0), Instant.FromUtc(2026, 6, 2, hour, 30));

        var first = await flow.Booking.StartAsync(FlowFixture.Request("greedy", At(14)));
        var second = await flow.Booking.StartAsync(FlowFixture.Request("greedy", At(15)));
        var third = await flow.Booking.StartAsync(FlowFixture.Request("greedy", At(16)));
        var someoneElse = await flow.Booking.StartAsync(FlowFixture.Request("patient", At(16)));

        Assert.True(first.Succeeded && second.Succeeded && someoneElse.Succeeded);
        Assert.Equal(BookingStartOutcome.HoldLimitReached, third.Outcome);
        Assert.Null(third.Session);
        Assert.Contains("2 slots", third.Reason, StringComparison.Ordinal);

        // A hold given up (or run out) frees a place.
        await flow.Reservations.TryReleaseAsync(first.Reservation!.Id, first.Reservation.Owner);
        Assert.True((await flow.Booking.StartAsync(FlowFixture.Request("greedy", At(16)))).Succeeded);
    }

    [Fact]
    public async Task A_hold_refused_by_the_interviewers_buffers_moves_on_to_the_next_best_and_says_why()
    {
        await using var flow = new FlowFixture();
        var ada = FlowFixture.Interviewers().First();
        flow.Directory.AddOrUpdate(ada with { BufferBefore = Duration.FromMinutes(30) });
        var slot = FlowFixture.PopularSlot;

        // A hold made without buffers sits in Ada's buffer before the slot; the matcher sees it as busy time, so race it in past the match.
        var matched = await flow.Get<IInterviewerMatcher>().MatchAsync(FlowFixture.Request(), 5);
        Assert.Equal(ada.Id, matched.Matches[0].Interviewer.Id);
        var rival = await flow.Reservations.TryHoldAsync(new HoldRequest(ada.Id, new Interval(slot.Start - slot.Duration, slot.Start), "rival", flow.Clock.GetCurrentInstant() + Duration.FromMinutes(30)));
        var started = await new BookingService(
            new FixedMatcher(matched), flow.Reservations, flow.Sessions, flow.Get<ICouponRedemptionStore>(), flow.Gateway,
            flow.Get<PriceCalculator>(), flow.Get<Microsoft.Extensions.Options.IOptionsMonitor<InterviewBookingOptions>>(), flow.Clock).StartAsync(FlowFixture.Request());

        Assert.True(rival.Succeeded);
        Assert.Equal(BookingStartOutcome.Started, started.Outcome);
        Assert.NotEqual(ada.Id, started.Match!.Interviewer.Id);
        Assert.Equal(ada.Id, Assert.Single(started.ConflictedMatches).Interviewer.Id);
        Assert.Equal([HoldRefusal.Buffer], started.Refusals);
    }

    private sealed class FixedMatcher(MatchResult result) : IInterviewerMatcher
    {
        public ValueTask<MatchResult> MatchAsync(InterviewRequest request, int maxResults, CancellationToken cancellationToken = default) => ValueTask.FromResult(result);
    }
}
