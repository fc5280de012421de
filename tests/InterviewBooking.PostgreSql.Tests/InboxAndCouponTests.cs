namespace InterviewBooking.PostgreSql.Tests;

/// <summary>What the PostgreSQL coupon and event stores write beyond the shared contracts.</summary>
public sealed class InboxAndCouponTests(PostgresSchemaFixture database) : IClassFixture<PostgresSchemaFixture>
{
    private static readonly Instant Now = Instant.FromUtc(2025, 6, 9, 8, 0);

    [Fact]
    public async Task Every_event_outcome_reads_back_as_written()
    {
        var inbox = new PostgreSqlPaymentEventInbox(database.DataSource, database.Options);

        foreach (var outcome in Enum.GetValues<PaymentEventOutcome>())
        {
            var processed = new ProcessedPaymentEvent("evt_" + Guid.NewGuid().ToString("N"), "checkout.session.completed", PaymentSessionId.New(), outcome, Now);
            Assert.True(await inbox.TryRecordAsync(processed));
            Assert.Equal(processed, await inbox.FindAsync(processed.EventId));
        }
    }

    [Fact]
    public async Task A_coupon_code_is_stored_trimmed_and_upper_case_with_its_count_and_each_redemption()
    {
        var store = new PostgreSqlCouponRedemptionStore(database.DataSource, new NodaTime.Testing.FakeClock(Now), database.Options);
        var code = "save-" + Guid.NewGuid().ToString("N")[..8];
        var session = PaymentSessionId.New();

        await store.TryRedeemAsync("  " + code + " ", session, 5);

        Assert.Equal(1, await database.ScalarAsync<int>($"SELECT redemption_count FROM {database.Table("coupons")} WHERE code = $1", code.ToUpperInvariant()));
        Assert.Equal(
            Now.ToDateTimeUtc(),
            await database.ScalarAsync<DateTime>(
                $"SELECT redeemed_at FROM {database.Table("coupon_redemptions")} WHERE code = $1 AND session_id = $2", code.ToUpperInvariant(), session.Value));
    }
}
