// The whole booking flow on the embedded in-memory default, told step by step.
// Run: dotnet run --project samples/InterviewBooking.Sample.Console [-- --json]
// With a CalDAV server named by INTERVIEWBOOKING_SAMPLE_CALDAV (plus _USER and _PASSWORD; `eval "$(bash eng/start-caldav.sh)"` starts
// one and prints its INTERVIEWBOOKING_TEST_CALDAV* values), the best interviewer gets an appointment in their own calendar first
// and the matcher passes them over.
using InterviewBooking;
using InterviewBooking.CalDav;
using InterviewBooking.Calendar;
using InterviewBooking.InMemory;
using InterviewBooking.Sample;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

var json = args.Contains("--json");
var story = new Story(json ? TextWriter.Null : Console.Out);
var calDavServer = SampleCalendars.Configured;

// 1. The host registers the library once: the core plus the embedded in-memory default, and calendar invites
//    (a host that emails them adds .AddSmtpNotifications(...) from InterviewBooking.Smtp).
var services = new ServiceCollection();
var sampleClock = new SampleClock(); // registered before the library, which then keeps it: the story moves it on to a reminder
services.AddSingleton<IClock>(sampleClock);
var builder = services.AddInterviewBooking(options =>
    {
        options.HoldDuration = Duration.FromMinutes(30);
        options.Plans.Add(new InterviewPlan { Id = "mock-30", Name = "30-minute mock interview", Duration = Duration.FromMinutes(30), PriceMinorUnits = 4900 });
        options.Plans.Add(new InterviewPlan { Id = "mock-60", Name = "60-minute mock interview", Duration = Duration.FromMinutes(60), PriceMinorUnits = 8900 });
        options.AddOns.Add(new AddOnOffer { Id = "written-feedback", Name = "Written feedback report", PriceMinorUnits = 1500, IncludesWrittenFeedback = true });
    })
    .AddInMemoryStores()
    .AddSimulatedPayments()
    .AddOutboxWorker(options => options.PollInterval = Duration.FromMilliseconds(50))
    .AddPayouts(options =>
    {
        // What the interviewer is paid per completed interview, after a 72-hour hold-back (the default) for disputes.
        options.Plans.Add(new PayoutRate { Id = "mock-30", AmountMinorUnits = 3000 });
        options.Plans.Add(new PayoutRate { Id = "mock-60", AmountMinorUnits = 7000 });
        options.AddOns.Add(new PayoutRate { Id = "written-feedback", AmountMinorUnits = 500 });
    })
    .AddCalendarInvites(options =>
    {
        options.OrganizerName = "Sample Interviews";
        options.OrganizerEmail = "interviews@sample.example";
    });
var calendars = new SampleCalendars();
if (calDavServer is not null)
{
    // The interviewers' own calendars: the matcher and the hold check read busy time from them; booked interviews are written back.
    services.AddSingleton<ICalDavConnectionResolver>(calendars);
    builder.AddCalDavCalendars<SampleCalendars>();
}

await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
provider.GetRequiredService<IStartupValidator>().Validate();

var directory = provider.GetRequiredService<InMemoryInterviewerDirectory>();
foreach (var interviewer in SampleInterviewers.All())
{
    directory.AddOrUpdate(interviewer);
}

var clock = provider.GetRequiredService<IClock>();
var matcher = provider.GetRequiredService<IInterviewerMatcher>();
var booking = provider.GetRequiredService<BookingService>();
var events = provider.GetRequiredService<PaymentEventProcessor>();
var autoBooking = provider.GetRequiredService<AutoBookingService>();
var sessions = provider.GetRequiredService<IPaymentSessionStore>();
var reservations = provider.GetRequiredService<IReservationStore>();
var gateway = provider.GetRequiredService<SimulatedPaymentGateway>();
var scheduler = provider.GetRequiredService<RecordingInterviewScheduler>();
var notifier = provider.GetRequiredService<RecordingBookingNotifier>();
var invites = provider.GetRequiredService<CalendarInviteWriter>();
var outbox = provider.GetRequiredService<IOutboxStore>();
var checks = new List<(string Check, bool Holds)>();

