using System.Text.Json;
using System.Text.Json.Nodes;

namespace InterviewBooking.Sample;

/// <summary>Prints the sample's story for a person, and its summary for a machine.</summary>
internal sealed class Story(TextWriter output)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public void Heading(string text) => output.WriteLine($"{text}\n{new string('=', text.Length)}");

    public void Step(string text) => output.WriteLine($"\n{text}");

    public void Line(string text) => output.WriteLine($"   {text}");

    public void Json(JsonNode node) =>
        output.WriteLine(string.Join('\n', node.ToJsonString(Indented).Split('\n').Select(l => "   " + l)));

    /// <summary>The session in the seed document's shape (snake_case), plus what the library adds.</summary>
    public static JsonObject SessionJson(PaymentSession session)
    {
        var matched = session.MatchedInterviewer!;
        return new JsonObject
        {
            ["payment_session_id"] = session.Id.Value,
            ["status"] = session.Status.ToString(),
            ["matched_interviewer"] = new JsonObject
            {
                ["id"] = matched.Id.Value,
                ["interviewer_name"] = matched.Name,
                ["interviewer_email"] = matched.Email,
                ["company"] = matched.Company,
                ["match_score"] = matched.Score.Total,
                ["score_breakdown"] = new JsonObject
                {
                    ["experience"] = matched.Score.Experience,
                    ["skills"] = matched.Score.Skills,
                    ["availability"] = matched.Score.Availability,
                },
            },
            ["interviewer_id"] = session.InterviewerId?.Value,
            ["selected_time_slot"] = session.SelectedTimeSlot,
            ["selected_date"] = session.SelectedDate?.ToString("uuuu-MM-dd", null),
            ["match_score"] = session.MatchScore,
            ["reservation_id"] = session.ReservationId?.Value,
            ["price"] = new JsonObject { ["amount_minor_units"] = session.Price.Total.MinorUnits, ["currency"] = session.Price.Total.Currency },
            ["expires_at"] = session.ExpiresAt.ToString(),
        };
    }

    public int Finish(bool json, List<(string Check, bool Holds)> checks, InterviewerId? matched, InterviewerId? booked, int interviews, string? missingPreMatchError, string? icsFile, JsonObject? bookedNotification, JsonArray? reminders = null, JsonObject? afterInterview = null, JsonObject? payout = null, JsonObject? calendar = null)
    {
        var passed = checks.All(c => c.Holds);
        if (json)
        {
            var summary = new JsonObject
            {
                ["matchedInterviewerId"] = matched?.Value,
                ["bookedInterviewerId"] = booked?.Value,
                ["interviewsBookedForDuplicateWebhook"] = interviews,
                ["missingPreMatchError"] = missingPreMatchError,
                ["icsFile"] = icsFile,
                ["bookedNotification"] = bookedNotification,
                ["reminders"] = reminders,
                ["afterInterview"] = afterInterview,
                ["payout"] = payout,
                ["checks"] = new JsonObject(checks.Select(c => KeyValuePair.Create(c.Check, (JsonNode?)JsonValue.Create(c.Holds)))),
                ["passed"] = passed,
            };
            if (calendar is not null)
            {
                summary.Insert(summary.IndexOf("checks"), "interviewerCalendar", calendar);
            }

            Console.Out.WriteLine(summary.ToJsonString(Indented));
        }
        else
        {
            Step("Checks");
            foreach (var (check, holds) in checks)
            {
                Line($"{(holds ? "ok  " : "FAIL")} {check}");
            }
        }

        return passed ? 0 : 1;
    }
}
