using InterviewBooking.InMemory;
using InterviewBooking.Testing;
using Microsoft.Extensions.DependencyInjection;
using NodaTime.Testing;

namespace InterviewBooking.PostgreSql.Tests;

/// <summary>What the PostgreSQL payment session store does beyond the shared contract: columns, documents, broken data.</summary>
public sealed class PaymentSessionStoreTests(PostgresSchemaFixture database) : IClassFixture<PostgresSchemaFixture>
{
    private static readonly Instant Now = Instant.FromUtc(2025, 6, 9, 8, 0);

    [Fact]
    public async Task Queried_fields_are_typed_columns_and_the_match_snapshot_is_jsonb_with_the_seed_field_names()
    {
        var store = new PostgreSqlPaymentSessionStore(database.DataSource, database.Options);
        var session = await store.CreateAsync(PaymentSessionSamples.Pending(Now));

        var row = await database.ScalarAsync<string>(
            $"""
            SELECT concat_ws('|', status, version, interviewer_id = $2, reservation_id = $3, candidate_time_zone, selected_date, match_score,
                   slot_start = $4, price_minor_units, price_currency,
                   matched_interviewer->>'id' = $2, matched_interviewer->>'interviewer_email', matched_interviewer->>'company',
                   matched_interviewer->>'match_score', matched_interviewer->'score'->>'skills', jsonb_array_length(price_lines), add_ons->1->>'add_on_id')
            FROM {database.Table("payment_sessions")} WHERE id = $1
            """,
            session.Id.Value, session.InterviewerId!.Value.Value, session.ReservationId!.Value.Value, session.Slot!.Value.Start.ToDateTimeUtc());

        Assert.Equal("pending|1|t|t|Europe/Berlin|2025-06-10|93|t|11500|USD|t|grace.interviewer@example.com|Example Systems|93|36|4|written-feedback", row);
    }