story.Heading($"InterviewBooking sample: {SampleInterviewers.All().Count()} interviewers in {SampleInterviewers.All().Select(i => i.TimeZone.Id).Distinct().Count()} time zones");

// 2. A candidate asks for next Monday, 14:00-14:30 UTC (their zone is London).
var london = DateTimeZoneProviders.Tzdb["Europe/London"];
var today = clock.GetCurrentInstant().InUtc().Date;
var monday = today.Next(IsoDayOfWeek.Monday);
var slot = new Interval(monday.At(new LocalTime(14, 0)).InUtc().ToInstant(), monday.At(new LocalTime(14, 30)).InUtc().ToInstant());
var request = new InterviewRequest
{
    CandidateId = new CandidateId("candidate-casey"),
    CandidateName = "Casey Jordan",
    CandidateEmail = "casey.jordan@example.org",
    ExperienceYears = 6,
    SkillCategories = ["Backend", "System Design"],
    Skills = ["Java", "Kubernetes"],
    RequestedSlot = slot,
    CandidateTimeZone = london,
    PlanId = "mock-30",
    AddOns = [new AddOnSelection("written-feedback")],
};
story.Step("1. The candidate asks for a mock interview");
story.Line($"{request.CandidateName}, {request.ExperienceYears} years, {string.Join(" / ", request.SkillCategories)}; skills {string.Join(", ", request.Skills)}");
story.Line($"Slot asked for: {SlotText.Format(slot, london)} ({london.Id})");

// 2b. With a CalDAV server: the interviewer the rules alone would rank first has an appointment in their own calendar then.
//     (Connected before the first match: the matcher uses a calendar's cached read, whatever its age.)
JsonObject? calendarStory = null;
InterviewerProfile? busyInterviewer = null;
if (calDavServer is not null)
{
    var byRulesAlone = new ScoringInterviewerMatcher(directory, reservations, provider.GetRequiredService<IOptionsMonitor<InterviewBookingOptions>>(), clock);
    busyInterviewer = (await byRulesAlone.MatchAsync(request, 1)).Matches[0].Interviewer;
    var (calendarUrl, uid) = await calendars.ConnectWithEventAsync(calDavServer, busyInterviewer.Id, slot, "Dentist appointment");
    story.Step("1b. The best interviewer by the rules alone has an appointment in their own calendar");
    story.Line($"{busyInterviewer.Name} ({busyInterviewer.Id}): \"Dentist appointment\" {SlotText.Format(slot, busyInterviewer.TimeZone)} in {calendarUrl} (CalDAV, {calDavServer})");
    calendarStory = new JsonObject
    {
        ["server"] = calDavServer.Url.ToString(),
        ["calendar"] = calendarUrl.ToString(),
        ["eventUid"] = uid,
        ["busyInterviewerId"] = busyInterviewer.Id.Value,
    };
}

// 3. The match, best first, with its breakdown.
var preview = await matcher.MatchAsync(request, 3);
story.Step("2. The matcher ranks interviewers (score 0..100 = experience 0..30 + skills 0..40 + availability 0..30)");
foreach (var candidate in preview.Matches)
{
    story.Line($"{candidate.Score.Total,3}  {candidate.Interviewer.Name,-16} {candidate.Interviewer.Company,-16} experience {candidate.Score.Experience,2}, skills {candidate.Score.Skills,2}, availability {candidate.Score.Availability,2}   ({SlotText.Format(slot, candidate.Interviewer.TimeZone)} {candidate.Interviewer.TimeZone.Id})");
}

if (busyInterviewer is not null)
{
    var passedOver = preview.Matches.Count > 0 && preview.Matches.All(m => m.Interviewer.Id != busyInterviewer.Id);
    story.Line($"{busyInterviewer.Name} is {(passedOver ? "passed over: their calendar is busy then" : "STILL RANKED despite their calendar")}");
    calendarStory!["passedOver"] = passedOver;
    calendarStory["matchedInsteadId"] = preview.Matches.Count > 0 ? preview.Matches[0].Interviewer.Id.Value : null;
    checks.Add(("the interviewer whose calendar is busy is passed over", passedOver));
}

