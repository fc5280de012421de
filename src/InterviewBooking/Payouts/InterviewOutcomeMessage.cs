using System.Globalization;
using System.Text.Json;
using NodaTime.Text;

namespace InterviewBooking;

/// <summary>
/// The payload of an interview outcome message (<see cref="OutboxKinds.InterviewCompleted"/>, <see cref="OutboxKinds.InterviewInterviewerNoShow"/>):
/// JSON under <see cref="OutboxDataKeys.Payload"/>, or the same names as data keys of their own.
/// </summary>
internal sealed record InterviewOutcomeMessage(
    InterviewId InterviewId, PaymentSessionId SessionId, InterviewerId InterviewerId, string PlanId, IReadOnlyList<string> AddOnIds, Instant CompletedAt)
{
    /// <exception cref="OutboxDeliveryException">Permanent: the payload is missing or malformed (no retry can mend it).</exception>
    public static InterviewOutcomeMessage Read(OutboxMessage message)
    {
        try
        {
            if (message.Data.TryGetValue(OutboxDataKeys.Payload, out var json))
            {
                using var document = JsonDocument.Parse(json);
                var root = document.RootElement;
                string Text(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                    ? value.GetString()! : throw Malformed(message, $"no string \"{name}\"");
                var addOns = root.TryGetProperty("addOnIds", out var list) && list.ValueKind == JsonValueKind.Array
                    ? list.EnumerateArray().Select(e => e.GetString() ?? throw Malformed(message, "an add-on id that is not a string")).ToArray()
                    : [];
                return Create(message, Text("interviewId"), Text("paymentSessionId"), Text("interviewerId"), Text("planId"), addOns, Text("completedAt"));
            }

            string Field(string name) => message.Data.TryGetValue(name, out var value) ? value : throw Malformed(message, $"no \"{name}\"");
            var ids = message.Data.TryGetValue("addOnIds", out var joined) ? joined.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
            return Create(message, Field("interviewId"), Field("paymentSessionId"), Field("interviewerId"), Field("planId"), ids, Field("completedAt"));
        }
        catch (Exception exception) when (exception is JsonException or ArgumentException or FormatException or UnparsableValueException)
        {
            throw Malformed(message, exception.Message);
        }
    }

    private static InterviewOutcomeMessage Create(
        OutboxMessage message, string interviewId, string sessionId, string interviewerId, string planId, string[] addOnIds, string completedAt)
    {
        var at = InstantPattern.ExtendedIso.Parse(completedAt);
        if (!at.Success)
        {
            // An offset form (2026-06-01T10:00:00+02:00) is an instant too.
            var offset = OffsetDateTimePattern.ExtendedIso.Parse(completedAt);
            at = offset.Success ? ParseResult<Instant>.ForValue(offset.Value.ToInstant()) : at;
        }

        var sessionIdValue = new PaymentSessionId(sessionId);
        if (message.SessionId is { IsEmpty: false } named && named != sessionIdValue)
        {
            throw Malformed(message, $"it names session '{sessionIdValue}' but the message belongs to '{named}'");
        }

        return new InterviewOutcomeMessage(
            new InterviewId(interviewId), sessionIdValue, new InterviewerId(interviewerId),
            string.IsNullOrWhiteSpace(planId) ? throw Malformed(message, "an empty planId") : planId, addOnIds, at.GetValueOrThrow());
    }

    private static OutboxDeliveryException Malformed(OutboxMessage message, string problem) =>
        new(string.Create(CultureInfo.InvariantCulture, $"Outbox item '{message.Key}' ({message.Kind}) has no usable interview payload: {problem}."), isPermanent: true);
}