    /// <summary>
    /// <see cref="PostgreSqlStoreOptions.PrepareBookingStatements"/>: the read and the paid-and-claimed change are prepared on the (one) pooled
    /// connection, and after a few calls PostgreSQL runs the read on its generic plan; turned off, nothing of the store's is prepared.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_read_and_the_changes_are_prepared_on_the_connection_only_when_asked(bool prepare)
    {
        await using var oneConnection = PostgresServer.CreateDataSource(maxPoolSize: 1);
        var store = new PostgreSqlPaymentSessionStore(oneConnection, new PostgreSqlStoreOptions { Schema = database.Schema, PrepareBookingStatements = prepare });
        var session = await store.CreateAsync(PaymentSessionSamples.Pending(Now));
        var claimed = await store.TryTransitionThenAsync(
            new PaymentSessionTransition(session.Id, PaymentSessionStatus.Pending, PaymentSessionStatus.Paid, Now) { ExpectedVersion = session.Version, EventId = "evt_1" },
            new PaymentSessionTransition(session.Id, PaymentSessionStatus.Paid, PaymentSessionStatus.Booking, Now));
        for (var i = 0; i < 8; i++)
        {
            Assert.Equal(PaymentSessionStatus.Booking, (await store.GetAsync(session.Id))!.Status);
        }

        Assert.True(claimed.Succeeded);
        await using var prepared = oneConnection.CreateCommand("""
            SELECT coalesce(string_agg(concat(split_part(ltrim(statement), ' ', 1), ':', generic_plans > 0), ',' ORDER BY statement), '')
            FROM pg_prepared_statements WHERE strpos(statement, $1) > 0
            """);
        prepared.Parameters.Add(new Npgsql.NpgsqlParameter { Value = database.Schema });

        // The read (8 calls: on its generic plan by now) and the change (a statement used twice in the batch, so not yet on it).
        Assert.Equal(prepare ? "SELECT:t,WITH:f" : string.Empty, (string)(await prepared.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task A_transition_keeps_the_payment_event_that_caused_it()
    {
        var store = new PostgreSqlPaymentSessionStore(database.DataSource, database.Options);
        var session = await store.CreateAsync(PaymentSessionSamples.Pending(Now));

        await store.TryTransitionAsync(new PaymentSessionTransition(session.Id, PaymentSessionStatus.Pending, PaymentSessionStatus.Paid, Now) { EventId = "evt_123" });

        Assert.Equal("evt_123", await database.ScalarAsync<string>($"SELECT last_event_id FROM {database.Table("payment_sessions")} WHERE id = $1", session.Id.Value));
    }

    [Fact]
    public async Task A_change_whose_trail_entry_cannot_be_written_is_not_made()
    {
        var store = new PostgreSqlPaymentSessionStore(database.DataSource, database.Options);
        var session = await store.CreateAsync(PaymentSessionSamples.Pending(Now));
        var history = database.Table("payment_session_history");
        await database.ExecuteAsync($"ALTER TABLE {history} ADD CONSTRAINT refuse_poison CHECK (reason IS DISTINCT FROM 'poison')");
        try
        {
            await Assert.ThrowsAsync<Npgsql.PostgresException>(() => store.TryTransitionAsync(
                new PaymentSessionTransition(session.Id, PaymentSessionStatus.Pending, PaymentSessionStatus.Paid, Now) { Reason = "poison" }));
        }
        finally
        {
            await database.ExecuteAsync($"ALTER TABLE {history} DROP CONSTRAINT refuse_poison");
        }

        var unchanged = (await store.GetAsync(session.Id))!;
        Assert.Equal((PaymentSessionStatus.Pending, 1L), (unchanged.Status, unchanged.Version));
        Assert.Equal([PaymentSessionStatus.Pending], (await store.GetHistoryAsync(session.Id)).Select(h => h.To));
    }

    [Fact]
    public async Task Every_status_reads_back_as_written()
    {
        var store = new PostgreSqlPaymentSessionStore(database.DataSource, database.Options);

        foreach (var status in Enum.GetValues<PaymentSessionStatus>())
        {
            // The database holds a refunded session only with the refund issued.
            var refund = status == PaymentSessionStatus.Refunded ? new IssuedRefund("re_status", new Money(11_500, "USD"), Now) : null;
            var created = await store.CreateAsync(PaymentSessionSamples.Pending(Now) with { Status = status, IssuedRefund = refund });
            Assert.Equal(status, (await store.GetAsync(created.Id))!.Status);
        }
    }

    [Fact]
    public async Task An_unreadable_match_snapshot_reads_as_missing_and_auto_booking_refuses_it_by_name()
    {
        var logger = new RecordingLogger<PostgreSqlPaymentSessionStore>();
        await using var provider = TestHost.Build(
            b =>
            {
                b.AddPostgreSqlStores(database.DataSource, o => o.Schema = database.Schema).AddInMemoryStores().AddSimulatedPayments();
                b.Services.AddSingleton<Microsoft.Extensions.Logging.ILogger<PostgreSqlPaymentSessionStore>>(logger);
            },
            new FakeClock(Now));
        var sessions = provider.GetRequiredService<IPaymentSessionStore>();
        var session = await sessions.CreateAsync(PaymentSessionSamples.Pending(Now));
        await sessions.TryTransitionAsync(new PaymentSessionTransition(session.Id, PaymentSessionStatus.Pending, PaymentSessionStatus.Paid, Now));
        await database.ExecuteAsync(
            $"UPDATE {database.Table("payment_sessions")} SET matched_interviewer = '{{\"id\": \"\", \"interviewer_name\": \"?\"}}' WHERE id = $1", session.Id.Value);

        var read = await sessions.GetAsync(session.Id);
        var error = await Assert.ThrowsAsync<PreMatchedInterviewerException>(() => provider.GetRequiredService<AutoBookingService>().BookAsync(session.Id));

        Assert.Null(read!.MatchedInterviewer);
        Assert.Contains(logger.Entries, e => e.Id.Id == 6006);
        Assert.Contains("No pre-matched interviewer found", error.Message, StringComparison.Ordinal);
        Assert.Null(await provider.GetRequiredService<IInterviewStore>().FindByKeyAsync(session.Id.Value));
        Assert.Equal(PaymentSessionStatus.RefundRequired, (await sessions.GetAsync(session.Id))!.Status);
    }

    [Fact]
    public async Task A_zone_id_the_provider_does_not_know_is_reported_as_broken_data()
    {
        var store = new PostgreSqlPaymentSessionStore(database.DataSource, database.Options);
        var session = await store.CreateAsync(PaymentSessionSamples.Pending(Now));
        await database.ExecuteAsync($"UPDATE {database.Table("payment_sessions")} SET candidate_time_zone = 'Mars/Olympus_Mons' WHERE id = $1", session.Id.Value);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => store.GetAsync(session.Id));

        Assert.Contains("Mars/Olympus_Mons", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_session_without_a_slot_end_keeps_its_start()
    {
        var store = new PostgreSqlPaymentSessionStore(database.DataSource, database.Options);
        var session = await store.CreateAsync(PaymentSessionSamples.Pending(Now) with { Slot = new Interval(Now, null) });

        Assert.Equal(new Interval(Now, null), (await store.GetAsync(session.Id))!.Slot);
    }
}