// 4. Start: hold the best interviewer's slot, create the payment session with the match, open the checkout.
var started = await booking.StartAsync(request);
checks.Add(("the first booking started", started.Succeeded));
if (!started.Succeeded)
{
    return story.Finish(json, checks, null, null, 0, null, null, null);
}

var session = started.Session!;
story.Step("3. The best interviewer's slot is held while the candidate pays");
story.Line($"Reservation {started.Reservation!.Id}: {started.Match!.Interviewer.Name} ({started.Match.Interviewer.Id}), {started.Reservation.Status} until {started.Reservation.HeldUntil}");
story.Step("4. The payment session carries the match (as the seed document's JSON)");
story.Json(Story.SessionJson(session));
story.Line($"Checkout: {started.CheckoutUrl}");

// 5. The candidate pays; the provider's webhook arrives twice.
var paid = gateway.CompleteCheckout(session.Id);
var first = await events.ProcessAsync(paid);
var duplicate = await events.ProcessAsync(paid);
var interviewsForSession = scheduler.Interviews.Count(i => i.Request.PaymentSessionId == session.Id);
story.Step("5. Payment confirmed; the webhook is delivered twice");
story.Line($"Delivery 1 ({paid.EventId}): {first.Outcome} ({first.Booking?.Outcome})");
story.Line($"Delivery 2 ({paid.EventId}): {duplicate.Outcome} ({duplicate.Booking?.Outcome})");
story.Line($"Interviews booked for this payment: {interviewsForSession}");
checks.Add(("one interview for the duplicated webhook", interviewsForSession == 1));

// 6. The booked interview is with exactly the pre-matched, reserved interviewer.
var booked = await sessions.GetAsync(session.Id);
var interview = scheduler.Interviews.Single(i => i.Request.PaymentSessionId == session.Id);
var reservation = await reservations.GetAsync(booked!.ReservationId!.Value);
story.Step("6. Auto-booked from the stored match (no re-matching)");
story.Line($"Interview {interview.Id}: {interview.Request.Interviewer.Name} <{interview.Request.Interviewer.Email}> with {interview.Request.CandidateName}");
story.Line($"When: {SlotText.Format(interview.Request.Slot, london)} for the candidate, {SlotText.Format(interview.Request.Slot, started.Match.Interviewer.TimeZone)} for the interviewer");
story.Line($"Session {booked.Status}; reservation {reservation!.Status}");
checks.Add(("booked interviewer equals the matched one", interview.InterviewerId == session.InterviewerId && booked.InterviewerId == started.Match.Interviewer.Id));
checks.Add(("session booked and reservation confirmed", booked.Status == PaymentSessionStatus.Booked && reservation.Status == ReservationStatus.Confirmed));

// 6b. Nothing was sent while the webhook was handled: the Booked notification waits in the outbox, written with the booking itself.
//     The outbox worker (a hosted service; a console or web host starts it with the host) delivers it.
var queued = (await outbox.ListBySessionAsync(session.Id)).Single(i => i.Message.Kind == OutboxKinds.Notification);
var sentInWebhook = notifier.NotificationsFor(session.Id).Count;
story.Step("6b. The Booked notification goes through the outbox worker, not the webhook");
story.Line($"After the webhook: {sentInWebhook} notification(s) sent; outbox item {queued.Message.Key} {queued.Status}");
// The host's services, as a host starts them: the outbox worker, and retention's (which waits its interval first, so removes nothing here).
var workers = provider.GetServices<IHostedService>().ToList();
foreach (var hosted in workers)
{
    await hosted.StartAsync(CancellationToken.None);
}

var delivered = queued;
for (var wait = 0; wait < 200 && delivered.Status != OutboxItemStatus.Completed; wait++)
{
    await Task.Delay(25);
    delivered = (await outbox.GetAsync(queued.Message.Key))!;
}

foreach (var hosted in workers)
{
    await hosted.StopAsync(CancellationToken.None);
}

var bookedNotice = notifier.NotificationsFor(session.Id).Single(n => n.Kind == BookingNotificationKind.Booked);
story.Line($"Outbox worker: item {delivered.Status} after {delivered.Attempts} attempt(s); notification {bookedNotice.Kind} sent with message id {bookedNotice.MessageId}");
checks.Add(("nothing notified inside the webhook", sentInWebhook == 0 && queued.Status == OutboxItemStatus.Pending));
checks.Add(("Booked notification delivered once through the outbox worker",
    delivered.Status == OutboxItemStatus.Completed && notifier.NotificationsFor(session.Id).Count == 1 && bookedNotice.MessageId == queued.Message.Key));
