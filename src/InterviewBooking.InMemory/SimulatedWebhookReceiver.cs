using System.Text.Json;

namespace InterviewBooking.InMemory;

/// <summary>
/// The simulated gateway's webhook (provider <c>simulated</c>), so a web host pays a simulated checkout over HTTP the way a real provider
/// would tell it: <c>app.MapPaymentWebhook("/webhooks/simulated", "simulated")</c>, then POST
/// <c>{"type":"checkout.completed","checkout":"cs_sim_…"}</c> with a <c>Simulated-Signature</c> header. The gateway takes no money, so
/// there is nothing to sign: any non-empty signature is accepted.
/// </summary>
internal sealed class SimulatedWebhookReceiver(SimulatedPaymentGateway gateway, PaymentEventProcessor events) : IPaymentWebhookReceiver
{
    public const string ProviderName = "simulated";

    public string Provider => ProviderName;

    public string SignatureHeader => "Simulated-Signature";

    public async Task<PaymentProviderAnswer> ReceiveAsync(string body, string signature, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (!TryRead(body, out var type, out var reference))
        {
            return Rejected("The body must be JSON {\"type\": \"checkout.completed\" | \"checkout.expired\" | \"payment.succeeded\" | \"payment.failed\", \"checkout\": \"cs_sim_…\"}.");
        }

        if (!reference.StartsWith(SimulatedPaymentGateway.ReferencePrefix, StringComparison.Ordinal)
            || string.IsNullOrWhiteSpace(reference[SimulatedPaymentGateway.ReferencePrefix.Length..])
            || reference.Length > IdText.MaxLength + SimulatedPaymentGateway.ReferencePrefix.Length)
        {
            return new PaymentProviderAnswer(404, "Unknown", $"'{Excerpt(reference)}' is not a simulated checkout reference.");
        }

        var sessionId = new PaymentSessionId(reference[SimulatedPaymentGateway.ReferencePrefix.Length..]);
        if (gateway.FindCheckout(sessionId) is null)
        {
            return new PaymentProviderAnswer(404, "Unknown", $"The simulated gateway created no checkout '{Excerpt(reference)}'.");
        }

        PaymentEvent? paymentEvent = type switch
        {
            "checkout.completed" => gateway.CompleteCheckout(sessionId),
            "checkout.expired" => gateway.ExpireCheckout(sessionId),
            "payment.succeeded" => gateway.SucceedAsyncPayment(sessionId),
            "payment.failed" => gateway.FailAsyncPayment(sessionId),
            _ => null,
        };
        if (paymentEvent is null)
        {
            return Rejected($"'{Excerpt(type)}' is not a simulated event type; use checkout.completed, checkout.expired, payment.succeeded or payment.failed.");
        }

        var result = await events.ProcessAsync(paymentEvent, cancellationToken).ConfigureAwait(false);

        // As a provider's webhook expects: a 5xx asks for the delivery again later.
        return new PaymentProviderAnswer(result.ShouldRetry ? 503 : 200, result.Outcome.ToString(), result.Detail) { SessionId = sessionId };
    }

    private static bool TryRead(string body, out string type, out string reference)
    {
        type = reference = string.Empty;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("type", out var typeValue) || typeValue.ValueKind != JsonValueKind.String
                || !document.RootElement.TryGetProperty("checkout", out var checkoutValue) || checkoutValue.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            type = typeValue.GetString()!;
            reference = checkoutValue.GetString()!;
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static PaymentProviderAnswer Rejected(string detail) => new(400, "Rejected", detail) { Rejection = "MalformedBody" };

    private static string Excerpt(string value) => value.Length <= 64 ? value : value[..64] + "...";
}
