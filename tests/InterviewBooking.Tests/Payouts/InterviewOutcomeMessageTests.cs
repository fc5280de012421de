namespace InterviewBooking.Tests.Payouts;

public sealed class InterviewOutcomeMessageTests
{
    private static readonly PaymentSessionId Session = new("ps_1");

    [Fact]
    public void The_JSON_payload_reads_with_an_instant_or_an_offset_completion_time()
    {
        var utc = Read("""{"interviewId":"iv_1","paymentSessionId":"ps_1","interviewerId":"interviewer-ada","planId":"mock-30","addOnIds":["report","report"],"completedAt":"2026-06-01T10:00:00Z"}""");
        var offset = Read("""{"interviewId":"iv_1","paymentSessionId":"ps_1","interviewerId":"interviewer-ada","planId":"mock-30","completedAt":"2026-06-01T12:00:00+02:00"}""");

        Assert.Equal(
            (new InterviewId("iv_1"), Session, new InterviewerId("interviewer-ada"), "mock-30", Instant.FromUtc(2026, 6, 1, 10, 0)),
            (utc.InterviewId, utc.SessionId, utc.InterviewerId, utc.PlanId, utc.CompletedAt));
        Assert.Equal(["report", "report"], utc.AddOnIds);
        Assert.Equal(utc.CompletedAt, offset.CompletedAt);
        Assert.Empty(offset.AddOnIds);
    }

    [Fact]
    public void The_same_names_as_data_keys_read_too()
    {
        var message = new OutboxMessage("k", OutboxKinds.InterviewCompleted, Instant.MinValue)
        {
            SessionId = Session,
            Data = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["interviewId"] = "iv_1", ["paymentSessionId"] = "ps_1", ["interviewerId"] = "interviewer-ada", ["planId"] = "mock-30",
                ["addOnIds"] = "report, recording", ["completedAt"] = "2026-06-01T10:00:00Z",
            },
        };

        Assert.Equal(["report", "recording"], InterviewOutcomeMessage.Read(message).AddOnIds);
    }

    [Theory]
    [InlineData("""{"interviewId":"iv_1"}""", "no string \"paymentSessionId\"")]
    [InlineData("""{"interviewId":"iv_1","paymentSessionId":"ps_2","interviewerId":"a","planId":"p","completedAt":"2026-06-01T10:00:00Z"}""", "belongs to 'ps_1'")]
    [InlineData("""{"interviewId":"iv_1","paymentSessionId":"ps_1","interviewerId":"a","planId":"p","completedAt":"yesterday"}""", "yesterday")]
    [InlineData("not json", "not json")]
    public void A_malformed_payload_is_a_permanent_failure_saying_what_is_wrong(string json, string expected)
    {
        var error = Assert.Throws<OutboxDeliveryException>(() => Read(json));

        Assert.True(error.IsPermanent);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private static InterviewOutcomeMessage Read(string json) => InterviewOutcomeMessage.Read(new OutboxMessage("k", OutboxKinds.InterviewCompleted, Instant.MinValue)
    {
        SessionId = Session,
        Data = new Dictionary<string, string>(StringComparer.Ordinal) { [OutboxDataKeys.Payload] = json },
    });
}
