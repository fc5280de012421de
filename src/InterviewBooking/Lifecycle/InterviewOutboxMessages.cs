using System.Globalization;
using System.Text;
using System.Text.Json;
using NodaTime.Text;

namespace InterviewBooking;

/// <summary>
/// The outbox messages an interview's lifecycle transition writes with itself, keyed by the interview (or session) and the kind, so a repeat
/// of the same change writes nothing new.
/// </summary>
internal static class InterviewOutboxMessages
{
    /// <summary>The interview took place (<see cref="OutboxKinds.InterviewCompleted"/>).</summary>
    public static OutboxMessage Completed(ScheduledInterview interview, Instant at) => Ended(OutboxKinds.InterviewCompleted, interview, at);

    /// <summary>The interviewer did not show (<see cref="OutboxKinds.InterviewInterviewerNoShow"/>).</summary>
    public static OutboxMessage InterviewerNoShow(ScheduledInterview interview, Instant at) => Ended(OutboxKinds.InterviewInterviewerNoShow, interview, at);

    /// <summary>The <paramref name="number"/>th reminder of the feedback owed, due at <paramref name="due"/>.</summary>
    public static OutboxMessage FeedbackReminder(ScheduledInterview interview, int number, Instant due)
    {
        var text = number.ToString(CultureInfo.InvariantCulture);
        return new OutboxMessage($"{interview.Request.PaymentSessionId.Value}:{OutboxKinds.FeedbackReminder}:{text}", OutboxKinds.FeedbackReminder, due)
        {
            SessionId = interview.Request.PaymentSessionId,
            Data = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [OutboxDataKeys.InterviewId] = interview.Id.Value,
                [OutboxDataKeys.ReminderNumber] = text,
            },
        };
    }

    /// <summary>The payload of <see cref="OutboxKinds.InterviewCompleted"/> and <see cref="OutboxKinds.InterviewInterviewerNoShow"/>: ids and the instant, nothing personal.</summary>
    public static string Payload(ScheduledInterview interview, Instant at)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("interviewId", interview.Id.Value);
            json.WriteString("paymentSessionId", interview.Request.PaymentSessionId.Value);
            json.WriteString("interviewerId", interview.InterviewerId.Value);
            json.WriteString("planId", interview.Request.PlanId);
            json.WriteStartArray("addOnIds");
            foreach (var addOn in interview.Request.AddOns)
            {
                json.WriteStringValue(addOn.AddOnId);
            }

            json.WriteEndArray();
            json.WriteString("completedAt", InstantPattern.ExtendedIso.Format(at));
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static OutboxMessage Ended(string kind, ScheduledInterview interview, Instant at) =>
        new(interview.Id.Value + ":" + kind, kind, at)
        {
            SessionId = interview.Request.PaymentSessionId,
            Data = new Dictionary<string, string>(StringComparer.Ordinal) { [OutboxDataKeys.Payload] = Payload(interview, at) },
        };
}
