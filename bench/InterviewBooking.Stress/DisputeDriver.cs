using System.Globalization;
using InterviewBooking.Stripe;
using InterviewBooking.Stripe.Fakes;

namespace InterviewBooking.Stress;

/// <summary>
/// After the interviews have ended (the lifecycle's completions and no-shows, <see cref="AfterInterviews"/>): disputes a share of the
/// completed ones through signed Stripe webhook events (before the hold-back ends, won or lost; or after the payout, lost), and lets the
/// workers pay out. Everything then is judged by the verdict from the stores' and the fake Stripe's final state.
/// </summary>
internal sealed class DisputeDriver(
    StressClock clock, FakeStripeApi stripe, HostPool instances, Simulation simulation, Ledger ledger, int seed)
{
    public const double DisputedBeforePayoutShare = 0.15;
    public const double DisputedAfterPayoutShare = 0.07;
    private const int MaxAttempts = 25;

    private readonly Random _random = new(seed ^ 0x0C0FFEE);

    // The session whose checkout took the money: a free rebooking has none of its own, its original's charge paid for it.
    private readonly Dictionary<PaymentSessionId, PaymentSessionId> _charged = [];

    public async Task RunAsync(StoreSet stores)
    {
        var held = new List<PaymentSession>();
        var late = new List<PaymentSession>();
        foreach (var id in ledger.Sessions.OrderBy(i => i.Value, StringComparer.Ordinal))
        {
            if (await stores.Sessions.GetAsync(id) is not { InterviewId: { } interviewId } session
                || await stores.Interviews.GetAsync(interviewId) is not { Status: InterviewStatus.Completed })
            {
                continue;
            }

            var charged = session;
            while (charged.RebookedFrom is { } from && await stores.Sessions.GetAsync(from) is { } original)
            {
                charged = original;
            }

            _charged[session.Id] = charged.Id;
            var dispute = _random.NextDouble();
            if (dispute < DisputedBeforePayoutShare)
            {
                held.Add(session);
            }
            else if (dispute < DisputedBeforePayoutShare + DisputedAfterPayoutShare)
            {
                late.Add(session);
            }
        }

        await simulation.DrainOutboxAsync();
        foreach (var session in held)
        {
            await DisputeAsync(session, StripeDisputeEvents.Created, "needs_response");
        }

        clock.Advance(Marketplace.PayoutHoldBack + Duration.FromHours(1));
        await simulation.DrainOutboxAsync();

        // The held ones close, half won and half lost; the late ones are disputed after the payout and lost.
        for (var i = 0; i < held.Count; i++)
        {
            await DisputeAsync(held[i], StripeDisputeEvents.Closed, i % 2 == 0 ? "won" : "lost");
        }

        foreach (var session in late)
        {
            await DisputeAsync(session, StripeDisputeEvents.Created, "needs_response");
            await DisputeAsync(session, StripeDisputeEvents.Closed, "lost");
        }

        await simulation.DrainOutboxAsync();
        if (Environment.GetEnvironmentVariable("STRESS_TRACE") is not null)
        {
            foreach (var (name, group) in new[] { ("held", held), ("late", late) })
            {
                var statuses = new List<string>();
                foreach (var session in group)
                {
                    statuses.Add((await stores.Payouts.GetAsync(session.InterviewId!.Value))?.Status.ToString() ?? "none");
                }

                Console.Error.WriteLine($"dispute driver: {name} {group.Count}: {string.Join(",", statuses.GroupBy(s => s).Select(g => $"{g.Key} {g.Count()}"))}");
            }
        }
    }

    /// <summary>A dispute event of the session's charge, signed like Stripe signs it, delivered to any instance until answered 2xx.</summary>
    private async Task DisputeAsync(PaymentSession session, string type, string status)
    {
        var chargedId = _charged[session.Id];
        var paymentIntent = stripe.Checkouts.Single(c => c.ClientReferenceId == chargedId.Value).PaymentIntentId!;
        var disputeId = "dp_" + session.Id.Value;
        var eventId = string.Create(CultureInfo.InvariantCulture, $"evt_{type}_{status}_{session.Id.Value}");
        var body = StripeEvents.Body(type, stripe.DisputeJson(paymentIntent, disputeId, status), eventId, clock.GetCurrentInstant());
        simulation.Figures.Count(ref simulation.Figures.DisputeEvents);
        await WithRetriesAsync(
            async () =>
            {
                var result = await instances[_random.Next(instances.Count)].Webhooks.HandleAsync(body, StripeEvents.Sign(body, clock.GetCurrentInstant(), HostInstance.WebhookSecret));
                return result.HttpStatusCode is >= 200 and < 300 ? result : throw new InvalidOperationException($"{result.HttpStatusCode} {result.Status}: {result.Detail}");
            },
            $"deliver {eventId}");
    }

    private async Task WithRetriesAsync<T>(Func<Task<T>> action, string what)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await action();
                return;
            }
#pragma warning disable CA1031 // Injected faults: try again, as a host or Stripe would; the bound turns a stuck one into a harness error.
            catch (Exception exception) when (attempt < MaxAttempts)
#pragma warning restore CA1031
            {
                simulation.Figures.Note("dispute driver retried after an injected fault", $"{what}: {exception.GetType().Name}");
            }
            catch (Exception exception)
            {
                simulation.Figures.HarnessError($"{what} failed {MaxAttempts} times: {exception.Message}");
                return;
            }
        }
    }
}
