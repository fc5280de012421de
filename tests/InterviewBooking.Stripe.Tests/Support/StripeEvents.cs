using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Stripe;

namespace InterviewBooking.Stripe.Tests.Support;

/// <summary>Stripe-shaped webhook bodies and their <c>Stripe-Signature</c> headers.</summary>
internal static class StripeEvents
{
    public const string Secret = "whsec_test_endpoint_secret";

    /// <summary>An event wrapping a Checkout Session, rendered for Stripe.net's API version unless told otherwise.</summary>
    public static string Body(string type, JsonObject checkout, string? eventId = null, Instant? created = null, string? apiVersion = null) =>
        new JsonObject
        {
            ["id"] = eventId ?? NewEventId(),
            ["object"] = "event",
            ["api_version"] = apiVersion ?? StripeConfiguration.ApiVersion,
            ["created"] = (created ?? Instant.FromUtc(2026, 6, 1, 8, 0)).ToUnixTimeSeconds(),
            ["livemode"] = false,
            ["pending_webhooks"] = 1,
            ["type"] = type,
            ["data"] = new JsonObject { ["object"] = checkout.DeepClone() },
        }.ToJsonString();

    public static string NewEventId() => "evt_test_" + Guid.NewGuid().ToString("N")[..20];

    /// <summary>Stripe.net's own test helper: <c>t=...,v1=...</c> for the body at the given time.</summary>
    public static string Sign(string body, Instant at, string secret = Secret) =>
        EventUtility.GenerateSignatureHeader(body, secret, at.ToUnixTimeSeconds());

    /// <summary>The v1 signature computed by hand, as Stripe documents it: hex HMAC-SHA256 of <c>"{t}.{body}"</c> keyed by the secret.</summary>
    public static string HandSignature(string body, long timestamp, string secret = Secret)
    {
        var signed = string.Create(CultureInfo.InvariantCulture, $"{timestamp}.{body}");
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(signed));
        return Convert.ToHexStringLower(mac);
    }
}