var notification = new JsonObject
{
    ["kind"] = bookedNotice.Kind.ToString(),
    ["messageId"] = bookedNotice.MessageId,
    ["deliveredBy"] = "outbox worker",
    ["sentInsideWebhook"] = sentInWebhook,
    ["outboxStatus"] = delivered.Status.ToString(),
    ["attempts"] = delivered.Attempts,
};

// 6c. Both parties are told, with a calendar invite: here it is saved as the booking's .ics file.
var invite = invites.Write(bookedNotice)!;
var icsFile = Path.Combine(Path.GetTempPath(), $"interviewbooking-{interview.Id}.ics");
await File.WriteAllTextAsync(icsFile, invite.Content);
story.Line($"Calendar invite ({invite.Method}, UID {invite.Uid}, SEQUENCE {invite.Sequence}) for both parties: {icsFile}");
checks.Add(("calendar invite written for the booked interview",
    File.Exists(icsFile) && invite.Method == CalendarInvite.Request && invite.Uid == invites.UidFor(interview.Id)
    && invite.Content.Contains($"mailto:{interview.Request.Interviewer.Email}", StringComparison.Ordinal)
    && invite.Content.Contains($"mailto:{interview.Request.CandidateEmail}", StringComparison.Ordinal)));

// 7. A second candidate asks for the same slot: the first interviewer is taken, so the next best is held.
var second = await booking.StartAsync(request with { CandidateId = new CandidateId("candidate-robin"), CandidateName = "Robin Park", CandidateEmail = "robin.park@example.org" });
story.Step("7. A second candidate asks for the same slot");
if (second.Succeeded)
{
    story.Line($"Held {second.Match!.Interviewer.Name} ({second.Match.Interviewer.Id}), score {second.Match.Score.Total}: the next best, since {started.Match.Interviewer.Name} is booked");
}

checks.Add(("second candidate got another interviewer", second.Succeeded && second.Session!.InterviewerId != session.InterviewerId));

// 8. A paid session written without a pre-matched interviewer (as the old system could) gets the clear, typed error.
var orphan = await sessions.CreateAsync(session with
{
    Id = PaymentSessionId.New(),
    MatchedInterviewer = null,
    InterviewerId = null,
    ProviderReference = null,
    CheckoutUrl = null,
    InterviewId = null,
    Status = PaymentSessionStatus.Paid,
});
string? missingPreMatchError = null;
story.Step("8. A paid session with no pre-matched interviewer");
try
{
    await autoBooking.BookAsync(orphan.Id);
}
catch (PreMatchedInterviewerException error)
{
    missingPreMatchError = error.GetType().Name;
    story.Line($"{error.GetType().Name}: {error.Message}");
    var flagged = await sessions.GetAsync(orphan.Id);
    story.Line($"Session {flagged!.Status}; nothing scheduled (interviews in total: {scheduler.Interviews.Count})");
}

checks.Add(("missing pre-match refused with a typed error", missingPreMatchError is not null && scheduler.Interviews.Count == 1));

// 9. The booking also wrote its reminders (24 hours and 1 hour before the start, to both parties) to the outbox, due at those times.
//    Time moves on to an hour before the interview; the outbox worker delivers both, each once, with its own message id.
var followUps = (await outbox.ListBySessionAsync(session.Id)).Where(i => i.Message.Kind == OutboxKinds.Reminder).ToArray();
story.Step("9. An hour before the interview, the reminders go out through the outbox worker");
story.Line($"Written with the booking: {string.Join(", ", followUps.Select(i => $"{i.Message.Key} due {i.Message.DueAt}"))}");
sampleClock.Advance(slot.Start - Duration.FromHours(1) - clock.GetCurrentInstant() + Duration.FromSeconds(1));
foreach (var hosted in workers)
{
    await hosted.StartAsync(CancellationToken.None);
}

