using InterviewBooking.InMemory;
using InterviewBooking.Tests.Support;

namespace InterviewBooking.Tests.Preview;

/// <summary>
/// Preview, then book exactly that: the token books the previewed interviewer or gives a typed outcome; it cannot be forged,
/// reused by another candidate, moved to another slot, or used after it expires.
/// </summary>
public sealed class BookingPreviewTests
{
    private static readonly string Key = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private static readonly InterviewerId Ada = new("interviewer-ada");

    private static FlowFixture Flow(Action<InterviewBookingOptions>? configure = null) =>
        new(configureOptions: options =>
        {
            options.PreviewTokenKey = Key;
            configure?.Invoke(options);
        });

    private static BookingPreviewService Previews(FlowFixture flow) => flow.Get<BookingPreviewService>();

    private static int Holds(FlowFixture flow) => ((InMemoryReservationStore)flow.Reservations).Count;

    [Fact]
    public async Task A_preview_names_the_best_interviewer_and_the_token_books_exactly_them()
    {
        await using var flow = Flow();
        var request = FlowFixture.Request();

        var preview = await Previews(flow).PreviewAsync(request);

        Assert.True(preview.Succeeded);
        Assert.Equal(Ada, preview.Match!.Interviewer.Id);
        Assert.Equal(FlowFixture.Start + Duration.FromMinutes(15), preview.ExpiresAt);
        Assert.Equal(4900, preview.Price.Total.MinorUnits);
        Assert.Equal(SlotText.Format(request.RequestedSlot, request.CandidateTimeZone), preview.SlotText);
        Assert.Equal(0, Holds(flow)); // a preview holds nothing

        var started = await Previews(flow).StartAsync(request, preview.Token!);

        Assert.True(started.Succeeded);
        Assert.Equal(Ada, started.Session!.InterviewerId);
        Assert.Equal(Ada, started.Reservation!.InterviewerId);
        Assert.Equal(preview.Match.Score, started.Match!.Score);
    }

    [Fact]
    public async Task The_token_books_the_previewed_interviewer_even_when_someone_now_ranks_higher()
    {
        await using var flow = Flow();
        var request = FlowFixture.Request();
        var preview = await Previews(flow).PreviewAsync(request);
        var twin = flow.Directory.Index.Get(Ada)! with { Id = new InterviewerId("interviewer-aaa"), Email = "aaa@example.com" };
        flow.Directory.AddOrUpdate(twin); // same score, same load, earlier id: a plain match now ranks the twin first

        var plain = await flow.Get<IInterviewerMatcher>().MatchAsync(request, 1);
        var started = await Previews(flow).StartAsync(request, preview.Token!);

        Assert.Equal(twin.Id, plain.Matches[0].Interviewer.Id);
        Assert.Equal(Ada, started.Session!.InterviewerId);
    }

    public static TheoryData<string> ForgedTokens()
    {
        var data = new TheoryData<string> { string.Empty, "garbage", "v1.", "v1.AAAA", "v1.AAAA.AAAA", "v1.!!.??" };
        return data;
    }

    [Theory]
    [MemberData(nameof(ForgedTokens))]
    public async Task Made_up_tokens_are_refused_and_nothing_is_held(string token)
    {
        await using var flow = Flow();

        var started = await Previews(flow).StartAsync(FlowFixture.Request(), token);

        Assert.Equal(BookingStartOutcome.PreviewRefused, started.Outcome);
        Assert.Equal(0, Holds(flow));
    }

    [Fact]
    public async Task A_token_with_an_edited_payload_or_signed_with_another_key_is_refused()
    {
        await using var flow = Flow();
        var request = FlowFixture.Request();
        var token = (await Previews(flow).PreviewAsync(request)).Token!;
        var parts = token.Split('.');
        var payload = System.Buffers.Text.Base64Url.DecodeFromChars(parts[1]);
        payload[^1] ^= 1; // a later expiry
        var edited = $"v1.{System.Buffers.Text.Base64Url.EncodeToString(payload)}.{parts[2]}";

        await using var other = Flow(o => o.PreviewTokenKey = Convert.ToBase64String(new byte[32]));
        var foreign = (await Previews(other).PreviewAsync(request)).Token!;

        Assert.Equal(BookingStartOutcome.PreviewRefused, (await Previews(flow).StartAsync(request, edited)).Outcome);
        Assert.Equal(BookingStartOutcome.PreviewRefused, (await Previews(flow).StartAsync(request, foreign)).Outcome);
        Assert.Equal(0, Holds(flow));
    }

    [Fact]
    public async Task An_expired_token_is_refused()
    {
        await using var flow = Flow();
        var request = FlowFixture.Request();
        var preview = await Previews(flow).PreviewAsync(request);

        flow.Clock.Advance(Duration.FromMinutes(15));
        var started = await Previews(flow).StartAsync(request, preview.Token!);

        Assert.Equal(BookingStartOutcome.PreviewRefused, started.Outcome);
        Assert.Contains("expired", started.Reason, StringComparison.Ordinal);
        Assert.Equal(0, Holds(flow));
    }

