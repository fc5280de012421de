using Npgsql;
using NodaTime.Testing;

namespace InterviewBooking.PostgreSql.Tests;

/// <summary>What the PostgreSQL reservation store does beyond the shared contract: how rows look, precision, several instances.</summary>
public sealed class ReservationStoreTests(PostgresSchemaFixture database) : IClassFixture<PostgresSchemaFixture>
{
    private readonly FakeClock _clock = new(Instant.FromUtc(2025, 6, 9, 8, 0));

    [Fact]
    public async Task A_free_slot_is_held_by_the_insert_itself_with_the_clock_instants_stored_as_timestamptz()
    {
        var logger = new RecordingLogger<PostgreSqlReservationStore>();
        var store = new PostgreSqlReservationStore(database.DataSource, _clock, database.Options, logger);
        var interviewer = NewInterviewer();
        var slot = Slot(Instant.FromUtc(2025, 6, 10, 9, 0));

        var hold = await store.TryHoldAsync(new HoldRequest(interviewer, slot, "owner-a", _clock.GetCurrentInstant() + Duration.FromMinutes(15)));

        Assert.True(hold.Succeeded);
        Assert.DoesNotContain(logger.Entries, e => e.Id.Id == 6003); // no conflict lookup: the INSERT returned the row
        var row = await database.ScalarAsync<string>(
            $"SELECT concat_ws('|', status, owner, lower(slot) = $2, upper(slot) = $3, held_until = $4, created_at = $5) FROM {database.Table("reservations")} WHERE id = $1",
            hold.Reservation!.Id.Value, slot.Start.ToDateTimeUtc(), slot.End.ToDateTimeUtc(),
            (_clock.GetCurrentInstant() + Duration.FromMinutes(15)).ToDateTimeUtc(), _clock.GetCurrentInstant().ToDateTimeUtc());
        Assert.Equal("held|owner-a|t|t|t|t", row);
    }

    [Fact]
    public async Task A_hold_over_ran_out_holds_marks_them_expired_in_the_same_call()
    {
        var logger = new RecordingLogger<PostgreSqlReservationStore>();
        var store = new PostgreSqlReservationStore(database.DataSource, _clock, database.Options, logger);
        var interviewer = NewInterviewer();
        var day = Instant.FromUtc(2025, 6, 10, 9, 0);
        var first = await store.TryHoldAsync(new HoldRequest(interviewer, Slot(day), "a", _clock.GetCurrentInstant() + Duration.FromMinutes(5)));
        var second = await store.TryHoldAsync(new HoldRequest(interviewer, Slot(day + Duration.FromMinutes(30)), "b", _clock.GetCurrentInstant() + Duration.FromMinutes(5)));
        _clock.Advance(Duration.FromMinutes(5));

        var wide = await store.TryHoldAsync(new HoldRequest(interviewer, new Interval(day, day + Duration.FromHours(1)), "c", _clock.GetCurrentInstant() + Duration.FromMinutes(5)));

        Assert.True(wide.Succeeded);
        Assert.Contains(logger.Entries, e => e.Id.Id == 6004 && e.Message.Contains("2 overlapping", StringComparison.Ordinal));
        Assert.Equal(
            2L,
            await database.ScalarAsync<long>(
                $"SELECT count(*) FROM {database.Table("reservations")} WHERE id IN ($1, $2) AND status = 'expired' AND updated_at = $3",
                first.Reservation!.Id.Value, second.Reservation!.Id.Value, _clock.GetCurrentInstant().ToDateTimeUtc()));
    }

    [Fact]
    public async Task A_change_whose_trail_entry_cannot_be_written_is_not_made()
    {
        var store = new PostgreSqlReservationStore(database.DataSource, _clock, database.Options);
        var hold = await store.TryHoldAsync(new HoldRequest(NewInterviewer(), Slot(Instant.FromUtc(2025, 6, 10, 9, 0)), "owner", _clock.GetCurrentInstant() + Duration.FromMinutes(15)));
        var id = hold.Reservation!.Id;
        var history = database.Table("reservation_history");
        await database.ExecuteAsync($"ALTER TABLE {history} ADD CONSTRAINT refuse_confirmation CHECK (reservation_id <> '{id.Value}' OR to_status <> 'confirmed')");
        try
        {
            await Assert.ThrowsAsync<Npgsql.PostgresException>(() => store.TryConfirmAsync(id, "owner"));
        }
        finally
        {
            await database.ExecuteAsync($"ALTER TABLE {history} DROP CONSTRAINT refuse_confirmation");
        }

        Assert.Equal(ReservationStatus.Held, (await store.GetAsync(id))!.Status);
        Assert.Equal([ReservationChangeReasons.Held], (await store.GetHistoryAsync(id)).Select(h => h.Reason));
        Assert.True((await store.TryConfirmAsync(id, "owner")).Succeeded);
    }

