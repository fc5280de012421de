using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace InterviewBooking.Testing;

/// <summary>
/// The interview's lifecycle after booking, on an adapter's stores: completion and no-shows (only after the start, no-shows only after the
/// grace period), the policies by who is at fault (each refund issued by the outbox worker), the free rebooking with another interviewer,
/// feedback with its reminders, ratings and the reliability counts, and the illegal changes refused.
/// </summary>
/// <remarks>
/// An adapter's test project subclasses this and builds the services (<see cref="CreateServicesAsync"/>): the core registered by
/// <c>AddInterviewBooking</c>, configured by the given action first, the adapter's stores, a payment gateway that refunds, the outbox
/// worker's services, and a directory holding the given interviewers; it pays a checkout at its gateway (<see cref="CompletePayment"/>).
/// Sessions are booked as a candidate books: started, paid, the payment event processed.
/// </remarks>
public abstract class InterviewLifecycleContractTests : StoreContractTestBase
{
    /// <summary>The plan of every booking: 30 minutes for 49.00 USD.</summary>
    public const string PlanId = "life-30";

    /// <summary>An add-on that promises written feedback.</summary>
    public const string ReportAddOnId = "feedback-report";

    private const long Price = 4900;

    /// <summary>Tuesday 2025-06-10 14:00-14:30 UTC, the day after <see cref="StoreContractTestBase.StartInstant"/>.</summary>
    protected static Interval Slot { get; } = new(Instant.FromUtc(2025, 6, 10, 14, 0), Instant.FromUtc(2025, 6, 10, 14, 30));

    /// <summary>Three interviewers who all fit the requests, free all day on weekdays in UTC.</summary>
    protected static IReadOnlyList<InterviewerProfile> Interviewers { get; } =
    [
        Interviewer("life-ada", "Ada", 15),
        Interviewer("life-grace", "Grace", 12),
        Interviewer("life-alan", "Alan", 9),
    ];

    /// <summary>Builds the services under test; see the remarks of the class.</summary>
    /// <param name="configure">
    /// Registers the clock, the options and a log collector (an <see cref="ILoggerProvider"/>: the services must have logging, <c>AddLogging</c>);
    /// call it on the builder <c>AddInterviewBooking</c> returns.
    /// </param>
    /// <param name="interviewers">The directory's interviewers.</param>
    protected abstract Task<IServiceProvider> CreateServicesAsync(Action<IInterviewBookingBuilder> configure, IReadOnlyList<InterviewerProfile> interviewers);

    /// <summary>The candidate pays the session's checkout at the gateway; returns the provider's event saying so (not yet processed).</summary>
    /// <param name="services">The services <see cref="CreateServicesAsync"/> built.</param>
    /// <param name="sessionId">The session started.</param>
    protected abstract PaymentEvent CompletePayment(IServiceProvider services, PaymentSessionId sessionId);

    /// <summary>Completion is refused before the start, then recorded once, with its message written in the same step.</summary>
    [Fact]
    public async Task CompletionFromTheStartWritesTheCompletedMessage()
    {
        var host = await HostAsync();
        var session = await BookAsync(host);

        var early = await host.Lifecycle.CompleteAsync(session.Id, InterviewParty.Interviewer);
        Clock.Reset(Slot.Start);
        var completed = await host.Lifecycle.CompleteAsync(session.Id, InterviewParty.Interviewer);
        var again = await host.Lifecycle.CompleteAsync(session.Id, InterviewParty.Operator);

        Assert.Equal(InterviewLifecycleOutcome.TooEarly, early.Outcome);
        Assert.Equal(InterviewLifecycleOutcome.Completed, completed.Outcome);
        Assert.Equal(InterviewLifecycleOutcome.AlreadyRecorded, again.Outcome);
        var interview = (await host.Interviews.GetAsync(session.InterviewId!.Value))!;
        Assert.Equal(InterviewStatus.Completed, interview.Status);
        Assert.Equal(Slot.Start, interview.EndedAt);
        Assert.Equal(PaymentSessionStatus.Booked, (await host.Sessions.GetAsync(session.Id))!.Status);

        var trail = await host.Interviews.GetHistoryAsync(interview.Id);
        Assert.Collection(
            trail,
            first => Assert.Equal((null, InterviewStatus.Scheduled), (first.From, first.To)),
            second => Assert.Equal((InterviewStatus.Scheduled, InterviewStatus.Completed, InterviewParty.Interviewer, Slot.Start), (second.From!.Value, second.To, second.By!.Value, second.At)));

        var messages = (await host.Outbox.ListBySessionAsync(session.Id)).Where(i => i.Message.Kind == OutboxKinds.InterviewCompleted).ToArray();
        var message = Assert.Single(messages).Message;
        Assert.Equal(interview.Id.Value + ":" + OutboxKinds.InterviewCompleted, message.Key);
        AssertPayload(message, interview, session, Slot.Start);
    }