    [Fact]
    public async Task Another_candidates_token_or_another_slot_or_plan_is_refused()
    {
        await using var flow = Flow();
        var request = FlowFixture.Request();
        var token = (await Previews(flow).PreviewAsync(request)).Token!;
        var later = new Interval(request.RequestedSlot.Start + Duration.FromHours(1), request.RequestedSlot.End + Duration.FromHours(1));
        var hour = new Interval(request.RequestedSlot.Start, request.RequestedSlot.Start + Duration.FromHours(1));

        var otherCandidate = await Previews(flow).StartAsync(FlowFixture.Request("candidate-2"), token);
        var otherSlot = await Previews(flow).StartAsync(request with { RequestedSlot = later }, token);
        var otherPlan = await Previews(flow).StartAsync(request with { RequestedSlot = hour, PlanId = "mock-60" }, token);

        Assert.Equal(BookingStartOutcome.PreviewRefused, otherCandidate.Outcome);
        Assert.Contains("another candidate", otherCandidate.Reason, StringComparison.Ordinal);
        Assert.Equal(BookingStartOutcome.PreviewRefused, otherSlot.Outcome);
        Assert.Equal(BookingStartOutcome.PreviewRefused, otherPlan.Outcome);
        Assert.Equal(0, Holds(flow));
    }

    [Fact]
    public async Task A_taken_slot_is_a_typed_outcome_and_nobody_else_is_held()
    {
        await using var flow = Flow();
        var request = FlowFixture.Request();
        var preview = await Previews(flow).PreviewAsync(request);
        var taken = await flow.Reservations.TryHoldAsync(new HoldRequest(Ada, request.RequestedSlot, "ps_someone", FlowFixture.Start + Duration.FromMinutes(30)));
        Assert.True(taken.Succeeded);

        var started = await Previews(flow).StartAsync(request, preview.Token!);

        Assert.Equal(BookingStartOutcome.PreviewUnavailable, started.Outcome);
        Assert.Null(started.Session);
        Assert.Equal(1, Holds(flow)); // only the other hold: Grace, free and qualified, was not tried
    }

    [Fact]
    public async Task A_deactivated_interviewer_is_a_typed_outcome()
    {
        await using var flow = Flow();
        var request = FlowFixture.Request();
        var preview = await Previews(flow).PreviewAsync(request);
        flow.Directory.AddOrUpdate(flow.Directory.Index.Get(Ada)! with { IsActive = false });

        var started = await Previews(flow).StartAsync(request, preview.Token!);

        Assert.Equal(BookingStartOutcome.PreviewUnavailable, started.Outcome);
        Assert.Equal(0, Holds(flow));
    }

    [Fact]
    public async Task A_retry_with_the_same_key_replays_the_session_even_after_the_token_expired()
    {
        await using var flow = Flow();
        var request = FlowFixture.Request() with { IdempotencyKey = "preview-click" };
        var token = (await Previews(flow).PreviewAsync(request)).Token!;
        var first = await Previews(flow).StartAsync(request, token);

        var again = await Previews(flow).StartAsync(request, token);
        flow.Clock.Advance(Duration.FromMinutes(20));
        var late = await Previews(flow).StartAsync(request, token);

        Assert.True(first.Succeeded);
        Assert.True(again.Replayed);
        Assert.True(late.Replayed);
        Assert.Equal(first.Session!.Id, again.Session!.Id);
        Assert.Equal(first.Session.Id, late.Session!.Id);
        Assert.Equal(1, Holds(flow));
    }

    [Fact]
    public async Task A_key_already_used_with_another_interviewer_is_a_conflict_not_a_replay()
    {
        await using var flow = Flow();
        var request = FlowFixture.Request() with { IdempotencyKey = "shared-key" };
        var preview = await Previews(flow).PreviewAsync(request);
        flow.Directory.AddOrUpdate(flow.Directory.Index.Get(Ada)! with { IsActive = false });
        var plain = await flow.Booking.StartAsync(request); // Ada is gone: someone else is held under the key
        Assert.NotEqual(Ada, plain.Session!.InterviewerId);
        flow.Directory.AddOrUpdate(flow.Directory.Index.Get(Ada)! with { IsActive = true });

        var error = await Assert.ThrowsAsync<IdempotencyKeyConflictException>(() => Previews(flow).StartAsync(request, preview.Token!));

        Assert.Equal(plain.Session.Id, error.SessionId);
        Assert.Equal(1, Holds(flow));
    }

    [Fact]
    public async Task Nobody_free_gives_no_token_and_the_alternatives()
    {
        await using var flow = Flow();
        var saturday = new Interval(Instant.FromUtc(2026, 6, 6, 14, 0), Instant.FromUtc(2026, 6, 6, 14, 30));

        var preview = await Previews(flow).PreviewAsync(FlowFixture.Request(slot: saturday));

        Assert.False(preview.Succeeded);
        Assert.Null(preview.Match);
        Assert.Null(preview.ExpiresAt);
        Assert.NotEmpty(preview.Alternatives);
    }

    [Fact]
    public async Task Without_a_key_previews_are_refused_naming_the_option()
    {
        await using var flow = new FlowFixture();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Previews(flow).PreviewAsync(FlowFixture.Request()).AsTask());

        Assert.Contains("PreviewTokenKey", error.Message, StringComparison.Ordinal);
    }
}