for (var wait = 0; wait < 200 && notifier.NotificationsFor(session.Id).Count(n => n.Kind == BookingNotificationKind.Reminder) < followUps.Length; wait++)
{
    await Task.Delay(25);
}

foreach (var hosted in workers)
{
    await hosted.StopAsync(CancellationToken.None);
}

var reminders = new JsonArray();
foreach (var item in followUps)
{
    var now = (await outbox.GetAsync(item.Message.Key))!;
    var sent = notifier.NotificationsFor(session.Id).Where(n => n.Kind == BookingNotificationKind.Reminder && n.MessageId == item.Message.Key).ToArray();
    story.Line($"Reminder {item.Message.Key}: {now.Status} after {now.Attempts} attempt(s), sent {sent.Length} time(s) for {SlotText.Format(sent.FirstOrDefault()?.Session.Slot ?? slot, london)}");
    reminders.Add(new JsonObject
    {
        ["kind"] = nameof(BookingNotificationKind.Reminder),
        ["messageId"] = item.Message.Key,
        ["dueAt"] = item.Message.DueAt.ToString(),
        ["deliveredBy"] = "outbox worker",
        ["outboxStatus"] = now.Status.ToString(),
        ["attempts"] = now.Attempts,
        ["timesSent"] = sent.Length,
    });
}

checks.Add(("both reminders delivered once each through the outbox worker", followUps.Length == 2
    && reminders.All(r => r!["outboxStatus"]!.GetValue<string>() == nameof(OutboxItemStatus.Completed) && r["timesSent"]!.GetValue<int>() == 1)));

// 10. After the interview: the interviewer reports it completed (from its start on). The completion writes, in the same step, the
//     interview-completed message (what a payout follows) and, as the written-feedback add-on promises it, a feedback reminder to the
//     interviewer; the interviewer gives the feedback, the candidate rates the interviewer, and the reminder, when due, is skipped.
var lifecycle = provider.GetRequiredService<InterviewLifecycleService>();
var interviewStore = provider.GetRequiredService<IInterviewStore>();
story.Step("10. After the interview: completed, feedback given, the interviewer rated");
sampleClock.Advance(slot.End - clock.GetCurrentInstant());
var completed = await lifecycle.CompleteAsync(session.Id, InterviewParty.Interviewer);
var afterItems = await outbox.ListBySessionAsync(session.Id);
var completedMessage = afterItems.Single(i => i.Message.Kind == OutboxKinds.InterviewCompleted).Message;
var feedbackReminder = afterItems.Single(i => i.Message.Kind == OutboxKinds.FeedbackReminder).Message;
story.Line($"Interview {completed.Interview!.Id}: {completed.Outcome}, now {completed.Interview.Status}");
story.Line($"Written with it: {completedMessage.Key} {completedMessage.Data[OutboxDataKeys.Payload]}");
story.Line($"And the feedback reminder {feedbackReminder.Key}, due {feedbackReminder.DueAt}");
var feedback = await lifecycle.SubmitFeedbackAsync(session.Id, "Clear structure and good trade-offs; estimate the load before choosing a store.");
var rating = await lifecycle.RateAsync(session.Id, 5, "Precise, kind and useful.");
var ended = (await interviewStore.GetAsync(completed.Interview.Id))!;
story.Line($"Feedback: {feedback.Outcome} ({ended.Feedback!.Text.Length} characters, read by the candidate from the interview)");
story.Line($"Rating: {rating.Outcome}, {ended.Rating!.Stars} of 5");
sampleClock.Advance(feedbackReminder.DueAt - clock.GetCurrentInstant() + Duration.FromSeconds(1));
foreach (var hosted in workers)
{
    await hosted.StartAsync(CancellationToken.None);
}

for (var wait = 0; wait < 200 && (await outbox.GetAsync(feedbackReminder.Key))!.Status != OutboxItemStatus.Completed; wait++)
{
    await Task.Delay(25);
}

foreach (var hosted in workers)
{
    await hosted.StopAsync(CancellationToken.None);
}

