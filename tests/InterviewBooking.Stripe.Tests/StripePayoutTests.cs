using System.Text.Json.Nodes;
using InterviewBooking.InMemory;
using InterviewBooking.Stripe.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewBooking.Stripe.Tests;

/// <summary>
/// Payouts through Stripe Connect against the fake Stripe API with the real Stripe.net client: a transfer from the session's charge per
/// completed interview, once; disputes delivered as webhook events signed like Stripe signs them, holding, releasing and reversing payouts.
/// </summary>
public sealed class StripePayoutTests : IDisposable
{
    private static readonly Duration HoldBack = Duration.FromHours(72);

    private readonly StripeFixture _fixture = new(configureServices: services => new Builder(services)
        .AddPayouts(o =>
        {
            o.HoldBack = HoldBack;
            o.Plans.Add(new PayoutRate { Id = "mock-30", AmountMinorUnits = 3_000 });
        })
        .AddStripePayouts(o =>
        {
            o.ConnectedAccounts["interviewer-ada"] = "acct_ada";
            o.ConnectedAccounts["interviewer-grace"] = "acct_grace";
        }));

    public void Dispose() => _fixture.Dispose();

    private Instant Now => _fixture.Clock.GetCurrentInstant();

    private IPayoutStore Payouts => _fixture.Get<IPayoutStore>();

    [Fact]
    public async Task A_completed_interview_is_paid_by_one_Connect_transfer_from_its_charge_after_the_hold_back()
    {
        var session = await CompletedAsync();
        var interviewId = session.InterviewId!.Value;
        Assert.Equal(PayoutStatus.Pending, (await Payouts.GetAsync(interviewId))!.Status);

        await Assert.ThrowsAsync<OutboxDeliveryException>(() => DeliverAsync(interviewId.Value + ":payout"));
        Assert.Empty(_fixture.Api.Transfers);

        _fixture.Clock.Advance(HoldBack);
        // Stripe makes the transfer but the answer is lost: the worker's retry, under the same idempotency key, gets the same transfer.
        _fixture.Api.LoseAnswerWhen = request => request.Path == "/v1/transfers" && _fixture.Api.Transfers.Count == 1;
        await Assert.ThrowsAsync<StripePaymentException>(() => DeliverAsync(interviewId.Value + ":payout"));
        _fixture.Api.LoseAnswerWhen = null;
        await DeliverAsync(interviewId.Value + ":payout");
        await DeliverAsync(interviewId.Value + ":payout"); // delivered again: nothing more

        var transfer = Assert.Single(_fixture.Api.Transfers);
        var paid = await Payouts.GetAsync(interviewId);
        Assert.Equal((PayoutStatus.Paid, transfer.Id), (paid!.Status, paid.ProviderTransferId));
        Assert.Equal("acct_" + session.InterviewerId!.Value.Value["interviewer-".Length..], transfer.Destination);
        Assert.Equal(FakeStripeApi.ChargeOf(session.ProviderPaymentReference!), transfer.SourceTransaction);
        Assert.Equal((3_000L, "usd"), (transfer.Amount, transfer.Currency));
        Assert.Equal(interviewId.Value, transfer.Metadata[StripeMetadataKeys.InterviewId]);
        Assert.Equal(session.Id.Value, transfer.Metadata[StripeMetadataKeys.PaymentSessionId]);
        var keys = _fixture.Api.RequestsTo("POST", "/v1/transfers").Select(r => r.Header("Idempotency-Key") ?? "(none)").Distinct().ToArray();
        Assert.Equal([interviewId.Value + ":transfer"], keys);
    }