    /// <summary>A no-show can be reported only once the grace period after the start has passed (20 minutes by default).</summary>
    [Fact]
    public async Task NoShowsWaitForTheGracePeriod()
    {
        var host = await HostAsync();
        var session = await BookAsync(host);

        Clock.Reset(Slot.Start + Duration.FromMinutes(19));
        var early = await host.Lifecycle.ReportNoShowAsync(session.Id, InterviewParty.Candidate, InterviewParty.Interviewer);
        Clock.Reset(Slot.Start + Duration.FromMinutes(20));
        var recorded = await host.Lifecycle.ReportNoShowAsync(session.Id, InterviewParty.Candidate, InterviewParty.Interviewer);

        Assert.Equal(InterviewLifecycleOutcome.TooEarly, early.Outcome);
        Assert.Equal(InterviewLifecycleOutcome.NoShowRecorded, recorded.Outcome);
        Assert.Equal(InterviewStatus.CandidateNoShow, recorded.Interview!.Status);
    }

    /// <summary>A candidate's no-show refunds nothing by default: the session ends, nothing is owed, no refund is enqueued.</summary>
    [Fact]
    public async Task CandidateNoShowRefundsNothingByDefault()
    {
        var host = await HostAsync();
        var session = await BookAsync(host);
        Clock.Reset(Slot.Start + Duration.FromMinutes(30));

        var result = await host.Lifecycle.ReportNoShowAsync(session.Id, InterviewParty.Candidate, InterviewParty.Interviewer);
        await DrainAsync(host);

        var after = (await host.Sessions.GetAsync(session.Id))!;
        Assert.Equal(PaymentSessionStatus.BookingCanceled, after.Status);
        Assert.Equal((0L, 0), (after.Refund!.Amount.MinorUnits, after.Refund.Percent));
        Assert.Equal(0, result.Refund!.Percent);
        Assert.DoesNotContain(await host.Outbox.ListBySessionAsync(session.Id), i => i.Message.Kind == OutboxKinds.Refund);
        Assert.DoesNotContain(await host.Outbox.ListBySessionAsync(session.Id), i => i.Message.Kind == OutboxKinds.InterviewInterviewerNoShow);
    }

    /// <summary>A candidate's no-show refunds the share the option says, through the worker.</summary>
    [Fact]
    public async Task CandidateNoShowRefundsThePolicyShare()
    {
        var host = await HostAsync(o => o.CandidateNoShowRefundPercent = 50);
        var session = await BookAsync(host);
        Clock.Reset(Slot.Start + Duration.FromMinutes(30));

        await host.Lifecycle.ReportNoShowAsync(session.Id, InterviewParty.Candidate, InterviewParty.Operator);
        await DrainAsync(host);

        var after = (await host.Sessions.GetAsync(session.Id))!;
        Assert.Equal(PaymentSessionStatus.Refunded, after.Status);
        Assert.Equal(Price / 2, after.IssuedRefund!.Amount.MinorUnits);
    }