var reminderAfter = (await outbox.GetAsync(feedbackReminder.Key))!;
var feedbackRemindersSent = notifier.NotificationsFor(session.Id).Count(n => n.MessageId == feedbackReminder.Key);
story.Line($"Feedback reminder when due: {reminderAfter.Status}, sent {feedbackRemindersSent} time(s) (the feedback was given)");
var trail = await interviewStore.GetHistoryAsync(ended.Id);
story.Line($"Interview trail: {string.Join(" -> ", trail.Select(c => $"{c.To}{(c.By is { } by ? $" ({by})" : "")}"))}");
checks.Add(("completed with its message, feedback and rating stored, no reminder once given",
    completed.Outcome == InterviewLifecycleOutcome.Completed && ended.Feedback is not null && ended.Rating?.Stars == 5
    && reminderAfter.Status == OutboxItemStatus.Completed && feedbackRemindersSent == 0));
var afterInterview = new JsonObject
{
    ["interviewStatus"] = ended.Status.ToString(),
    ["completedMessage"] = new JsonObject { ["key"] = completedMessage.Key, ["kind"] = completedMessage.Kind, ["payload"] = JsonNode.Parse(completedMessage.Data[OutboxDataKeys.Payload]) },
    ["feedbackGiven"] = ended.Feedback is not null,
    ["rating"] = ended.Rating?.Stars,
    ["feedbackReminder"] = new JsonObject { ["key"] = feedbackReminder.Key, ["outboxStatus"] = reminderAfter.Status.ToString(), ["timesSent"] = feedbackRemindersSent },
};

// 11. The completion's message records the interviewer's payout (due after the hold-back, for disputes); the worker pays it then.
story.Step("11. The interviewer paid once the hold-back has passed");
var payouts = provider.GetRequiredService<IPayoutStore>();
var transfers = provider.GetRequiredService<SimulatedPayoutGateway>();
var dispatcher = provider.GetRequiredService<OutboxDispatcher>();
var payoutOptions = provider.GetRequiredService<IOptions<PayoutOptions>>().Value;
var completedSession = (await sessions.GetAsync(session.Id))!;
while (await dispatcher.RunOnceAsync() > 0)
{
}

var owed = (await payouts.GetAsync(completedSession.InterviewId!.Value))!;
story.Line($"Payout of {owed.Amount} to {owed.InterviewerId}: {owed.Status}, due {owed.DueAt} ({payoutOptions.HoldBack} after the interview ended)");
sampleClock.Advance(owed.DueAt - clock.GetCurrentInstant() + Duration.FromMinutes(1));
while (await dispatcher.RunOnceAsync() > 0)
{
}

var paidOut = (await payouts.GetAsync(completedSession.InterviewId!.Value))!;
var paidHistory = await payouts.GetHistoryAsync(paidOut.InterviewId);
story.Line($"After the hold-back: {paidOut.Status} by transfer {paidOut.ProviderTransferId}; trail {string.Join(" -> ", paidHistory.Select(h => h.To))}");
var payout = new JsonObject
{
    ["interviewId"] = paidOut.InterviewId.Value,
    ["interviewerId"] = paidOut.InterviewerId.Value,
    ["status"] = paidOut.Status.ToString(),
    ["amountMinorUnits"] = paidOut.Amount.MinorUnits,
    ["currency"] = paidOut.Amount.Currency,
    ["completedAt"] = paidOut.CompletedAt.ToString(),
    ["dueAt"] = paidOut.DueAt.ToString(),
    ["transferId"] = paidOut.ProviderTransferId,
    ["transfers"] = transfers.Transfers.Count,
    ["history"] = new JsonArray([.. paidHistory.Select(h => (JsonNode)h.To.ToString())]),
};
checks.Add(("the interviewer paid once, after the hold-back", owed.Status == PayoutStatus.Pending && paidOut.Status == PayoutStatus.Paid
    && transfers.Transfers.Count == 1 && transfers.Transfers[0].Transfer.CreatedAt >= paidOut.DueAt));

if (busyInterviewer is not null)
{
    checks.Add(("the booked interviewer is not the one whose calendar is busy", interview.InterviewerId != busyInterviewer.Id));
}

return story.Finish(json, checks, session.InterviewerId, interview.InterviewerId, interviewsForSession, missingPreMatchError, icsFile, notification, reminders, afterInterview, payout, calendarStory);