    [Fact]
    public async Task Signed_dispute_events_hold_the_payout_then_release_it_when_won()
    {
        var session = await CompletedAsync();
        var interviewId = session.InterviewId!.Value;
        var pi = session.ProviderPaymentReference!;
        var created = await _fixture.DeliverAsync(StripeDisputeEvents.Created, _fixture.Api.DisputeJson(pi, "dp_won", "needs_response"), "evt_dispute_created");
        var again = await _fixture.DeliverAsync(StripeDisputeEvents.Created, _fixture.Api.DisputeJson(pi, "dp_won", "needs_response"), "evt_dispute_created");

        Assert.Equal((StripeWebhookStatus.Processed, session.Id), (created.Status, created.SessionId));
        Assert.Equal(StripeWebhookStatus.Duplicate, again.Status);
        Assert.Equal(PayoutStatus.Held, (await Payouts.GetAsync(interviewId))!.Status);
        Assert.Equal([DisputeStatus.Open], (await Payouts.ListDisputesAsync(session.Id)).Select(d => d.Status));
        Assert.Equal(PaymentEventOutcome.DisputeRecorded, (await _fixture.Get<IPaymentEventInbox>().FindAsync("evt_dispute_created"))!.Outcome);

        _fixture.Clock.Advance(HoldBack + Duration.FromDays(30));
        await DeliverAsync(interviewId.Value + ":payout");
        Assert.Empty(_fixture.Api.Transfers);

        var closed = await _fixture.DeliverAsync(StripeDisputeEvents.Closed, _fixture.Api.DisputeJson(pi, "dp_won", "won"));
        Assert.Equal(StripeWebhookStatus.Processed, closed.Status);
        await DeliverAsync($"{interviewId.Value}:payout:released:dp_won");

        Assert.Equal(PayoutStatus.Paid, (await Payouts.GetAsync(interviewId))!.Status);
        Assert.Single(_fixture.Api.Transfers);
    }

    [Fact]
    public async Task A_dispute_lost_after_the_payout_was_paid_reverses_its_transfer_and_one_lost_before_cancels_it()
    {
        var paidFirst = await CompletedAsync();
        var heldFirst = await CompletedAsync();
        _fixture.Clock.Advance(HoldBack);
        await DeliverAsync(paidFirst.InterviewId!.Value.Value + ":payout");
        await _fixture.DeliverAsync(StripeDisputeEvents.Created, _fixture.Api.DisputeJson(heldFirst.ProviderPaymentReference!, "dp_before", "needs_response"));
        await _fixture.DeliverAsync(StripeDisputeEvents.Created, _fixture.Api.DisputeJson(paidFirst.ProviderPaymentReference!, "dp_after", "needs_response"));
        Assert.Equal(PayoutStatus.Paid, (await Payouts.GetAsync(paidFirst.InterviewId!.Value))!.Status);

        await _fixture.DeliverAsync(StripeDisputeEvents.Closed, _fixture.Api.DisputeJson(paidFirst.ProviderPaymentReference!, "dp_after", "lost"));
        await _fixture.DeliverAsync(StripeDisputeEvents.Closed, _fixture.Api.DisputeJson(heldFirst.ProviderPaymentReference!, "dp_before", "lost"));
        await DeliverAsync(paidFirst.InterviewId!.Value.Value + ":payout-reversal");
        await DeliverAsync(paidFirst.InterviewId!.Value.Value + ":payout-reversal");
        await DeliverAsync(heldFirst.InterviewId!.Value.Value + ":payout");

        var reversal = Assert.Single(_fixture.Api.TransferReversals);
        var transfer = Assert.Single(_fixture.Api.Transfers);
        Assert.Equal((transfer.Id, transfer.Amount), (reversal.TransferId, reversal.Amount));
        var reversed = await Payouts.GetAsync(paidFirst.InterviewId!.Value);
        Assert.Equal((PayoutStatus.Reversed, reversal.Id), (reversed!.Status, reversed.ProviderReversalId));
        Assert.Equal(PayoutStatus.Canceled, (await Payouts.GetAsync(heldFirst.InterviewId!.Value))!.Status);
    }

    [Fact]
    public async Task A_dispute_of_a_charge_InterviewBooking_did_not_make_is_ignored_and_a_forged_one_rejected()
    {
        var session = await CompletedAsync();
        var foreign = _fixture.Api.DisputeJson(session.ProviderPaymentReference!, "dp_foreign", "needs_response");
        foreign["payment_intent"] = null;
        var body = StripeEvents.Body(StripeDisputeEvents.Created, _fixture.Api.DisputeJson(session.ProviderPaymentReference!, "dp_forged", "needs_response"), created: Now);

        var ignored = await _fixture.DeliverAsync(StripeDisputeEvents.Created, foreign);
        var forged = await _fixture.Webhooks.HandleAsync(body, StripeEvents.Sign(body, Now, "whsec_someone_else"));

        Assert.Equal(StripeWebhookStatus.Ignored, ignored.Status);
        Assert.Equal((StripeWebhookStatus.Rejected, StripeWebhookRejection.SignatureMismatch), (forged.Status, forged.Rejection));
        Assert.Empty(await Payouts.ListDisputesAsync(session.Id));
        Assert.Equal(PayoutStatus.Pending, (await Payouts.GetAsync(session.InterviewId!.Value))!.Status);
    }