    /// <summary>
    /// An interviewer's no-show writes its message, refunds in full through the worker once the rebooking choice closed, and a rebooking
    /// asked for after that is refused.
    /// </summary>
    [Fact]
    public async Task InterviewerNoShowRefundsInFullOnceTheChoiceCloses()
    {
        var host = await HostAsync();
        var session = await BookAsync(host);
        Clock.Reset(Slot.Start + Duration.FromMinutes(25));

        var result = await host.Lifecycle.ReportNoShowAsync(session.Id, InterviewParty.Interviewer, InterviewParty.Candidate);
        await DrainAsync(host);
        var waiting = (await host.Sessions.GetAsync(session.Id))!;
        var offeredWhileWaiting = await host.Rebooking.IsOfferedAsync(session.Id);
        Clock.Advance(Duration.FromHours(24));
        await DrainAsync(host);
        var refunded = (await host.Sessions.GetAsync(session.Id))!;
        var offeredOnceRefunded = await host.Rebooking.IsOfferedAsync(session.Id);
        var late = await host.Rebooking.RebookAsync(session.Id, Request(session.CandidateId, Shift(Slot, Duration.FromDays(1))));

        Assert.Equal(InterviewLifecycleOutcome.NoShowRecorded, result.Outcome);
        Assert.Equal(100, result.Refund!.Percent);
        Assert.Equal(PaymentSessionStatus.BookingCanceled, waiting.Status);
        Assert.Equal(PaymentSessionStatus.Refunded, refunded.Status);
        Assert.Equal(Price, refunded.IssuedRefund!.Amount.MinorUnits);
        Assert.Equal(RebookingOutcome.ChoiceClosed, late.Outcome);
        Assert.True(offeredWhileWaiting);
        Assert.False(offeredOnceRefunded);
        var interview = result.Interview!;
        var noShow = Assert.Single(await host.Outbox.ListBySessionAsync(session.Id), i => i.Message.Kind == OutboxKinds.InterviewInterviewerNoShow).Message;
        Assert.Equal(interview.Id.Value + ":" + OutboxKinds.InterviewInterviewerNoShow, noShow.Key);
        AssertPayload(noShow, interview, session, Slot.Start + Duration.FromMinutes(25));
        Assert.Equal(1, (await host.Interviews.GetReliabilityAsync([session.InterviewerId!.Value]))[session.InterviewerId.Value].NoShows);
    }

    /// <summary>
    /// An interviewer's cancellation lets the candidate choose a free rebooking: a new paid session with another interviewer (the original
    /// excluded), the price paid kept, no payment, linked to the original, whose snapshot stays and whose refund is never issued.
    /// </summary>
    [Fact]
    public async Task InterviewerCancellationOffersAFreeRebookingWithAnotherInterviewer()
    {
        var host = await HostAsync();
        var session = await BookAsync(host);
        var original = session.InterviewerId!.Value;
        Clock.Reset(Slot.Start - Duration.FromHours(3));

        var offeredBefore = await host.Rebooking.IsOfferedAsync(session.Id);
        var canceled = await host.Changes.CancelByAsync(session.Id, InterviewParty.Interviewer, "Ill.");
        var offered = await host.Rebooking.IsOfferedAsync(session.Id);
        var rebooked = await host.Rebooking.RebookAsync(session.Id, Request(session.CandidateId, Slot));
        var offeredAfter = await host.Rebooking.IsOfferedAsync(session.Id);
        var repeat = await host.Rebooking.RebookAsync(session.Id, Request(session.CandidateId, Slot));
        Clock.Advance(Duration.FromDays(2));
        await DrainAsync(host);

        Assert.Equal(BookingChangeOutcome.Canceled, canceled.Outcome);
        Assert.Equal((false, true, false), (offeredBefore, offered, offeredAfter));
        Assert.Equal((100, Price), (canceled.Refund!.Percent, canceled.Refund.Amount.MinorUnits));
        var interview = (await host.Interviews.GetAsync(session.InterviewId!.Value))!;
        Assert.Equal((InterviewStatus.Canceled, InterviewParty.Interviewer, true), (interview.Status, interview.CanceledBy!.Value, interview.IsLateCancellation));
        Assert.Equal(RebookingOutcome.Rebooked, rebooked.Outcome);
        Assert.Equal(RebookingOutcome.AlreadyRebooked, repeat.Outcome);
        var second = (await host.Sessions.GetAsync(rebooked.Rebooked!.Id))!;
        Assert.Equal(PaymentSessionStatus.Booked, second.Status);
        Assert.NotEqual(original, second.InterviewerId!.Value);
        Assert.Equal(second.InterviewerId, second.MatchedInterviewer!.Id);
        Assert.Equal(session.Id, second.RebookedFrom);
        Assert.Equal(session.Price.Total, second.Price.Total);
        Assert.Equal(repeat.Rebooked!.Id, second.Id);

        var first = (await host.Sessions.GetAsync(session.Id))!;
        Assert.Equal(PaymentSessionStatus.Rebooked, first.Status);
        Assert.Null(first.IssuedRefund);
        Assert.Equal(original, first.MatchedInterviewer!.Id);
        Assert.Equal(session.MatchScore, first.MatchScore);
        var link = (await host.Sessions.GetHistoryAsync(session.Id))[^1];
        Assert.Equal(PaymentSessionStatus.Rebooked, link.To);
        Assert.Contains(second.Id.Value, link.Reason, StringComparison.Ordinal);
        Assert.Null(second.IssuedRefund);
        Assert.Equal(1, (await host.Interviews.GetReliabilityAsync([original]))[original].LateCancellations);
    }

