using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using InterviewBooking.InMemory;
using InterviewBooking.Stripe;
using InterviewBooking.Stripe.Fakes;

namespace InterviewBooking.Properties.Tests.Fuzz;

/// <summary>
/// Thousands of generated hostile or broken webhook deliveries (headers missing, malformed or forged; bodies tampered, stale, not JSON,
/// not events, of another API version; checkouts that contradict the stored session): each is a typed <see cref="StripeWebhookStatus.Rejected"/>
/// with the expected reason, nothing throws, and no store changes.
/// </summary>
public sealed class WebhookFuzzTests : IDisposable
{
    private readonly StripeFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    public enum Attack
    {
        NoHeader,
        BlankHeader,
        GarbageHeader,
        NoTimestamp,
        NoSignature,
        BadTimestamp,
        EmptySignature,
        ForgedSignature,
        TamperedBody,
        WrongSecret,
        Stale,
        NotJson,
        Truncated,
        NotAnEvent,
        NoApiVersion,
        OtherApiVersion,
        NoCheckout,
        OtherInterviewer,
        OtherReservation,
        ReferenceMismatch,
        OtherCheckoutId,
    }

    [Fact]
    public async Task Malformed_deliveries_are_typed_rejections_that_change_nothing()
    {
        PaymentSession[] sessions = [await _fixture.StartAsync(), await _fixture.StartAsync()];
        var before = await SnapshotAsync(sessions);
        var tried = new Dictionary<Attack, int>();

        await Gen.Select(Gen.Enum<Attack>(), Gen.String[0, 120], Gen.Int[1, 5_000_000], Gen.Int[0, 1])
            .SampleAsync(
                async (attack, junk, number, pick) =>
                {
                    var (body, header, expected) = Build(attack, junk, number, sessions[pick]);
                    var result = await _fixture.Webhooks.HandleAsync(body, header);
                    Assert.True(
                        result.Status == StripeWebhookStatus.Rejected && result.Rejection == expected,
                        $"{attack}: expected {expected}, got {result.Status} {result.Rejection}: {result.Detail}");
                    Assert.Equal(400, result.HttpStatusCode);
                    lock (tried)
                    {
                        tried[attack] = tried.GetValueOrDefault(attack) + 1;
                    }
                },
                iter: 4000,
                threads: 1);

        Assert.Equal(Enum.GetValues<Attack>().Length, tried.Count);
        Assert.Equal(before, await SnapshotAsync(sessions));
    }