    [Fact]
    public async Task An_interviewer_without_a_connected_account_is_dead_lettered_not_paid()
    {
        // The matcher ranks Ada and Grace first; booking their slots makes it pick Alan within a few bookings.
        PaymentSession? session = null;
        for (var attempt = 0; attempt < 12 && session?.InterviewerId!.Value.Value != "interviewer-alan"; attempt++)
        {
            session = await CompletedAsync();
        }

        Assert.Equal("interviewer-alan", session!.InterviewerId!.Value.Value);

        _fixture.Clock.Advance(HoldBack);
        var error = await Assert.ThrowsAsync<OutboxDeliveryException>(() => DeliverAsync(session.InterviewId!.Value.Value + ":payout"));

        Assert.True(error.IsPermanent);
        Assert.Contains("interviewer-alan", error.Message, StringComparison.Ordinal);
        Assert.Empty(_fixture.Api.Transfers);
    }

    /// <summary>Books a session through a signed, paid checkout, then completes its interview as the lifecycle does (an outbox message) and records the payout.</summary>
    private async Task<PaymentSession> CompletedAsync()
    {
        var started = await _fixture.StartAsync();
        await _fixture.DeliverAsync(StripeCheckoutEvents.Completed, _fixture.Pay(started));
        var session = await _fixture.ReadAsync(started);
        Assert.Equal(PaymentSessionStatus.Booked, session.Status);
        var payload = new JsonObject
        {
            ["interviewId"] = session.InterviewId!.Value.Value,
            ["paymentSessionId"] = session.Id.Value,
            ["interviewerId"] = session.InterviewerId!.Value.Value,
            ["planId"] = session.PlanId,
            ["addOnIds"] = new JsonArray(),
            ["completedAt"] = NodaTime.Text.InstantPattern.ExtendedIso.Format(Now),
        };
        var key = session.InterviewId!.Value.Value + ":" + OutboxKinds.InterviewCompleted;
        await _fixture.Get<IOutboxStore>().EnqueueAsync(new OutboxMessage(key, OutboxKinds.InterviewCompleted, Now)
        {
            SessionId = session.Id,
            Data = new Dictionary<string, string>(StringComparer.Ordinal) { [OutboxDataKeys.Payload] = payload.ToJsonString() },
        });
        await DeliverAsync(key);
        return session;
    }

    /// <summary>Delivers a stored outbox item through its registered handler, as the worker would.</summary>
    private async Task DeliverAsync(string key)
    {
        var item = await _fixture.Get<IOutboxStore>().GetAsync(key) ?? throw new InvalidOperationException($"No outbox item '{key}'.");
        await _fixture.Handler(item.Message.Kind).HandleAsync(item);
    }

    private sealed class Builder(IServiceCollection services) : IInterviewBookingBuilder
    {
        public IServiceCollection Services { get; } = services;
    }
}

public sealed class StripePayoutRegistrationTests
{
    [Fact]
    public void AddStripePayouts_replaces_the_simulated_gateway_in_either_order_and_checks_the_account_ids()
    {
        var services = new ServiceCollection();
        services.AddInterviewBooking(o => o.Plans.Add(new InterviewPlan { Id = "mock-30", Name = "Mock", Duration = Duration.FromMinutes(30), PriceMinorUnits = 4900 }))
            .AddStripePayouts(o => o.ConnectedAccounts["interviewer-ada"] = "ada-at-the-bank")
            .AddInMemoryStores()
            .AddSimulatedPayments()
            .AddStripePayments(o =>
            {
                o.SecretKey = FakeStripeApi.ApiKey;
                o.WebhookSecret = StripeEvents.Secret;
                o.SuccessUrl = StripeFixture.SuccessUrl;
                o.CancelUrl = StripeFixture.CancelUrl;
            })
            .AddPayouts(o => o.Plans.Add(new PayoutRate { Id = "mock-30", AmountMinorUnits = 3000 }));
        using var provider = services.BuildServiceProvider();

        Assert.IsType<StripePayoutGateway>(provider.GetRequiredService<IPayoutGateway>());
        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(
            () => provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<StripePayoutOptions>>().Value);
        Assert.Contains("ConnectedAccounts[\"interviewer-ada\"] must be a Stripe account id (acct_...); got \"ada-at-the-bank\".", error.Failures);
    }
}