    /// <summary>Once the refund has started (the worker closed the choice), a rebooking is refused: the candidate never gets both.</summary>
    [Fact]
    public async Task NoRebookingOnceTheRefundStarted()
    {
        var host = await HostAsync(o => o.RebookingChoiceWindow = Duration.Zero);
        var session = await BookAsync(host);

        await host.Changes.CancelByAsync(session.Id, InterviewParty.Interviewer, null);
        await DrainAsync(host);
        var refused = await host.Rebooking.RebookAsync(session.Id, Request(session.CandidateId, Slot));

        Assert.Equal(PaymentSessionStatus.Refunded, (await host.Sessions.GetAsync(session.Id))!.Status);
        Assert.Equal(RebookingOutcome.ChoiceClosed, refused.Outcome);
        Assert.False(await host.Rebooking.IsOfferedAsync(session.Id));
        Assert.Null(await host.Sessions.GetAsync(RebookingService.RebookedSessionId(session.Id)));
    }

    /// <summary>The candidate's own cancellation keeps the notice rules and offers no rebooking; an operator's refunds in full at once.</summary>
    [Fact]
    public async Task CandidateAndOperatorCancellationsFollowTheirPolicies()
    {
        var host = await HostAsync();
        var late = await BookAsync(host);
        var byOperator = await BookAsync(host, candidate: "life-candidate-2");
        Clock.Reset(Slot.Start - Duration.FromHours(2));

        var candidate = await host.Changes.CancelAsync(late.Id, "Changed my mind.");
        var operatorCanceled = await host.Changes.CancelByAsync(byOperator.Id, InterviewParty.Operator, "Support request.");
        await DrainAsync(host);
        var refused = await host.Rebooking.RebookAsync(late.Id, Request(late.CandidateId, Shift(Slot, Duration.FromDays(1))));

        Assert.Equal(0, candidate.Refund!.Percent);
        Assert.Equal(InterviewParty.Candidate, (await host.Interviews.GetAsync(late.InterviewId!.Value))!.CanceledBy);
        Assert.Equal(RebookingOutcome.NotOffered, refused.Outcome);
        Assert.False(await host.Rebooking.IsOfferedAsync(late.Id));
        Assert.False(await host.Rebooking.IsOfferedAsync(byOperator.Id));
        Assert.Equal(100, operatorCanceled.Refund!.Percent);
        Assert.Equal(InterviewParty.Operator, (await host.Interviews.GetAsync(byOperator.InterviewId!.Value))!.CanceledBy);
        Assert.Equal(PaymentSessionStatus.Refunded, (await host.Sessions.GetAsync(byOperator.Id))!.Status);
    }