    [Fact]
    public async Task Instants_keep_microseconds_and_a_repeat_hold_of_a_finer_slot_still_finds_its_hold()
    {
        var store = new PostgreSqlReservationStore(database.DataSource, _clock, database.Options);
        var start = Instant.FromUtc(2025, 6, 10, 9, 0) + Duration.FromNanoseconds(1_234_567);
        var slot = new Interval(start, start + Duration.FromMinutes(30));
        var request = new HoldRequest(NewInterviewer(), slot, "owner", _clock.GetCurrentInstant() + Duration.FromMinutes(15));

        var first = await store.TryHoldAsync(request);
        var repeat = await store.TryHoldAsync(request);

        Assert.Equal(Instant.FromUtc(2025, 6, 10, 9, 0) + Duration.FromNanoseconds(1_234_000), first.Reservation!.Slot.Start);
        Assert.True(repeat.Succeeded);
        Assert.Equal(first.Reservation.Id, repeat.Reservation!.Id);
    }

    [Fact]
    public async Task Two_instances_on_separate_pools_racing_for_one_slot_leave_one_holder()
    {
        await using var otherPool = PostgresServer.CreateDataSource(maxPoolSize: 16);
        var stores = new[]
        {
            new PostgreSqlReservationStore(database.DataSource, _clock, database.Options),
            new PostgreSqlReservationStore(otherPool, _clock, database.Options),
        };
        var interviewer = NewInterviewer();
        var slot = Slot(Instant.FromUtc(2025, 6, 10, 9, 0));

        var results = await InterviewBooking.Testing.Concurrently.RunAsync(32, i =>
            stores[i % 2].TryHoldAsync(new HoldRequest(interviewer, slot, $"owner-{i}", _clock.GetCurrentInstant() + Duration.FromMinutes(15))));

        var winner = Assert.Single(results, r => r.Succeeded).Reservation!;
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(winner.Id, r.ConflictingReservationId));
        Assert.Equal(
            1L,
            await database.ScalarAsync<long>($"SELECT count(*) FROM {database.Table("reservations")} WHERE interviewer_id = $1", interviewer.Value));
    }

    [Fact]
    public async Task Ids_of_every_interviewer_asked_are_read_in_one_query_in_ordinal_order()
    {
        var store = new PostgreSqlReservationStore(database.DataSource, _clock, database.Options);
        var prefix = "iv-" + Guid.NewGuid().ToString("N");
        var ids = new[] { prefix + "-b", prefix + "-B", prefix + "-a", prefix + "-_" }.Select(id => new InterviewerId(id)).ToArray();
        var slot = Slot(Instant.FromUtc(2025, 6, 10, 9, 0));
        foreach (var id in ids)
        {
            Assert.True((await store.TryHoldAsync(new HoldRequest(id, slot, "o", _clock.GetCurrentInstant() + Duration.FromMinutes(15)))).Succeeded);
        }

        var active = await store.GetActiveAsync([.. ids, default], new Interval(null, null));

        Assert.Equal(ids.Select(i => i.Value).Order(StringComparer.Ordinal), active.Select(r => r.InterviewerId.Value));
    }

    [Fact]
    public async Task With_prepared_reads_off_the_active_reads_answer_the_same()
    {
        var prepared = new PostgreSqlReservationStore(database.DataSource, _clock, database.Options);
        var unprepared = new PostgreSqlReservationStore(database.DataSource, _clock, new PostgreSqlStoreOptions { Schema = database.Options.Schema, PrepareActiveReads = false });
        var interviewer = NewInterviewer();
        var hold = await prepared.TryHoldAsync(new HoldRequest(interviewer, Slot(Instant.FromUtc(2025, 6, 10, 9, 0)), "owner", _clock.GetCurrentInstant() + Duration.FromMinutes(15)));
        var window = new Interval(_clock.GetCurrentInstant(), _clock.GetCurrentInstant() + Duration.FromDays(7));

        Assert.Equal(hold.Reservation, Assert.Single(await unprepared.GetActiveAsync([interviewer], window)));
        Assert.Equal(await prepared.GetActiveAsync([interviewer], window), await unprepared.GetActiveAsync([interviewer], window));
        Assert.Equal(ReservedSlot.Of(hold.Reservation!), Assert.Single(await unprepared.GetActiveSlotsAsync([interviewer], window)));
        Assert.Equal(await prepared.GetActiveSlotsAsync([interviewer], window), await unprepared.GetActiveSlotsAsync([interviewer], window));
    }

    private static InterviewerId NewInterviewer() => new("iv-" + Guid.NewGuid().ToString("N"));

    private static Interval Slot(Instant start) => new(start, start + Duration.FromMinutes(30));
}