    private (string Body, string? Header, StripeWebhookRejection Expected) Build(Attack attack, string junk, int number, PaymentSession session)
    {
        var now = _fixture.Clock.GetCurrentInstant();
        var eventId = string.Create(CultureInfo.InvariantCulture, $"evt_fuzz_{number}");
        var checkout = _fixture.CheckoutJson(session);
        checkout["status"] = "complete";
        checkout["payment_status"] = "paid";
        var valid = StripeEvents.Body(StripeCheckoutEvents.Completed, checkout, eventId, now);
        string Signed(string body) => StripeEvents.Sign(body, now);
        (string, string?, StripeWebhookRejection) Payload(string body) => (body, Signed(body), StripeWebhookRejection.MalformedPayload);
        (string, string?, StripeWebhookRejection) Inconsistent(Action<JsonObject> change)
        {
            var changed = (JsonObject)checkout.DeepClone();
            change(changed);
            var body = StripeEvents.Body(StripeCheckoutEvents.Completed, changed, eventId, now);
            return (body, Signed(body), StripeWebhookRejection.InconsistentCheckout);
        }

        var hex = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(junk + number)));
        var t = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var noEquals = "x" + junk.Replace("=", string.Empty, StringComparison.Ordinal);
        return attack switch
        {
            Attack.NoHeader => (valid, null, StripeWebhookRejection.MissingSignature),
            Attack.BlankHeader => (valid, new string(' ', number % 4) + (number % 2 == 0 ? "\t" : string.Empty), StripeWebhookRejection.MissingSignature),
            Attack.GarbageHeader => (valid, noEquals, StripeWebhookRejection.MalformedSignatureHeader),
            Attack.NoTimestamp => (valid, $"v1={hex}", StripeWebhookRejection.MalformedSignatureHeader),
            Attack.NoSignature => (valid, $"t={t}", StripeWebhookRejection.MalformedSignatureHeader),
            Attack.BadTimestamp => (valid, $"t={number}{noEquals},v1={hex}", StripeWebhookRejection.MalformedSignatureHeader),
            Attack.EmptySignature => (valid, $"t={t},v1=", StripeWebhookRejection.MalformedSignatureHeader),
            Attack.ForgedSignature => (valid, $"t={t},v1={hex}", StripeWebhookRejection.SignatureMismatch),
            Attack.TamperedBody => (valid.Replace("\"paid\"", "\"paid\" ", StringComparison.Ordinal) + noEquals, Signed(valid), StripeWebhookRejection.SignatureMismatch),
            Attack.WrongSecret => (valid, StripeEvents.Sign(valid, now, "whsec_" + hex), StripeWebhookRejection.SignatureMismatch),
            Attack.Stale => (valid, StripeEvents.Sign(valid, now - Duration.FromMinutes(5) - Duration.FromSeconds(number)), StripeWebhookRejection.TimestampOutsideTolerance),
            Attack.NotJson => Payload("<" + junk),
            Attack.Truncated => Payload(valid[..(number % (valid.Length - 1) + 1)]),
            Attack.NotAnEvent => Payload((number % 6) switch
            {
                0 => "[]",
                1 => "null",
                2 => "{\"type\":\"checkout.session.completed\"}",
                3 => "{\"id\":42,\"type\":\"checkout.session.completed\"}",
                4 => "{\"id\":\"\",\"type\":\"checkout.session.completed\"}",
                _ => JsonValue.Create(junk).ToJsonString(),
            }),
            Attack.NoApiVersion => Without(valid, "api_version", StripeWebhookRejection.UnsupportedApiVersion),
            Attack.OtherApiVersion => With(valid, "api_version", $"20{10 + (number % 15)}-0{1 + (number % 9)}-15", StripeWebhookRejection.UnsupportedApiVersion),
            Attack.NoCheckout => With(valid, "data", new JsonObject { ["object"] = new JsonObject { ["object"] = "charge", ["id"] = "ch_" + hex[..16] } }, StripeWebhookRejection.MalformedPayload),
            Attack.OtherInterviewer => Inconsistent(c => c["metadata"]![StripeMetadataKeys.InterviewerId] = "interviewer-" + hex[..12]),
            Attack.OtherReservation => Inconsistent(c => c["metadata"]![StripeMetadataKeys.ReservationId] = "res_" + hex[..24]),
            Attack.ReferenceMismatch => Inconsistent(c => c["client_reference_id"] = "ps_" + hex[..24]),
            _ => Inconsistent(c => c["id"] = "cs_test_forged_" + hex[..12]),
        };

        (string, string?, StripeWebhookRejection) With(string body, string property, JsonNode value, StripeWebhookRejection expected)
        {
            var node = JsonNode.Parse(body)!.AsObject();
            node[property] = value;
            var changed = node.ToJsonString();
            return (changed, Signed(changed), expected);
        }

        (string, string?, StripeWebhookRejection) Without(string body, string property, StripeWebhookRejection expected)
        {
            var node = JsonNode.Parse(body)!.AsObject();
            node.Remove(property);
            var changed = node.ToJsonString();
            return (changed, Signed(changed), expected);
        }
    }

    /// <summary>Everything a delivery could change: sessions, their trails and holds, interviews, the inbox, and calls to Stripe.</summary>
    private async Task<string> SnapshotAsync(IEnumerable<PaymentSession> sessions)
    {
        var parts = new List<string>();
        foreach (var started in sessions)
        {
            var session = (await _fixture.Sessions.GetAsync(started.Id))!;
            var reservation = (await _fixture.Reservations.GetAsync(session.ReservationId!.Value))!;
            var history = await _fixture.Sessions.GetHistoryAsync(session.Id);
            parts.Add($"{session.Id} {session.Status} v{session.Version} {history.Count} {reservation.Status}");
        }

        parts.Add($"interviews {_fixture.Scheduler.Interviews.Count}");
        parts.Add($"inbox {((InMemoryPaymentEventInbox)_fixture.Get<IPaymentEventInbox>()).Count}");
        parts.Add($"stripe calls {_fixture.Api.Requests.Count}");
        return string.Join(Environment.NewLine, parts);
    }
}