    /// <summary>Every change that leaves an ended interview, or skips the lifecycle, is refused with a typed result or error; nothing is written.</summary>
    [Fact]
    public async Task IllegalTransitionsAreRefused()
    {
        var host = await HostAsync();
        var canceled = await BookAsync(host);
        var completed = await BookAsync(host, candidate: "life-candidate-2");
        await host.Changes.CancelAsync(canceled.Id);
        Clock.Reset(Slot.Start + Duration.FromHours(1));
        await host.Lifecycle.CompleteAsync(completed.Id, InterviewParty.Interviewer);
        var canceledInterview = (await host.Interviews.GetAsync(canceled.InterviewId!.Value))!;
        var completedInterview = (await host.Interviews.GetAsync(completed.InterviewId!.Value))!;

        Assert.Equal(InterviewLifecycleOutcome.NotAllowed, (await host.Lifecycle.CompleteAsync(canceled.Id, InterviewParty.Interviewer)).Outcome);
        Assert.Equal(InterviewLifecycleOutcome.NotAllowed, (await host.Lifecycle.ReportNoShowAsync(canceled.Id, InterviewParty.Interviewer, InterviewParty.Candidate)).Outcome);
        Assert.Equal(InterviewLifecycleOutcome.NotAllowed, (await host.Lifecycle.ReportNoShowAsync(completed.Id, InterviewParty.Candidate, InterviewParty.Interviewer)).Outcome);
        Assert.Equal(InterviewLifecycleOutcome.NotAllowed, (await host.Lifecycle.SubmitFeedbackAsync(canceled.Id, "Good.")).Outcome);
        Assert.Equal(InterviewLifecycleOutcome.NotAllowed, (await host.Lifecycle.RateAsync(canceled.Id, 5, null)).Outcome);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => host.Lifecycle.ReportNoShowAsync(completed.Id, InterviewParty.Operator, InterviewParty.Operator));
        await Assert.ThrowsAsync<InvalidInterviewRequestException>(() => host.Lifecycle.RateAsync(completed.Id, 6, null));
        await Assert.ThrowsAsync<InvalidInterviewRequestException>(() => host.Lifecycle.SubmitFeedbackAsync(completed.Id, "  "));
        await Assert.ThrowsAsync<InterviewBookingException>(() => host.Scheduler.RescheduleAsync(completedInterview.Id, Shift(Slot, Duration.FromDays(1)), ReservationId.New()));
        foreach (var (interview, to) in new[]
        {
            (completedInterview, InterviewStatus.Canceled), (completedInterview, InterviewStatus.Scheduled), (completedInterview, InterviewStatus.InterviewerNoShow),
            (canceledInterview, InterviewStatus.Completed), (canceledInterview, InterviewStatus.Scheduled), (canceledInterview, InterviewStatus.Canceled),
        })
        {
            var error = await Assert.ThrowsAsync<InvalidInterviewTransitionException>(
                () => host.Interviews.TryTransitionAsync(new InterviewTransition(interview.Id, interview.Status, to, Now)));
            Assert.Equal((interview.Status, to), (error.From, error.To));
        }

        Assert.Equal(2, (await host.Interviews.GetHistoryAsync(completedInterview.Id)).Count);
        Assert.Equal(2, (await host.Interviews.GetHistoryAsync(canceledInterview.Id)).Count);
        Assert.Equal(InterviewStatus.Completed, (await host.Interviews.GetAsync(completedInterview.Id))!.Status);
    }

    /// <summary>
    /// Feedback an add-on promises is reminded through the outbox until given, then no more; it is stored once, readable from the interview,
    /// and found in no log line, outbox message or session field.
    /// </summary>
    [Fact]
    public async Task PromisedFeedbackIsRemindedUntilGiven()
    {
        var host = await HostAsync();
        var session = await BookAsync(host, addOns: [new AddOnSelection(ReportAddOnId)]);
        Clock.Reset(Slot.End);
        await host.Lifecycle.CompleteAsync(session.Id, InterviewParty.Interviewer);

        await DrainAsync(host);
        Clock.Advance(Duration.FromHours(24));
        await DrainAsync(host);
        var afterFirst = await RemindersAsync(host, session.Id);
        const string Text = "Strong on trade-offs; practise estimating load. Secret-phrase-7f3a.";
        var given = await host.Lifecycle.SubmitFeedbackAsync(session.Id, Text);
        var twice = await host.Lifecycle.SubmitFeedbackAsync(session.Id, "Another text.");
        Clock.Advance(Duration.FromHours(24));
        await DrainAsync(host);
        Clock.Advance(Duration.FromHours(24));
        await DrainAsync(host);
        var afterGiven = await RemindersAsync(host, session.Id);

        Assert.Equal(2, afterFirst.Count);
        Assert.Equal(OutboxItemStatus.Completed, afterFirst[0].Status);
        Assert.Equal(OutboxItemStatus.Pending, afterFirst[1].Status);
        Assert.Equal(InterviewLifecycleOutcome.FeedbackRecorded, given.Outcome);
        Assert.Equal(InterviewLifecycleOutcome.AlreadyGiven, twice.Outcome);
        Assert.Equal(2, afterGiven.Count);
        Assert.All(afterGiven, item => Assert.Equal(OutboxItemStatus.Completed, item.Status));
        var stored = (await host.Interviews.GetAsync(session.InterviewId!.Value))!;
        Assert.Equal(Text, stored.Feedback!.Text);
        Assert.DoesNotContain("Secret-phrase", stored.Feedback.ToString(), StringComparison.Ordinal);
        await AssertNowhereButTheInterviewAsync(host, session.Id, "Secret-phrase-7f3a");
    }

    /// <summary>A plan that promises no feedback writes no reminder; feedback may still be given.</summary>
    [Fact]
    public async Task UnpromisedFeedbackIsNotReminded()
    {
        var host = await HostAsync();
        var session = await BookAsync(host);
        Clock.Reset(Slot.End);

        await host.Lifecycle.CompleteAsync(session.Id, InterviewParty.Interviewer);
        var given = await host.Lifecycle.SubmitFeedbackAsync(session.Id, "Fine.");

        Assert.Empty(await RemindersAsync(host, session.Id));
        Assert.Equal(InterviewLifecycleOutcome.FeedbackRecorded, given.Outcome);
    }

    /// <summary>The candidate's rating is stored once, kept out of logs and messages, and counted into the interviewer's mean rating.</summary>
    [Fact]
    public async Task RatingsAreStoredOnceAndCounted()
    {
        var host = await HostAsync();
        var first = await BookAsync(host);
        var second = await BookAsync(host, candidate: "life-candidate-2", slot: Shift(Slot, Duration.FromHours(1)), only: first.InterviewerId);
        Assert.Equal(first.InterviewerId, second.InterviewerId);
        Clock.Reset(Slot.End + Duration.FromHours(1));
        await host.Lifecycle.CompleteAsync(first.Id, InterviewParty.Interviewer);
        await host.Lifecycle.CompleteAsync(second.Id, InterviewParty.Interviewer);

        var rated = await host.Lifecycle.RateAsync(first.Id, 5, "Comment-9c1e: very helpful.");
        var again = await host.Lifecycle.RateAsync(first.Id, 1, null);
        await host.Lifecycle.RateAsync(second.Id, 2, null);
        var interviewer = first.InterviewerId!.Value;
        var reliability = await host.Interviews.GetReliabilityAsync([interviewer, new InterviewerId("life-nobody")]);

        Assert.Equal(InterviewLifecycleOutcome.RatingRecorded, rated.Outcome);
        Assert.Equal(InterviewLifecycleOutcome.AlreadyGiven, again.Outcome);
        var stored = (await host.Interviews.GetAsync(first.InterviewId!.Value))!.Rating!;
        Assert.Equal((5, "Comment-9c1e: very helpful."), (stored.Stars, stored.Comment));
        Assert.Equal((2, 3.5), (reliability[interviewer].Ratings, reliability[interviewer].MeanRating));
        Assert.Equal(InterviewerReliability.None(new InterviewerId("life-nobody")), reliability[new InterviewerId("life-nobody")]);
        await AssertNowhereButTheInterviewAsync(host, first.Id, "Comment-9c1e");
    }

    /// <summary>Of concurrent completions and no-show reports of one interview exactly one wins; the trail has one ending.</summary>
    [Fact]
    public async Task ConcurrentEndingsHaveOneWinner()
    {
        var host = await HostAsync();
        var session = await BookAsync(host);
        Clock.Reset(Slot.End);

        var results = await Concurrently.RunAsync(12, i => i % 2 == 0
            ? host.Lifecycle.CompleteAsync(session.Id, InterviewParty.Interviewer)
            : host.Lifecycle.ReportNoShowAsync(session.Id, InterviewParty.Interviewer, InterviewParty.Candidate));

        Assert.Single(results, r => r.Outcome is InterviewLifecycleOutcome.Completed or InterviewLifecycleOutcome.NoShowRecorded);
        var trail = await host.Interviews.GetHistoryAsync(session.InterviewId!.Value);
        Assert.Single(trail, c => c.From == InterviewStatus.Scheduled);
        var ended = (await host.Interviews.GetAsync(session.InterviewId.Value))!.Status;
        var kinds = (await host.Outbox.ListBySessionAsync(session.Id)).Select(i => i.Message.Kind).ToArray();
        Assert.Equal(ended == InterviewStatus.Completed ? 1 : 0, kinds.Count(k => k == OutboxKinds.InterviewCompleted));
        Assert.Equal(ended == InterviewStatus.InterviewerNoShow ? 1 : 0, kinds.Count(k => k == OutboxKinds.InterviewInterviewerNoShow));
    }

    /// <summary>The services of one test, built by the adapter.</summary>
    private sealed class LifecycleHost(IServiceProvider services, CollectingLoggerProvider logs)
    {
        /// <summary>The provider.</summary>
        public IServiceProvider Services { get; } = services;

        /// <summary>Every log line the services wrote.</summary>
        public CollectingLoggerProvider Logs { get; } = logs;

        /// <summary>The lifecycle service.</summary>
        public InterviewLifecycleService Lifecycle => Services.GetRequiredService<InterviewLifecycleService>();

        /// <summary>The cancellation service.</summary>
        public BookingChangeService Changes => Services.GetRequiredService<BookingChangeService>();

        /// <summary>The rebooking service.</summary>
        public RebookingService Rebooking => Services.GetRequiredService<RebookingService>();

        /// <summary>The sessions.</summary>
        public IPaymentSessionStore Sessions => Services.GetRequiredService<IPaymentSessionStore>();

        /// <summary>The interviews.</summary>
        public IInterviewStore Interviews => Services.GetRequiredService<IInterviewStore>();

        /// <summary>The scheduler.</summary>
        public IInterviewScheduler Scheduler => Services.GetRequiredService<IInterviewScheduler>();

        /// <summary>The outbox.</summary>
        public IOutboxStore Outbox => Services.GetRequiredService<IOutboxStore>();
    }

    private async Task<LifecycleHost> HostAsync(Action<InterviewBookingOptions>? configure = null)
    {
        var logs = Track(new CollectingLoggerProvider());
        var services = await CreateServicesAsync(
            builder =>
            {
                builder.Services.AddSingleton<IClock>(Clock);
                builder.Services.AddSingleton<ILoggerProvider>(logs);
                builder.Services.Configure<InterviewBookingOptions>(options =>
                {
                    options.Plans.Add(new InterviewPlan { Id = PlanId, Name = "30-minute mock", Duration = Duration.FromMinutes(30), PriceMinorUnits = Price });
                    options.AddOns.Add(new AddOnOffer { Id = ReportAddOnId, Name = "Feedback report", PriceMinorUnits = 1500, IncludesWrittenFeedback = true });
                    options.MinimumMatchScore = 0;
                    configure?.Invoke(options);
                });
            },
            Interviewers);
        if (services is IDisposable or IAsyncDisposable)
        {
            Track((object)services);
        }

        return new LifecycleHost(services, logs);
    }

    /// <summary>Books a session the way a candidate does: started (matched, held), paid at the gateway, the payment event processed.</summary>
    private async Task<PaymentSession> BookAsync(
        LifecycleHost host, string candidate = "life-candidate-1", IReadOnlyList<AddOnSelection>? addOns = null, Interval? slot = null, InterviewerId? only = null)
    {
        var excluded = only is { } chosen ? Interviewers.Select(i => i.Id).Where(id => id != chosen).ToArray() : [];
        var started = await host.Services.GetRequiredService<BookingService>().StartAsync(
            Request(new CandidateId(candidate), slot ?? Slot) with { AddOns = addOns ?? [], ExcludedInterviewers = excluded });
        Assert.Equal(BookingStartOutcome.Started, started.Outcome);
        var processed = await host.Services.GetRequiredService<PaymentEventProcessor>().ProcessAsync(CompletePayment(host.Services, started.Session!.Id));
        Assert.Equal(PaymentEventOutcome.Booked, processed.Outcome);
        await DrainAsync(host);
        return (await host.Sessions.GetAsync(started.Session.Id))!;
    }

    private static Interval Shift(Interval slot, Duration by) => new(slot.Start + by, slot.End + by);

    private static InterviewRequest Request(CandidateId candidate, Interval slot) => new()
    {
        CandidateId = candidate,
        CandidateName = "Casey Candidate",
        CandidateEmail = "casey@example.org",
        ExperienceYears = 4,
        SkillCategories = ["Backend"],
        Skills = ["Java"],
        RequestedSlot = slot,
        CandidateTimeZone = DateTimeZone.Utc,
        PlanId = PlanId,
    };

    private static async Task DrainAsync(LifecycleHost host)
    {
        var dispatcher = host.Services.GetRequiredService<OutboxDispatcher>();
        for (var round = 0; round < 20 && await dispatcher.RunOnceAsync() > 0; round++)
        {
        }
    }

    private static async Task<IReadOnlyList<OutboxItem>> RemindersAsync(LifecycleHost host, PaymentSessionId sessionId) =>
        [.. (await host.Outbox.ListBySessionAsync(sessionId)).Where(i => i.Message.Kind == OutboxKinds.FeedbackReminder).OrderBy(i => i.Message.Key, StringComparer.Ordinal)];

    private static void AssertPayload(OutboxMessage message, ScheduledInterview interview, PaymentSession session, Instant at)
    {
        Assert.Equal(session.Id, message.SessionId);
        using var payload = JsonDocument.Parse(message.Data[OutboxDataKeys.Payload]);
        var root = payload.RootElement;
        Assert.Equal(interview.Id.Value, root.GetProperty("interviewId").GetString());
        Assert.Equal(session.Id.Value, root.GetProperty("paymentSessionId").GetString());
        Assert.Equal(interview.InterviewerId.Value, root.GetProperty("interviewerId").GetString());
        Assert.Equal(PlanId, root.GetProperty("planId").GetString());
        Assert.Equal(session.AddOns.Select(a => a.AddOnId), root.GetProperty("addOnIds").EnumerateArray().Select(e => e.GetString()!));
        Assert.Equal(NodaTime.Text.InstantPattern.ExtendedIso.Format(at), root.GetProperty("completedAt").GetString());
        Assert.Equal(6, root.EnumerateObject().Count());
    }

    // Personal text lives in the interview only: not in a log line, an outbox message, the session (what a provider's metadata is made from).
    private static async Task AssertNowhereButTheInterviewAsync(LifecycleHost host, PaymentSessionId sessionId, string secret)
    {
        Assert.NotEmpty(host.Logs.WithId(4302)); // the logs are collected: the feedback's own log line is there, without the text
        Assert.DoesNotContain(secret, host.Logs.AllText(), StringComparison.Ordinal);
        foreach (var item in await host.Outbox.ListBySessionAsync(sessionId))
        {
            Assert.DoesNotContain(item.Message.Data.Values, value => value.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(secret, item.LastError ?? string.Empty, StringComparison.Ordinal);
        }

        var session = (await host.Sessions.GetAsync(sessionId))!;
        Assert.DoesNotContain(secret, session.ToString(), StringComparison.Ordinal);
        Assert.All(await host.Sessions.GetHistoryAsync(sessionId), change => Assert.DoesNotContain(secret, change.Reason ?? string.Empty, StringComparison.Ordinal));
        Assert.All(await host.Interviews.GetHistoryAsync(session.InterviewId!.Value), change => Assert.DoesNotContain(secret, change.Reason ?? string.Empty, StringComparison.Ordinal));
        Assert.DoesNotContain(secret, (await host.Interviews.GetAsync(session.InterviewId.Value))!.ToString(), StringComparison.Ordinal);
    }

    private static InterviewerProfile Interviewer(string id, string name, int years) => new()
    {
        Id = new InterviewerId(id),
        Name = name,
        Email = id + "@example.com",
        Company = "Example",
        ExperienceYears = years,
        SkillCategories = ["Backend"],
        Skills = ["Java"],
        TimeZone = DateTimeZone.Utc,
        WeeklyAvailability =
        [
            .. new[] { IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday }
                .Select(d => new WeeklyWindow(d, new LocalTime(0, 0), new LocalTime(23, 0))),
        ],
    };
}
