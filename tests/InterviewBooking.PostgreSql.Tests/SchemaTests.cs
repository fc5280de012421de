using Npgsql;

namespace InterviewBooking.PostgreSql.Tests;

public sealed class SchemaTests(PostgresSchemaFixture database) : IClassFixture<PostgresSchemaFixture>, IAsyncLifetime
{
    // The release before the refunds migration: the schema its upgrade test starts from.
    private const int VersionBeforeRefunds = 5;

    // The release before the interview lifecycle migration (8): the schema its upgrade test starts from (7, the interviewer directory,
    // landed first).
    private const int VersionBeforeLifecycle = 7;

    private readonly List<string> _schemas = [];

    private static readonly string[] Tables =
    [
        "candidate_holds", "coupon_redemptions", "coupons", "interview_history", "interviewer_days", "interviewer_directory", "interviewer_reliability_totals",
        "interviewers", "interviews", "outbox", "payment_disputes", "payment_session_history", "payment_sessions", "payout_history", "payouts",
        "processed_payment_events", "reservation_history", "reservations", "schema_versions",
    ];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var schema in _schemas)
        {
            await database.ExecuteAsync($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE");
        }
    }

    [Fact]
    public async Task EnsureSchema_creates_every_table_at_the_latest_version_and_a_second_call_changes_nothing()
    {
        var schema = NewSchema();

        Assert.Equal(0, await schema.GetVersionAsync());
        Assert.Equal(PostgreSqlBookingSchema.LatestVersion, await schema.EnsureSchemaAsync());
        Assert.Equal(PostgreSqlBookingSchema.LatestVersion, await schema.EnsureSchemaAsync());

        Assert.Equal(PostgreSqlBookingSchema.LatestVersion, await schema.GetVersionAsync());
        Assert.Equal(Tables, await TablesOf(schema.Schema));
        Assert.Equal(
            (long)Migrations.All.Count, // one row per migration applied
            await database.ScalarAsync<long>($"SELECT count(*) FROM \"{schema.Schema}\".schema_versions"));
    }

    [Fact]
    public async Task A_version_1_schema_with_data_upgrades_in_place_and_its_rows_read_with_the_new_fields_defaulted()
    {
        var schema = NewSchema();
        Assert.Equal(1, await schema.MigrateAsync(1));
        var s = $"\"{schema.Schema}\"";
        var options = new PostgreSqlStoreOptions { Schema = schema.Schema };
        var sessionId = PaymentSessionId.New();
        var start = Instant.FromUtc(2030, 1, 8, 9, 0);
        // Rows as the version-1 release wrote them: a booked session on a confirmed reservation.
        await database.ExecuteAsync(
            $$"""
            INSERT INTO {{s}}.reservations (id, interviewer_id, slot, owner, status, held_until, created_at, updated_at)
            VALUES ('res-v1', 'iv-v1', tstzrange('2030-01-08 09:00Z', '2030-01-08 10:00Z', '[)'), $1, 'confirmed', '2030-01-01 08:30Z',
                    '2030-01-01 08:00Z', '2030-01-01 08:05Z')
            """,
            sessionId.Value);
        await database.ExecuteAsync(
            $$"""
            INSERT INTO {{s}}.payment_sessions (
                id, status, version, candidate_id, candidate_name, candidate_email, candidate_time_zone, interviewer_id, reservation_id,
                slot_start, slot_end, selected_time_slot, selected_date, match_score, matched_interviewer, plan_id, add_ons,
                price_minor_units, price_currency, price_lines, status_reason, provider_reference, checkout_url, interview_id, last_event_id,
                created_at, updated_at, expires_at)
            VALUES ($1, 'booked', 4, 'cand-v1', 'Ada Candidate', 'ada@example.com', 'Europe/Berlin', 'iv-v1', 'res-v1',
                '2030-01-08 09:00Z', '2030-01-08 10:00Z', 'Tuesday, 01/08/2030 10:00-11:00', '2030-01-08', 93,
                $2::jsonb, 'standard-60', '[]', 10000, 'USD', $3::jsonb,
                NULL, 'cs_v1', 'https://checkout.invalid/cs_v1', 'iv_v1', 'evt_v1', '2030-01-01 08:00Z', '2030-01-01 08:05Z', '2030-01-01 08:30Z')
            """,
            sessionId.Value,
            """
            {"id": "iv-v1", "interviewer_name": "Grace", "interviewer_email": "grace@example.com", "company": null, "match_score": 93,
             "score": {"experience": 27, "skills": 36, "availability": 30}}
            """,
            """[{"kind": "plan", "code": "standard-60", "description": "Standard", "quantity": 1, "amount_minor_units": 10000}]""");

        Assert.Equal(PostgreSqlBookingSchema.LatestVersion, await schema.EnsureSchemaAsync());

        var sessions = new PostgreSqlPaymentSessionStore(database.DataSource, options);
        var upgraded = (await sessions.GetAsync(sessionId))!;
        Assert.Equal(PaymentSessionStatus.Booked, upgraded.Status);
        Assert.Equal(4, upgraded.Version);
        Assert.Equal(new Interval(start, start + Duration.FromHours(1)), upgraded.Slot);
        Assert.Equal(0, upgraded.InviteSequence);
        Assert.Null(upgraded.Refund);
        Assert.Empty(await sessions.GetHistoryAsync(sessionId)); // a trail starts with the first change after the upgrade

        // The new status and columns work on the upgraded row, and the changes are in the trails.
        var at = Instant.FromUtc(2030, 1, 2, 8, 0);
        var refund = new RefundDecision(new Money(10_000, "USD"), 100, "Full refund");
        var canceled = await sessions.TryTransitionAsync(
            new PaymentSessionTransition(sessionId, PaymentSessionStatus.Booked, PaymentSessionStatus.BookingCanceled, at) { Refund = refund });
        var reservations = new PostgreSqlReservationStore(database.DataSource, new NodaTime.Testing.FakeClock(at), options);
        var released = await reservations.TryCancelAsync(new ReservationId("res-v1"), sessionId.Value);

        Assert.True(canceled.Succeeded);
        Assert.Equal(refund, (await sessions.GetAsync(sessionId))!.Refund);
        Assert.Equal(
            new PaymentSessionStatusChange(sessionId, PaymentSessionStatus.Booked, PaymentSessionStatus.BookingCanceled, at, 5, null, null),
            Assert.Single(await sessions.GetHistoryAsync(sessionId)));
        Assert.Equal(ReservationStatus.Released, released.Reservation!.Status);
        Assert.Equal(ReservationChangeReasons.Canceled, Assert.Single(await reservations.GetHistoryAsync(new ReservationId("res-v1"))).Reason);

        // A second call finds nothing to do.
        Assert.Equal(PostgreSqlBookingSchema.LatestVersion, await schema.EnsureSchemaAsync());
        Assert.Equal(
            "1: reservations with a no-overlap exclusion constraint, payment sessions, coupon redemptions, processed payment events|" +
            "2: audit trails of payment sessions and reservations, reschedule and cancellation fields of payment sessions, interviews|" +
            "3: interviewer rules in the store: occupied spans with a no-crowding exclusion constraint, day and candidate lock rows, coupon uses reserved by holds|" +
            "4: idempotency keys of payment sessions, unique per candidate, with the fingerprint of the request|" +
            "5: outbox of side effects, written with the payment session changes that cause them|" +
            "6: refunded payment sessions: the provider's payment reference and the refund issued|" +
            "7: interviewer directory: profiles with a version per row and a directory-wide change number, removals kept as tombstones|" +
            "8: the interview's lifecycle: completion, no-shows, who canceled, feedback and ratings, its audit trail; rebooked payment sessions|" +
            "9: payout ledger: one payout per completed interview with its audit trail, disputes of payment sessions' charges|" +
            "10: indexes built concurrently: active reservations by slot alone (the match's reads), retention's oldest-first reads of reservations, outbox items and processed payment events, undelivered outbox items by session|" +
            "11: retention: the reliability counts of interviews removed, per interviewer|" +
            "12: index built concurrently: active reservations by interviewer and start (the match's per-interviewer reads)|" +
            "13: index built concurrently: held reservations by interviewer and span (the hold's expiry of the holds that ran out)|" +
            "14: index built concurrently: active reservations by interviewer, end and start (the active reads' probes, bounded by the window's start)|" +
            "15: index dropped concurrently: version 12's active reservations by interviewer and start, which no statement reads since version 14's|" +
            "16: index replaced concurrently: active reservations by interviewer (byte order), end and start, for version 14's by interviewer, end and start",
            await database.ScalarAsync<string>($"SELECT string_agg(version || ': ' || description, '|' ORDER BY version) FROM {s}.schema_versions"));
    }

    /// <summary>The version the idempotency-key migration (4) upgrades from in the test below.</summary>
    private const int VersionBeforeIdempotencyKeys = 3;

    [Fact]
    public async Task A_schema_before_idempotency_keys_with_data_upgrades_in_place_and_keys_are_unique_per_candidate_from_then_on()
    {
        var schema = NewSchema();
        Assert.Equal(VersionBeforeIdempotencyKeys, await schema.MigrateAsync(VersionBeforeIdempotencyKeys));
        var s = $"\"{schema.Schema}\"";
        var options = new PostgreSqlStoreOptions { Schema = schema.Schema };
        var oldId = PaymentSessionId.New();
        // A pending session as the previous release wrote it: no key columns yet.
        await database.ExecuteAsync(
            $$"""
            INSERT INTO {{s}}.payment_sessions (
                id, status, version, candidate_id, candidate_name, candidate_email, candidate_time_zone, plan_id, add_ons,
                price_minor_units, price_currency, price_lines, created_at, updated_at, expires_at, invite_sequence)
            VALUES ($1, 'pending', 1, 'cand-old', 'Ada Candidate', 'ada@example.com', 'Europe/Berlin', 'standard-60', '[]',
                10000, 'USD', '[]', '2030-01-01 08:00Z', '2030-01-01 08:00Z', '2030-01-01 08:30Z', 0)
            """,
            oldId.Value);

        Assert.Equal(PostgreSqlBookingSchema.LatestVersion, await schema.EnsureSchemaAsync());

        var sessions = new PostgreSqlPaymentSessionStore(database.DataSource, options);
        var old = (await sessions.GetAsync(oldId))!;
        Assert.Null(old.IdempotencyKey);
        Assert.Null(old.RequestFingerprint);
        Assert.Equal(PaymentSessionStatus.Pending, old.Status);

        // The old candidate's new sessions: one without a key beside the old one, then a keyed one, then the same key again.
        var now = Instant.FromUtc(2030, 1, 2, 8, 0);
        var candidate = new CandidateId("cand-old");
        await sessions.CreateAsync(InterviewBooking.Testing.PaymentSessionSamples.Pending(now) with { CandidateId = candidate });
        var keyed = InterviewBooking.Testing.PaymentSessionSamples.Pending(now) with
        {
            CandidateId = candidate,
            IdempotencyKey = "double-click",
            RequestFingerprint = "sha256:one",
        };
        await sessions.CreateAsync(keyed);
        var again = keyed with { Id = PaymentSessionId.New() };

        var error = await Assert.ThrowsAsync<DuplicateIdempotencyKeyException>(() => sessions.CreateAsync(again));

        Assert.Equal("double-click", error.IdempotencyKey);
        Assert.Equal(keyed.Id, (await sessions.FindByIdempotencyKeyAsync(candidate, "double-click"))!.Id);
        Assert.Null(await sessions.GetAsync(again.Id));
        Assert.Equal(3L, await database.ScalarAsync<long>($"SELECT count(*) FROM {s}.payment_sessions WHERE candidate_id = 'cand-old'"));
        Assert.Contains("payment_sessions_idempotency_key_idx", await IndexesOf(schema.Schema));
        Assert.Equal(PostgreSqlBookingSchema.LatestVersion, await schema.EnsureSchemaAsync());
    }

    [Fact]
    public async Task A_version_2_schema_whose_rows_break_the_rules_upgrades_in_place_and_new_holds_respect_the_old_rows()
    {
        var schema = NewSchema();
        Assert.Equal(2, await schema.MigrateAsync(2));
        var s = $"\"{schema.Schema}\"";
        var options = new PostgreSqlStoreOptions { Schema = schema.Schema };

        // As the version-2 release wrote them: back-to-back confirmed interviews (inside any buffer) and three on one day (over a cap
        // of 2), a held row, and a paid coupon redemption.
        foreach (var (id, from, to, status) in new[]
        {
            ("res-a", "2030-01-08 09:00Z", "2030-01-08 10:00Z", "confirmed"),
            ("res-b", "2030-01-08 10:00Z", "2030-01-08 11:00Z", "confirmed"),
            ("res-c", "2030-01-08 14:00Z", "2030-01-08 15:00Z", "held"),
        })
        {
            await database.ExecuteAsync(
                $$"""
                INSERT INTO {{s}}.reservations (id, interviewer_id, slot, owner, status, held_until, created_at, updated_at)
                VALUES ($1, 'iv-v2', tstzrange($2::timestamptz, $3::timestamptz, '[)'), 'owner-' || $1, $4, '2030-01-08 08:00Z', '2030-01-01 08:00Z', '2030-01-01 08:00Z')
                """,
                id, from, to, status);
        }

        await database.ExecuteAsync($"INSERT INTO {s}.coupons (code, redemption_count) VALUES ('ONCE', 1)");
        await database.ExecuteAsync($"INSERT INTO {s}.coupon_redemptions (code, session_id, redeemed_at) VALUES ('ONCE', 'ps_paid_v2', '2030-01-01 08:00Z')");

        Assert.Equal(PostgreSqlBookingSchema.LatestVersion, await schema.EnsureSchemaAsync());

        var clock = new NodaTime.Testing.FakeClock(Instant.FromUtc(2030, 1, 8, 7, 0));
        var reservations = new PostgreSqlReservationStore(database.DataSource, clock, options);
        var interviewer = new InterviewerId("iv-v2");
        var rules = new HoldRules { BufferBefore = Duration.FromMinutes(15), BufferAfter = Duration.FromMinutes(15), MaxPerDay = 2 };
        HoldRequest Hold(int hour, int minute, HoldRules with) => new(
            interviewer, new Interval(Instant.FromUtc(2030, 1, 8, hour, minute), Instant.FromUtc(2030, 1, 8, hour, minute) + Duration.FromMinutes(30)),
            "ps_" + Guid.NewGuid().ToString("N"), clock.GetCurrentInstant() + Duration.FromMinutes(30)) { Rules = with };

        // The old rows read as reservations without buffers or candidate, and stay as they are.
        var old = (await reservations.GetAsync(new ReservationId("res-b")))!;
        Assert.Equal((Duration.Zero, Duration.Zero, default(CandidateId)), (old.BufferBefore, old.BufferAfter, old.Candidate));

        // A new hold keeps its buffers clear of the old rows, which count on their day.
        var insideBuffers = await reservations.TryHoldAsync(Hold(11, 10, rules with { MaxPerDay = null }));
        var overCap = await reservations.TryHoldAsync(Hold(17, 0, rules));
        var clear = await reservations.TryHoldAsync(Hold(11, 15, rules with { MaxPerDay = null }));
        Assert.Equal((HoldRefusal.Buffer, new ReservationId("res-b")), (insideBuffers.Refusal!.Value, insideBuffers.ConflictingReservationId!.Value));
        Assert.Equal(HoldRefusal.DailyCap, overCap.Refusal);
        Assert.True(clear.Succeeded);

        // A version-2 instance still running holds without a span: the old constraint still refuses its overlaps, and a new hold treats
        // its row as a reservation without buffers.
        const string version2Insert = """
            INSERT INTO {0}.reservations (id, interviewer_id, slot, owner, status, held_until, created_at, updated_at)
            VALUES ($1, 'iv-v2', tstzrange($2::timestamptz, $3::timestamptz, '[)'), 'owner-v2', 'held', '2030-01-08 08:00Z', now(), now())
            ON CONFLICT DO NOTHING
            """;
        var v2Sql = string.Format(System.Globalization.CultureInfo.InvariantCulture, version2Insert, s);
        Assert.Equal(1, await database.ExecuteAsync(v2Sql, "res-v2-late", "2030-01-08 19:00Z", "2030-01-08 19:30Z"));
        Assert.Equal(0, await database.ExecuteAsync(v2Sql, "res-v2-overlap", "2030-01-08 19:15Z", "2030-01-08 19:45Z"));
        var nearV2 = await reservations.TryHoldAsync(Hold(19, 40, rules with { MaxPerDay = null }));
        Assert.Equal((HoldRefusal.Buffer, new ReservationId("res-v2-late")), (nearV2.Refusal!.Value, nearV2.ConflictingReservationId!.Value));

        // The paid redemption written at version 2 is a use: a limit of 1 is reached before any checkout.
        var coupon = await reservations.TryHoldAsync(Hold(22, 0, HoldRules.None) with { Coupon = new CouponUse("once", 1) });
        Assert.Equal(HoldRefusal.CouponExhausted, coupon.Refusal);

        // Rows written under the new rules cannot crowd, whoever writes them.
        var crowding = await Assert.ThrowsAsync<PostgresException>(() => database.ExecuteAsync(
            $"""
            INSERT INTO {s}.reservations (id, interviewer_id, slot, occupied, owner, status, held_until, created_at, updated_at)
            VALUES ('res-crowd', 'iv-v2', tstzrange('2030-01-08 11:50Z', '2030-01-08 12:20Z', '[)'), tstzrange('2030-01-08 11:40Z', '2030-01-08 12:30Z', '[)'),
                    'someone', 'confirmed', now(), now(), now())
            """));
        Assert.Equal(PostgresErrorCodes.ExclusionViolation, crowding.SqlState);
        Assert.Equal("reservations_no_crowding", crowding.ConstraintName);
        Assert.Equal(PostgreSqlBookingSchema.LatestVersion, await schema.EnsureSchemaAsync());
    }

    [Fact]
    public async Task A_schema_before_the_lifecycle_migration_upgrades_in_place_and_its_interviews_go_through_the_lifecycle()
    {
        var schema = NewSchema();
        Assert.Equal(VersionBeforeLifecycle, await schema.MigrateAsync(VersionBeforeLifecycle));
        var s = $"\"{schema.Schema}\"";
        var options = new PostgreSqlStoreOptions { Schema = schema.Schema };
        var at = Instant.FromUtc(2030, 1, 1, 8, 0);

        // Rows as the release before wrote them: a booked session with its scheduled interview, and a canceled interview.
        var sessionId = PaymentSessionId.New();
        await database.ExecuteAsync(
            $"""
            INSERT INTO {s}.payment_sessions (
                id, status, version, candidate_id, candidate_name, candidate_email, candidate_time_zone, interviewer_id, plan_id, add_ons,
                price_minor_units, price_currency, price_lines, created_at, updated_at, expires_at, interview_id)
            VALUES ($1, 'booked', 4, 'cand', 'Ada', 'ada@example.com', 'Europe/Berlin', 'iv-1', 'standard-60', '[]', 10000, 'USD', '[]',
                '2030-01-01 08:00Z', '2030-01-01 08:05Z', '2030-01-01 08:30Z', 'int-v6-a')
            """,
            sessionId.Value);
        const string Request = """
            {"interviewer": {"id": "iv-1", "interviewer_name": "Grace", "interviewer_email": "grace@example.com", "company": null, "match_score": 70,
             "score": {"experience": 20, "skills": 30, "availability": 20}},
             "candidate_id": "cand", "candidate_name": "Ada", "candidate_email": "ada@example.com", "candidate_time_zone": "Europe/Berlin",
             "reservation_id": "res-v6", "plan_id": "standard-60", "add_ons": [{"add_on_id": "report", "quantity": 1}]}
            """;
        foreach (var (id, key, status, sequence) in new[] { ("int-v6-a", sessionId.Value, "scheduled", 0), ("int-v6-b", "ps-v6-other", "canceled", 1) })
        {
            await database.ExecuteAsync(
                $"""
                INSERT INTO {s}.interviews (
                    id, idempotency_key, payment_session_id, interviewer_id, request, requested_slot, slot, reservation_id, status, sequence, scheduled_at)
                VALUES ($1, $2, $2, 'iv-1', $3::jsonb, tstzrange('2030-01-02 09:00Z', '2030-01-02 10:00Z', '[)'),
                    tstzrange('2030-01-02 09:00Z', '2030-01-02 10:00Z', '[)'), 'res-v6', $4, $5, '2030-01-01 08:05Z')
                """,
                id, key, Request, status, sequence);
        }

        var refusedBefore = await Assert.ThrowsAsync<PostgresException>(
            () => database.ExecuteAsync($"UPDATE {s}.interviews SET status = 'completed' WHERE id = 'int-v6-a'"));

        Assert.Equal(PostgreSqlBookingSchema.LatestVersion, await schema.EnsureSchemaAsync());

        var interviews = new PostgreSqlInterviewStore(database.DataSource, options);
        var scheduled = (await interviews.GetAsync(new InterviewId("int-v6-a")))!;
        var canceled = (await interviews.GetAsync(new InterviewId("int-v6-b")))!;
        Assert.Equal("interviews_status_check", refusedBefore.ConstraintName);
        Assert.Equal((InterviewStatus.Scheduled, 1L, null, null, false), (scheduled.Status, scheduled.Version, scheduled.CanceledBy, scheduled.EndedAt, scheduled.IsLateCancellation));
        Assert.Null(scheduled.Feedback);
        Assert.Equal((InterviewStatus.Canceled, 1, (InterviewParty?)null), (canceled.Status, canceled.Sequence, canceled.CanceledBy));
        Assert.Empty(await interviews.GetHistoryAsync(scheduled.Id)); // a trail starts with the first change after the upgrade

        // The lifecycle runs on the upgraded rows: completion with its message, then feedback and a rating.
        var message = new OutboxMessage("int-v6-a:" + OutboxKinds.InterviewCompleted, OutboxKinds.InterviewCompleted, at) { SessionId = sessionId };
        var completed = await interviews.TryTransitionAsync(
            new InterviewTransition(scheduled.Id, InterviewStatus.Scheduled, InterviewStatus.Completed, at) { ExpectedVersion = 1, By = InterviewParty.Operator, Outbox = [message] });
        var feedback = await interviews.TryTransitionAsync(new InterviewTransition(scheduled.Id, InterviewStatus.Completed, InterviewStatus.Completed, at)
        {
            Feedback = new InterviewerFeedback("Good.", at),
            Rating = new CandidateRating(4, null, at),
        });
        Assert.True(completed.Succeeded);
        Assert.True(feedback.Succeeded);
        Assert.Equal((3L, "Good.", 4), (feedback.Interview!.Version, feedback.Interview.Feedback!.Text, feedback.Interview.Rating!.Stars));
        Assert.Equal(2, (await interviews.GetHistoryAsync(scheduled.Id)).Count);
        Assert.NotNull(await new PostgreSqlOutboxStore(database.DataSource, Clock(at), options).GetAsync(message.Key));
        Assert.Equal(4.0, (await interviews.GetReliabilityAsync([new InterviewerId("iv-1")]))[new InterviewerId("iv-1")].MeanRating);

        // A legacy session can be rebooked: the new status and the link are stored.
        var sessions = new PostgreSqlPaymentSessionStore(database.DataSource, options);
        await sessions.TryTransitionAsync(new PaymentSessionTransition(sessionId, PaymentSessionStatus.Booked, PaymentSessionStatus.BookingCanceled, at));
        var rebooked = await sessions.TryTransitionAsync(new PaymentSessionTransition(sessionId, PaymentSessionStatus.BookingCanceled, PaymentSessionStatus.Rebooked, at) { Reason = "Rebooked." });
        Assert.Equal(PaymentSessionStatus.Rebooked, rebooked.Session!.Status);
        Assert.Null(rebooked.Session.RebookedFrom);

        // Feedback on an interview that is not completed is refused by the database itself, whoever writes it.
        var error = await Assert.ThrowsAsync<PostgresException>(() => database.ExecuteAsync(
            $"UPDATE {s}.interviews SET feedback_text = 'x', feedback_at = now() WHERE id = 'int-v6-b'"));
        Assert.Equal("interviews_feedback_check", error.ConstraintName);
    }

    private static NodaTime.Testing.FakeClock Clock(Instant at) => new(at);

    [Fact]
    public async Task A_schema_before_the_refunds_migration_upgrades_in_place_and_its_sessions_can_be_refunded()
    {
        var schema = NewSchema();
        Assert.Equal(VersionBeforeRefunds, await schema.MigrateAsync(VersionBeforeRefunds));
        var s = $"\"{schema.Schema}\"";
        var options = new PostgreSqlStoreOptions { Schema = schema.Schema };
        var at = Instant.FromUtc(2030, 1, 1, 8, 0);
        var owed = PaymentSessionId.New();
        var canceled = PaymentSessionId.New();
        // Rows as the release before wrote them: one owed a refund, one canceled with a policy refund; 'refunded' was no status yet.
        const string insert = """
            INSERT INTO {0}.payment_sessions (
                id, status, version, candidate_id, candidate_name, candidate_email, candidate_time_zone, plan_id, add_ons,
                price_minor_units, price_currency, price_lines, status_reason, created_at, updated_at, expires_at,
                refund_minor_units, refund_currency, refund_percent, refund_policy)
            VALUES ($1, $2, 3, 'cand', 'Ada', 'ada@example.com', 'Europe/Berlin', 'standard-60', '[]', 10000, 'USD', '[]', 'why',
                '2030-01-01 08:00Z', '2030-01-01 08:05Z', '2030-01-01 08:30Z', $3, $4, $5, $6)
            """;
        await database.ExecuteAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, insert, s), owed.Value, "refund_required", DBNull.Value, DBNull.Value, DBNull.Value, DBNull.Value);
        await database.ExecuteAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, insert, s), canceled.Value, "booking_canceled", 10_000L, "USD", 100, "Full refund");
        var refusedBefore = await Assert.ThrowsAsync<PostgresException>(
            () => database.ExecuteAsync($"UPDATE {s}.payment_sessions SET status = 'refunded' WHERE id = $1", owed.Value));

        Assert.Equal(PostgreSqlBookingSchema.LatestVersion, await schema.EnsureSchemaAsync());

        var sessions = new PostgreSqlPaymentSessionStore(database.DataSource, options);
        var upgraded = (await sessions.GetAsync(owed))!;
        var issued = new IssuedRefund("re_upgraded", new Money(10_000, "USD"), at + Duration.FromMinutes(1));
        var refunded = await sessions.TryTransitionAsync(
            new PaymentSessionTransition(owed, PaymentSessionStatus.RefundRequired, PaymentSessionStatus.Refunded, at + Duration.FromMinutes(1))
            {
                ExpectedVersion = 3,
                Reason = "Refund re_upgraded issued.",
                IssuedRefund = issued,
            });
        var canceledRefunded = await sessions.TryTransitionAsync(
            new PaymentSessionTransition(canceled, PaymentSessionStatus.BookingCanceled, PaymentSessionStatus.Refunded, at + Duration.FromMinutes(1))
            {
                IssuedRefund = issued with { ProviderRefundId = "re_canceled" },
            });

        Assert.Equal("payment_sessions_status_check", refusedBefore.ConstraintName);
        Assert.Equal(PaymentSessionStatus.RefundRequired, upgraded.Status);
        Assert.Null(upgraded.ProviderPaymentReference);
        Assert.Null(upgraded.IssuedRefund);
        Assert.True(refunded.Succeeded);
        Assert.Equal(issued, (await sessions.GetAsync(owed))!.IssuedRefund);
        Assert.Equal("Refund re_upgraded issued.", Assert.Single(await sessions.GetHistoryAsync(owed)).Reason);
        Assert.True(canceledRefunded.Succeeded);
        Assert.Equal(new RefundDecision(new Money(10_000, "USD"), 100, "Full refund"), canceledRefunded.Session!.Refund);
        Assert.Empty(await sessions.ListByStatusAsync(PaymentSessionStatus.RefundRequired, at + Duration.FromDays(1), 10));
        Assert.Equal(2, (await sessions.ListByStatusAsync(PaymentSessionStatus.Refunded, at + Duration.FromDays(1), 10)).Count);

        // A refunded row without its refund is refused by the database itself, whoever writes it.
        var error = await Assert.ThrowsAsync<PostgresException>(() => database.ExecuteAsync(
            $"UPDATE {s}.payment_sessions SET refund_id = NULL, refunded_minor_units = NULL, refunded_currency = NULL, refunded_at = NULL WHERE id = $1",
            owed.Value));
        Assert.Equal("payment_sessions_refunded_check", error.ConstraintName);
    }

    /// <summary>The version the interviewer directory migration (7) upgrades from in the test below.</summary>
    private const int VersionBeforeTheDirectory = 6;

    [Fact]
    public async Task A_schema_before_the_directory_upgrades_in_place_its_rows_stay_and_instances_share_the_new_directory()
    {
        var schema = NewSchema();
        Assert.Equal(VersionBeforeTheDirectory, await schema.MigrateAsync(VersionBeforeTheDirectory));
        var s = $"\"{schema.Schema}\"";
        var options = new PostgreSqlStoreOptions { Schema = schema.Schema };
        var sessionId = PaymentSessionId.New();
        // A refunded session and its reservation as the release before wrote them; no directory tables yet.
        await database.ExecuteAsync(
            $$"""
            INSERT INTO {{s}}.reservations (id, interviewer_id, slot, owner, status, held_until, created_at, updated_at, occupied, candidate_id)
            VALUES ('res-v6', 'iv-v6', tstzrange('2030-01-08 09:00Z', '2030-01-08 10:00Z', '[)'), $1, 'released', '2030-01-01 08:30Z',
                    '2030-01-01 08:00Z', '2030-01-01 08:05Z', tstzrange('2030-01-08 08:45Z', '2030-01-08 10:15Z', '[)'), 'cand-v6')
            """,
            sessionId.Value);
        await database.ExecuteAsync(
            $$"""
            INSERT INTO {{s}}.payment_sessions (
                id, status, version, candidate_id, candidate_name, candidate_email, candidate_time_zone, interviewer_id, reservation_id, plan_id, add_ons,
                price_minor_units, price_currency, price_lines, created_at, updated_at, expires_at, provider_payment_reference,
                refund_id, refunded_minor_units, refunded_currency, refunded_at)
            VALUES ($1, 'refunded', 5, 'cand-v6', 'Ada', 'ada@example.com', 'Europe/Berlin', 'iv-v6', 'res-v6', 'standard-60', '[]',
                10000, 'USD', '[]', '2030-01-01 08:00Z', '2030-01-01 08:05Z', '2030-01-01 08:30Z', 'pi_v6', 're_v6', 10000, 'USD', '2030-01-01 08:10Z')
            """,
            sessionId.Value);
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM information_schema.tables WHERE table_schema = $1 AND table_name LIKE 'interviewer%' AND table_name <> 'interviewer_days'", schema.Schema));

        Assert.Equal(PostgreSqlBookingSchema.LatestVersion, await schema.EnsureSchemaAsync());

        var upgraded = (await new PostgreSqlPaymentSessionStore(database.DataSource, options).GetAsync(sessionId))!;
        Assert.Equal((PaymentSessionStatus.Refunded, 5, "re_v6"), (upgraded.Status, upgraded.Version, upgraded.IssuedRefund!.ProviderRefundId));
        Assert.Equal(ReservationStatus.Released, (await new PostgreSqlReservationStore(database.DataSource, SystemClock.Instance, options).GetAsync(new ReservationId("res-v6")))!.Status);

        // The new directory starts empty at change 0; what one instance writes, a second one started later loads.
        await using var first = new PostgreSqlInterviewerDirectory(database.DataSource, options);
        await first.StartAsync();
        Assert.Equal((0, 0L), (first.Count, first.LastChange));
        var profile = new InterviewerProfile
        {
            Id = new InterviewerId("iv-v6"),
            Name = "Grace",
            Email = "grace@example.com",
            TimeZone = DateTimeZoneProviders.Tzdb["Europe/Berlin"],
            SkillCategories = ["Backend"],
            WeeklyAvailability = [new WeeklyWindow(IsoDayOfWeek.Tuesday, new LocalTime(9, 0), new LocalTime(17, 0))],
            BufferBefore = Duration.FromMinutes(15),
        };
        await first.AddOrUpdateAsync(profile);
        await using var second = new PostgreSqlInterviewerDirectory(database.DataSource, options);
        var loaded = (await second.GetAsync(profile.Id))!;
        Assert.Equal((profile.Name, profile.TimeZone, profile.BufferBefore, 1L), (loaded.Name, loaded.TimeZone, loaded.BufferBefore, second.LastChange));
        Assert.Equal(profile.WeeklyAvailability, loaded.WeeklyAvailability);
        Assert.Contains("interviewers_change_idx", await IndexesOf(schema.Schema));
        Assert.Equal(PostgreSqlBookingSchema.LatestVersion, await schema.EnsureSchemaAsync());
    }

    [Fact]
    public async Task A_schema_before_the_payouts_migration_upgrades_in_place_and_its_booked_sessions_are_paid_out_and_disputed()
    {
        // The release before the payout ledger, whatever number it has: the schema steps before 9.
        var before = Migrations.All.Last(m => m.Version < 9).Version;
        var schema = NewSchema();
        Assert.Equal(before, await schema.MigrateAsync(before));
        var options = new PostgreSqlStoreOptions { Schema = schema.Schema };
        var at = Instant.FromUtc(2030, 1, 1, 8, 0);
        // Data as the release before wrote it, through its own stores: a booked session and a processed payment event.
        var sessions = new PostgreSqlPaymentSessionStore(database.DataSource, options);
        var booked = await sessions.CreateAsync(InterviewBooking.Testing.PaymentSessionSamples.Pending(at) with
        {
            Status = PaymentSessionStatus.Booked,
            InterviewId = InterviewId.New(),
            ProviderPaymentReference = "pi_before_payouts",
        });
        var inbox = new PostgreSqlPaymentEventInbox(database.DataSource, options);
        await inbox.TryRecordAsync(new ProcessedPaymentEvent("evt_before", "checkout.session.completed", booked.Id, PaymentEventOutcome.Booked, at));
        var refusedBefore = await Assert.ThrowsAsync<PostgresException>(() => inbox.TryRecordAsync(
            new ProcessedPaymentEvent("evt_dispute_early", "charge.dispute.created", booked.Id, PaymentEventOutcome.DisputeRecorded, at)));

        Assert.Equal(PostgreSqlBookingSchema.LatestVersion, await schema.EnsureSchemaAsync());

        var payouts = new PostgreSqlPayoutStore(database.DataSource, options);
        Assert.Null(await payouts.FindBySessionAsync(booked.Id));
        var payout = await payouts.AddOrGetAsync(new Payout
        {
            InterviewId = booked.InterviewId!.Value,
            SessionId = booked.Id,
            InterviewerId = booked.InterviewerId!.Value,
            PlanId = booked.PlanId,
            Amount = new Money(7_000, "USD"),
            Status = PayoutStatus.Pending,
            CompletedAt = at,
            DueAt = at + Duration.FromHours(72),
            CreatedAt = at,
        });
        var held = await payouts.ApplyDisputeAsync(new PaymentDispute("dp_upgraded", booked.Id, DisputeStatus.Open, at));
        Assert.True(await inbox.TryRecordAsync(new ProcessedPaymentEvent("evt_dispute", "charge.dispute.created", booked.Id, PaymentEventOutcome.DisputeRecorded, at)));

        Assert.Equal(PostgresErrorCodes.CheckViolation, refusedBefore.SqlState);
        Assert.Equal(PaymentSessionStatus.Booked, (await sessions.GetAsync(booked.Id))!.Status);
        Assert.Equal(PaymentEventOutcome.Booked, (await inbox.FindAsync("evt_before"))!.Outcome);
        Assert.Equal(PaymentEventOutcome.DisputeRecorded, (await inbox.FindAsync("evt_dispute"))!.Outcome);
        Assert.Equal(PayoutStatus.Pending, payout.Status);
        Assert.Equal(PayoutStatus.Held, held.Payout!.Status);
        Assert.Equal([DisputeStatus.Open], (await payouts.ListDisputesAsync(booked.Id)).Select(d => d.Status));

        // A paid payout without its transfer is refused by the database itself, whoever writes it.
        var error = await Assert.ThrowsAsync<PostgresException>(() => database.ExecuteAsync(
            $"UPDATE \"{schema.Schema}\".payouts SET status = 'paid' WHERE interview_id = $1", payout.InterviewId.Value));
        Assert.Equal("payouts_transfer_check", error.ConstraintName);
    }

    [Fact]
    public async Task A_version_9_schema_with_data_upgrades_in_place_its_indexes_built_concurrently_and_retention_removes_its_old_rows()
    {
        var schema = NewSchema();
        Assert.Equal(9, await schema.MigrateAsync(9));
        var options = new PostgreSqlStoreOptions { Schema = schema.Schema };
        var at = Instant.FromUtc(2030, 1, 1, 8, 0);
        var clock = new NodaTime.Testing.FakeClock(at);

        // Rows as version 9 wrote them, through its stores: a confirmed reservation, a delivered outbox item, a processed event.
        var reservations = new PostgreSqlReservationStore(database.DataSource, clock, options);
        var held = await reservations.TryHoldAsync(new HoldRequest(new InterviewerId("iv-9"), new Interval(at + Duration.FromHours(1), at + Duration.FromHours(2)), "ps-9", at + Duration.FromMinutes(30)));
        await reservations.TryConfirmAsync(held.Reservation!.Id, "ps-9");
        var outbox = new PostgreSqlOutboxStore(database.DataSource, clock, options);
        await outbox.EnqueueAsync(new OutboxMessage("delivered-9", OutboxKinds.Notification, at));
        var lease = Assert.Single(await outbox.LeaseAsync(1, Duration.FromMinutes(1)));
        await outbox.CompleteAsync(lease.Message.Key, lease.LeaseToken!.Value);
        var inbox = new PostgreSqlPaymentEventInbox(database.DataSource, options);
        await inbox.TryRecordAsync(new ProcessedPaymentEvent("evt-9", "checkout.session.completed", null, PaymentEventOutcome.Ignored, at));

        Assert.Equal(PostgreSqlBookingSchema.LatestVersion, await schema.EnsureSchemaAsync());

        Assert.Equal(
            ["outbox_finished_idx", "outbox_session_undelivered_idx", "processed_payment_events_processed_at_idx", "reservations_active_slot_idx", "reservations_slot_end_idx"],
            await Names(
                """
                SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = $1 AND i.indisvalid
                  AND c.relname IN ('outbox_finished_idx', 'outbox_session_undelivered_idx', 'processed_payment_events_processed_at_idx', 'reservations_active_slot_idx',
                                    'reservations_slot_end_idx')
                ORDER BY c.relname
                """,
                schema.Schema));

        // A year later, the rows written before the upgrade go, each kind in its batch, and a second pass finds nothing.
        var retention = new PostgreSqlRetentionStore(database.DataSource, options);
        var cutoffs = RetentionCutoffs.At(at + Duration.FromDays(365), new RetentionOptions());
        Assert.Equal([held.Reservation.Id.Value], (await retention.PurgeReservationsAsync(cutoffs, 10)).RemovedIds);
        Assert.Equal(["delivered-9"], (await retention.PurgeOutboxItemsAsync(cutoffs, 10)).RemovedIds);
        Assert.Equal(["evt-9"], (await retention.PurgePaymentEventsAsync(cutoffs, 10)).RemovedIds);
        Assert.Empty((await retention.PurgeReservationsAsync(cutoffs, 10)).RemovedIds);
        Assert.Empty(await reservations.GetHistoryAsync(held.Reservation.Id));
    }

    [Fact]
    public async Task A_version_11_schema_with_reservations_upgrades_in_place_and_the_match_read_probes_the_new_index()
    {
        var schema = NewSchema();
        Assert.Equal(11, await schema.MigrateAsync(11));
        var options = new PostgreSqlStoreOptions { Schema = schema.Schema };
        var at = Instant.FromUtc(2030, 1, 1, 8, 0);
        var clock = new NodaTime.Testing.FakeClock(at);

        // Rows as version 11 wrote them: a confirmed interview, a live hold, a released one, for two interviewers.
        var reservations = new PostgreSqlReservationStore(database.DataSource, clock, options);
        var (confirmed, held, _) = await WriteOneOfEachAsync(reservations, at);

        Assert.Equal(PostgreSqlBookingSchema.LatestVersion, await schema.EnsureSchemaAsync());

        // Version 12 built its index and version 15 dropped it again, for version 14's, which version 16 replaced by its bytewise one.
        Assert.True(await IndexIsValidAsync(schema.Schema, "reservations_active_interviewer_bytes_idx"));
        Assert.False(await IndexExistsAsync(schema.Schema, "reservations_active_interviewer_idx"));
        Assert.False(await IndexExistsAsync(schema.Schema, "reservations_active_interviewer_end_idx"));
        var active = await reservations.GetActiveAsync([new InterviewerId("iv-a"), new InterviewerId("iv-b")], new Interval(at, at + Duration.FromDays(1)));
        Assert.Equal([confirmed.Id, held.Id], active.Select(r => r.Id));

        // The match's read takes a per-interviewer btree once the planner may not scan the table (version 16's, joined bytewise).
        var plan = await PlanAsync(
            schema.Schema,
            $"""
            SELECT id FROM unnest(ARRAY['iv-a', 'iv-b']) AS wanted(interviewer) JOIN "{schema.Schema}".reservations ON interviewer_id COLLATE "C" = wanted.interviewer
            WHERE lower(slot) < '2030-01-02T08:00Z'::timestamptz AND upper(slot) > '2030-01-01T08:00Z'::timestamptz
              AND status IN ('held', 'confirmed') AND (status = 'confirmed' OR held_until > '2030-01-01T08:00Z'::timestamptz)
            """);
        Assert.Contains("reservations_active_interviewer_bytes_idx", plan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_version_13_schema_with_reservations_upgrades_in_place_and_the_prepared_active_reads_probe_the_index_by_end()
    {
        var schema = NewSchema();
        Assert.Equal(13, await schema.MigrateAsync(13));
        var options = new PostgreSqlStoreOptions { Schema = schema.Schema };
        var at = Instant.FromUtc(2030, 1, 1, 8, 0);
        var clock = new NodaTime.Testing.FakeClock(at);

        // Rows as version 13 wrote them: a confirmed interview in the past, one ahead, a live hold, a released one.
        var reservations = new PostgreSqlReservationStore(database.DataSource, clock, options);
        var past = await reservations.TryHoldAsync(new HoldRequest(new InterviewerId("iv-a"), new Interval(at + Duration.FromHours(1), at + Duration.FromHours(2)), "ps-1", at + Duration.FromMinutes(30)));
        await reservations.TryConfirmAsync(past.Reservation!.Id, "ps-1");
        var ahead = await reservations.TryHoldAsync(new HoldRequest(new InterviewerId("iv-a"), new Interval(at + Duration.FromDays(3), at + Duration.FromDays(3) + Duration.FromHours(1)), "ps-2", at + Duration.FromMinutes(30)));
        await reservations.TryConfirmAsync(ahead.Reservation!.Id, "ps-2");
        var held = await reservations.TryHoldAsync(new HoldRequest(new InterviewerId("iv-b"), new Interval(at + Duration.FromDays(3), at + Duration.FromDays(3) + Duration.FromHours(1)), "ps-3", at + Duration.FromDays(3)));
        var released = await reservations.TryHoldAsync(new HoldRequest(new InterviewerId("iv-b"), new Interval(at + Duration.FromDays(4), at + Duration.FromDays(4) + Duration.FromHours(1)), "ps-4", at + Duration.FromMinutes(30)));
        await reservations.TryReleaseAsync(released.Reservation!.Id, "ps-4");
        clock.Advance(Duration.FromDays(2));

        Assert.Equal(PostgreSqlBookingSchema.LatestVersion, await schema.EnsureSchemaAsync());

        Assert.True(await IndexIsValidAsync(schema.Schema, "reservations_active_interviewer_bytes_idx"));
        var window = new Interval(clock.GetCurrentInstant(), clock.GetCurrentInstant() + Duration.FromDays(7));
        Assert.Equal([ahead.Reservation.Id, held.Reservation!.Id], (await reservations.GetActiveAsync([new InterviewerId("iv-a"), new InterviewerId("iv-b")], window)).Select(r => r.Id));
        Assert.Equal(
            [new ReservedSlot(new InterviewerId("iv-a"), ahead.Reservation.Slot, null), new ReservedSlot(new InterviewerId("iv-b"), held.Reservation.Slot, held.Reservation.HeldUntil)],
            await reservations.GetActiveSlotsAsync([new InterviewerId("iv-a"), new InterviewerId("iv-b")], window));

        // Both reads as the store sends them, on the generic plan a prepared statement may settle on: the probe by interviewer and end.
        foreach (var statement in new[] { reservations.ActiveStatement, reservations.ActiveSlotsStatement })
        {
            var plan = await PlanAsync(
                schema.Schema,
                $"EXECUTE {PreparedPlan} (ARRAY['iv-a', 'iv-b'], '2030-01-03T08:00Z', '2030-01-10T08:00Z', '2030-01-03T08:00Z')",
                // Version 15 dropped version 12's index (interviewer, start), which the planner could as well walk whole on a few rows.
                "SET LOCAL plan_cache_mode = force_generic_plan; " +
                $"PREPARE {PreparedPlan} (text[], timestamptz, timestamptz, timestamptz) AS {statement};");
            Assert.True(plan.Contains("reservations_active_interviewer_bytes_idx", StringComparison.Ordinal), plan);
        }
    }

    [Fact]
    public async Task A_version_12_schema_with_holds_upgrades_in_place_and_a_hold_expires_the_ones_that_ran_out_through_the_new_index()
    {
        var schema = NewSchema();
        Assert.Equal(12, await schema.MigrateAsync(12));
        var options = new PostgreSqlStoreOptions { Schema = schema.Schema };
        var s = $"\"{schema.Schema}\"";
        var at = Instant.FromUtc(2030, 1, 1, 8, 0);
        var clock = new NodaTime.Testing.FakeClock(at);
        var buffered = new HoldRules { BufferBefore = Duration.FromMinutes(15), BufferAfter = Duration.FromMinutes(15) };

        // Rows as version 12 wrote them: on iv-a a buffered hold that runs out at 8:30 and a confirmed interview after it; on iv-b a hold
        // held until noon; on iv-c a hold without a span, as version 2 wrote them, that ran out at 8:30.
        var reservations = new PostgreSqlReservationStore(database.DataSource, clock, options);
        var ranOut = await reservations.TryHoldAsync(
            new HoldRequest(new InterviewerId("iv-a"), new Interval(at + Duration.FromHours(1), at + Duration.FromHours(2)), "ps-1", at + Duration.FromMinutes(30)) { Rules = buffered });
        var confirmed = await reservations.TryHoldAsync(
            new HoldRequest(new InterviewerId("iv-a"), new Interval(at + Duration.FromHours(3), at + Duration.FromHours(4)), "ps-2", at + Duration.FromMinutes(30)));
        await reservations.TryConfirmAsync(confirmed.Reservation!.Id, "ps-2");
        var live = await reservations.TryHoldAsync(
            new HoldRequest(new InterviewerId("iv-b"), new Interval(at + Duration.FromHours(1), at + Duration.FromHours(2)), "ps-3", at + Duration.FromHours(4)));
        await database.ExecuteAsync(
            $"""
            INSERT INTO {s}.reservations (id, interviewer_id, slot, owner, status, held_until, created_at, updated_at)
            VALUES ('res-unspanned', 'iv-c', tstzrange('2030-01-01 09:00Z', '2030-01-01 10:00Z', '[)'), 'ps-4', 'held', '2030-01-01 08:30Z', '2030-01-01 08:00Z', '2030-01-01 08:00Z')
            """);

        Assert.Equal(PostgreSqlBookingSchema.LatestVersion, await schema.EnsureSchemaAsync());
        Assert.True(await IndexIsValidAsync(schema.Schema, "reservations_held_span_idx"));

        // At 9:00, a hold of 10:00-11:00 on iv-a touches the ran-out hold's span (8:45-10:15) but not its slot: that hold expires, with
        // its trail entry, and the slot is taken; a hold of 9:30-10:30 on iv-c overlaps the unspanned hold's slot: that one expires too.
        clock.Advance(Duration.FromHours(1));
        var next = await reservations.TryHoldAsync(
            new HoldRequest(new InterviewerId("iv-a"), new Interval(at + Duration.FromHours(2), at + Duration.FromHours(3)), "ps-5", at + Duration.FromHours(2)));
        var overUnspanned = await reservations.TryHoldAsync(
            new HoldRequest(new InterviewerId("iv-c"), new Interval(at + Duration.FromMinutes(90), at + Duration.FromMinutes(150)), "ps-6", at + Duration.FromHours(2)));

        Assert.True(next.Succeeded);
        Assert.True(overUnspanned.Succeeded);
        Assert.Equal(ReservationStatus.Expired, (await reservations.GetAsync(ranOut.Reservation!.Id))!.Status);
        Assert.Equal(
            new ReservationStatusChange(ranOut.Reservation.Id, ReservationStatus.Held, ReservationStatus.Expired, clock.GetCurrentInstant(), ReservationChangeReasons.Expired),
            (await reservations.GetHistoryAsync(ranOut.Reservation.Id))[^1]);
        Assert.Equal(ReservationStatus.Expired, (await reservations.GetAsync(new ReservationId("res-unspanned")))!.Status);
        Assert.Equal(ReservationStatus.Confirmed, (await reservations.GetAsync(confirmed.Reservation.Id))!.Status);
        Assert.Equal(ReservationStatus.Held, (await reservations.GetAsync(live.Reservation!.Id))!.Status);

        // The expiry statement, as a hold sends it, probes the new index once the planner may not scan the table or take the btree of
        // the active rows by interviewer.
        var plan = await PlanAsync(
            schema.Schema,
            HoldStatements.ExpireOverlapping(s),
            alsoDropped: ["reservations_active_interviewer_bytes_idx"],
            parameters: [Sql.Text("iv-a"), Sql.Timestamp(at + Duration.FromHours(2)), Sql.Timestamp(at + Duration.FromHours(3)), Sql.Timestamp(clock.GetCurrentInstant())]);
        Assert.Contains("Index Scan using reservations_held_span_idx", plan, StringComparison.Ordinal);
        Assert.Contains("COALESCE(occupied, slot) &&", plan.Split('\n').Single(line => line.Contains("Index Cond:", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_version_14_schema_with_reservations_upgrades_in_place_without_version_12s_index_and_reads_and_holds_as_before()
    {
        var schema = NewSchema();
        Assert.Equal(14, await schema.MigrateAsync(14));
        Assert.True(await IndexIsValidAsync(schema.Schema, "reservations_active_interviewer_idx"));
        var options = new PostgreSqlStoreOptions { Schema = schema.Schema };
        var at = Instant.FromUtc(2030, 1, 1, 8, 0);
        var clock = new NodaTime.Testing.FakeClock(at);

        // Rows as version 14 wrote them: a confirmed interview of iv-a, a live hold and a released one of iv-b.
        var reservations = new PostgreSqlReservationStore(database.DataSource, clock, options);
        var (confirmed, held, released) = await WriteOneOfEachAsync(reservations, at);

        Assert.Equal(PostgreSqlBookingSchema.LatestVersion, await schema.EnsureSchemaAsync());

        Assert.False(await IndexExistsAsync(schema.Schema, "reservations_active_interviewer_idx"));
        Assert.True(await IndexIsValidAsync(schema.Schema, "reservations_active_interviewer_bytes_idx"));
        var ids = new[] { new InterviewerId("iv-a"), new InterviewerId("iv-b") };
        var day = new Interval(at, at + Duration.FromDays(1));
        Assert.Equal([confirmed.Id, held.Id], (await reservations.GetActiveAsync(ids, day)).Select(r => r.Id));
        Assert.Equal(
            [new ReservedSlot(ids[0], confirmed.Slot, null), new ReservedSlot(ids[1], held.Slot, held.HeldUntil)],
            await reservations.GetActiveSlotsAsync(ids, day));

        // The overlap is still refused, and the released slot can be held again.
        Assert.False((await reservations.TryHoldAsync(new HoldRequest(ids[0], confirmed.Slot, "ps-4", at + Duration.FromMinutes(30)))).Succeeded);
        Assert.True((await reservations.TryHoldAsync(new HoldRequest(ids[1], released.Slot, "ps-5", at + Duration.FromMinutes(30)))).Succeeded);

        // Both active reads, as the store sends them, probe version 16's index once the planner may not scan the table.
        foreach (var statement in new[] { reservations.ActiveStatement, reservations.ActiveSlotsStatement })
        {
            var plan = await PlanAsync(
                schema.Schema,
                $"EXECUTE {PreparedPlan} (ARRAY['iv-a', 'iv-b'], '2030-01-01T08:00Z', '2030-01-02T08:00Z', '2030-01-01T08:00Z')",
                $"PREPARE {PreparedPlan} (text[], timestamptz, timestamptz, timestamptz) AS {statement};");
            Assert.True(plan.Contains("reservations_active_interviewer_bytes_idx", StringComparison.Ordinal), plan);
        }
    }

    [Fact]
    public async Task A_version_15_schema_with_reservations_upgrades_in_place_to_the_bytewise_index_and_reads_prepared_and_unprepared_as_before()
    {
        var schema = NewSchema();
        Assert.Equal(15, await schema.MigrateAsync(15));
        Assert.True(await IndexIsValidAsync(schema.Schema, "reservations_active_interviewer_end_idx"));
        Assert.False(await IndexExistsAsync(schema.Schema, "reservations_active_interviewer_bytes_idx"));
        var at = Instant.FromUtc(2030, 1, 1, 8, 0);
        var clock = new NodaTime.Testing.FakeClock(at);

        // Rows as version 15 wrote them: a confirmed interview of iv-a, a live hold and a released one of iv-b.
        var prepared = new PostgreSqlReservationStore(database.DataSource, clock, new PostgreSqlStoreOptions { Schema = schema.Schema });
        var unprepared = new PostgreSqlReservationStore(database.DataSource, clock, new PostgreSqlStoreOptions { Schema = schema.Schema, PrepareActiveReads = false });
        var (confirmed, held, released) = await WriteOneOfEachAsync(prepared, at);

        Assert.Equal(PostgreSqlBookingSchema.LatestVersion, await schema.EnsureSchemaAsync());

        // Version 16 built its index first, then dropped version 14's.
        Assert.True(await IndexIsValidAsync(schema.Schema, "reservations_active_interviewer_bytes_idx"));
        Assert.False(await IndexExistsAsync(schema.Schema, "reservations_active_interviewer_end_idx"));
        var ids = new[] { new InterviewerId("iv-a"), new InterviewerId("iv-b") };
        var day = new Interval(at, at + Duration.FromDays(1));
        foreach (var reservations in new[] { prepared, unprepared })
        {
            // Called more than five times, so the prepared reads also run on whichever plan PostgreSQL settles on.
            for (var call = 0; call < 7; call++)
            {
                Assert.Equal([confirmed.Id, held.Id], (await reservations.GetActiveAsync(ids, day)).Select(r => r.Id));
                Assert.Equal(
                    [new ReservedSlot(ids[0], confirmed.Slot, null), new ReservedSlot(ids[1], held.Slot, held.HeldUntil)],
                    await reservations.GetActiveSlotsAsync(ids, day));
            }
        }

        // The overlap is still refused, and the released slot can be held again.
        Assert.False((await prepared.TryHoldAsync(new HoldRequest(ids[0], confirmed.Slot, "ps-4", at + Duration.FromMinutes(30)))).Succeeded);
        Assert.True((await prepared.TryHoldAsync(new HoldRequest(ids[1], released.Slot, "ps-5", at + Duration.FromMinutes(30)))).Succeeded);
    }

    [Fact]
    public async Task An_index_an_interrupted_concurrent_build_left_invalid_is_dropped_and_built_again()
    {
        var schema = NewSchema();
        await schema.MigrateAsync(9);
        var s = $"\"{schema.Schema}\"";
        var at = Instant.FromUtc(2030, 1, 1, 8, 0).ToDateTimeUtc();
        await database.ExecuteAsync(
            $"INSERT INTO {s}.processed_payment_events (event_id, event_type, outcome, processed_at) VALUES ('evt-a', 't', 'ignored', $1), ('evt-b', 't', 'ignored', $1)", at);

        // A concurrent build that fails part-way (here: a unique index over equal values) leaves an INVALID index under migration 10's name.
        await Assert.ThrowsAsync<PostgresException>(() => database.ExecuteAsync(
            $"CREATE UNIQUE INDEX CONCURRENTLY processed_payment_events_processed_at_idx ON {s}.processed_payment_events (processed_at)"));
        Assert.False(await IndexIsValidAsync(schema.Schema, "processed_payment_events_processed_at_idx"));

        Assert.Equal(PostgreSqlBookingSchema.LatestVersion, await schema.EnsureSchemaAsync());

        Assert.True(await IndexIsValidAsync(schema.Schema, "processed_payment_events_processed_at_idx"));
        Assert.Equal(
            $"CREATE INDEX processed_payment_events_processed_at_idx ON {schema.Schema}.processed_payment_events USING btree (processed_at, event_id)",
            await database.ScalarAsync<string>("SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND indexname = 'processed_payment_events_processed_at_idx'", schema.Schema));
    }

    [Fact]
    public async Task Instances_upgrading_a_version_9_schema_at_once_build_each_concurrent_index_once_and_all_end_at_the_latest_version()
    {
        var schema = NewSchema();
        await schema.MigrateAsync(9);
        await database.ExecuteAsync(
            $"INSERT INTO \"{schema.Schema}\".processed_payment_events (event_id, event_type, outcome, processed_at) SELECT 'evt-' || n, 't', 'ignored', now() FROM generate_series(1, 5000) AS n");

        var versions = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() =>
            new PostgreSqlBookingSchema(database.DataSource, new PostgreSqlStoreOptions { Schema = schema.Schema }).EnsureSchemaAsync())));

        Assert.All(versions, v => Assert.Equal(PostgreSqlBookingSchema.LatestVersion, v));
        Assert.Equal(
            [10, 11, 12, 13, 14, 15, 16],
            (await Names($"SELECT version::text FROM \"{schema.Schema}\".schema_versions WHERE version > 9 ORDER BY version", schema.Schema)).Select(int.Parse));
        Assert.True(await IndexIsValidAsync(schema.Schema, "reservations_slot_end_idx"));
        Assert.True(await IndexIsValidAsync(schema.Schema, "outbox_finished_idx"));
        Assert.True(await IndexIsValidAsync(schema.Schema, "reservations_active_interviewer_bytes_idx"));
        Assert.False(await IndexExistsAsync(schema.Schema, "reservations_active_interviewer_end_idx"));
    }

    [Fact]
    public async Task Concurrent_EnsureSchema_calls_from_many_instances_apply_each_migration_once()
    {
        var name = PostgresServer.NewSchemaName("ib_race");
        _schemas.Add(name);

        var versions = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            new PostgreSqlBookingSchema(database.DataSource, new PostgreSqlStoreOptions { Schema = name }).EnsureSchemaAsync())));

        Assert.All(versions, v => Assert.Equal(PostgreSqlBookingSchema.LatestVersion, v));
        Assert.Equal((long)Migrations.All.Count, await database.ScalarAsync<long>($"SELECT count(*) FROM \"{name}\".schema_versions"));
    }

    [Fact]
    public async Task Constraint_and_index_names_are_fixed_per_schema_so_two_schemas_hold_the_same_set()
    {
        var one = NewSchema();
        var two = NewSchema();
        await one.EnsureSchemaAsync();
        await two.EnsureSchemaAsync();

        var indexesOfOne = await IndexesOf(one.Schema);

        Assert.Equal(indexesOfOne, await IndexesOf(two.Schema));
        Assert.Contains("reservations_no_overlap", indexesOfOne);
        Assert.Equal(
            2L,
            await database.ScalarAsync<long>(
                "SELECT count(*) FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE c.conname = 'reservations_no_overlap' AND c.contype = 'x' AND n.nspname = ANY($1)",
                (object)new[] { one.Schema, two.Schema }));
    }

    [Fact]
    public async Task A_schema_newer_than_the_library_is_refused_and_left_alone()
    {
        var schema = NewSchema();
        await schema.EnsureSchemaAsync();
        var newer = PostgreSqlBookingSchema.LatestVersion + 1;
        await database.ExecuteAsync($"INSERT INTO \"{schema.Schema}\".schema_versions (version, description) VALUES ($1, 'from a later release')", newer);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => schema.EnsureSchemaAsync());

        Assert.Contains($"version {newer}, newer than this library", error.Message, StringComparison.Ordinal);
        Assert.Equal(newer, await schema.GetVersionAsync());
    }

    [Fact]
    public async Task Stores_on_a_schema_never_created_say_how_to_create_it()
    {
        var options = new PostgreSqlStoreOptions { Schema = PostgresServer.NewSchemaName("ib_missing") };
        var store = new PostgreSqlPaymentSessionStore(database.DataSource, options);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.GetAsync(PaymentSessionId.New()));

        Assert.Contains("EnsureSchemaAsync", error.Message, StringComparison.Ordinal);
        Assert.IsType<PostgresException>(error.InnerException);
    }

    [Fact]
    public async Task The_database_itself_refuses_overlapping_active_reservations_whoever_writes_them()
    {
        var table = database.Table("reservations");
        const string insert = "INSERT INTO {0} (id, interviewer_id, slot, owner, status, held_until, created_at, updated_at) " +
            "VALUES ($1, 'iv-direct', tstzrange('2030-01-01 09:00Z', '2030-01-01 10:00Z', '[)'), 'someone', $2, now(), now(), now())";
        await database.ExecuteAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, insert, table), "direct-1", "confirmed");

        var error = await Assert.ThrowsAsync<PostgresException>(() =>
            database.ExecuteAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, insert, table), "direct-2", "held"));
        await database.ExecuteAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, insert, table), "direct-3", "released");

        Assert.Equal(PostgresErrorCodes.ExclusionViolation, error.SqlState);
        Assert.Equal("reservations_no_overlap", error.ConstraintName);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Booking")]
    [InlineData("interview-booking")]
    [InlineData("pg_booking")]
    [InlineData("1booking")]
    [InlineData("booking\"; DROP TABLE x; --")]
    public void Unusable_schema_names_are_refused_before_any_SQL(string name)
    {
        var options = new PostgreSqlStoreOptions { Schema = name };

        var error = Assert.Throws<ArgumentException>(() => new PostgreSqlBookingSchema(database.DataSource, options));

        Assert.Contains("Schema must be", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new PostgreSqlReservationStore(database.DataSource, SystemClock.Instance, options));
    }

    [Fact]
    public void A_63_character_schema_name_is_accepted_and_64_is_not()
    {
        _ = new PostgreSqlBookingSchema(database.DataSource, new PostgreSqlStoreOptions { Schema = new string('a', 63) });

        Assert.Throws<ArgumentException>(() => new PostgreSqlBookingSchema(database.DataSource, new PostgreSqlStoreOptions { Schema = new string('a', 64) }));
    }

    private PostgreSqlBookingSchema NewSchema()
    {
        var name = PostgresServer.NewSchemaName("ib_schema");
        _schemas.Add(name);
        return new PostgreSqlBookingSchema(database.DataSource, new PostgreSqlStoreOptions { Schema = name });
    }

    /// <summary>The name <see cref="PlanAsync"/> prepares a statement under, when asked to.</summary>
    private const string PreparedPlan = "plan_under_test";

    /// <summary>
    /// The plan of <paramref name="sql"/> with the table scan and the reservations' other indexes an interviewer's probe could use taken away
    /// (inside a transaction rolled back): on a few test rows the planner would otherwise pick any of them.
    /// </summary>
    /// <param name="schema">The schema.</param>
    /// <param name="sql">The statement explained.</param>
    /// <param name="prepare">Statements run first (a <c>PREPARE</c> of <see cref="PreparedPlan"/>, say), deallocated after.</param>
    /// <param name="alsoDropped">Further indexes taken away.</param>
    /// <param name="parameters">The statement's parameters.</param>
    private async Task<string> PlanAsync(string schema, string sql, string? prepare = null, string[]? alsoDropped = null, NpgsqlParameter[]? parameters = null)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var setUp = new NpgsqlCommand(
            $"""
            ALTER TABLE "{schema}".reservations DROP CONSTRAINT reservations_no_overlap, DROP CONSTRAINT reservations_no_crowding;
            DROP INDEX "{schema}".reservations_active_slot_idx, "{schema}".reservations_slot_end_idx;
            {string.Concat((alsoDropped ?? []).Select(index => $"DROP INDEX \"{schema}\".{index};"))}
            SET LOCAL enable_seqscan = off;
            """,
            connection,
            transaction))
        {
            await setUp.ExecuteNonQueryAsync();
        }

        if (prepare is not null)
        {
            await using var prepared = new NpgsqlCommand(prepare, connection, transaction);
            await prepared.ExecuteNonQueryAsync();
        }

        await using var explain = new NpgsqlCommand("EXPLAIN " + sql, connection, transaction);
        explain.Parameters.AddRange(parameters ?? []);
        var lines = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                lines.Add(reader.GetString(0));
            }
        }

        await transaction.RollbackAsync();
        if (prepare is not null)
        {
            // A prepared statement outlives the transaction; only this one goes (Npgsql's own stay on the pooled connection).
            await using var deallocate = new NpgsqlCommand($"DEALLOCATE {PreparedPlan}", connection);
            await deallocate.ExecuteNonQueryAsync();
        }

        return string.Join('\n', lines);
    }

    /// <summary>A confirmed interview of iv-a (1-2 h after <paramref name="at"/>), a live hold of iv-b (3-4 h) and a released hold of iv-b (5-6 h).</summary>
    private static async Task<(Reservation Confirmed, Reservation Held, Reservation Released)> WriteOneOfEachAsync(PostgreSqlReservationStore reservations, Instant at)
    {
        var confirmed = await reservations.TryHoldAsync(new HoldRequest(new InterviewerId("iv-a"), new Interval(at + Duration.FromHours(1), at + Duration.FromHours(2)), "ps-1", at + Duration.FromMinutes(30)));
        await reservations.TryConfirmAsync(confirmed.Reservation!.Id, "ps-1");
        var held = await reservations.TryHoldAsync(new HoldRequest(new InterviewerId("iv-b"), new Interval(at + Duration.FromHours(3), at + Duration.FromHours(4)), "ps-2", at + Duration.FromMinutes(30)));
        var released = await reservations.TryHoldAsync(new HoldRequest(new InterviewerId("iv-b"), new Interval(at + Duration.FromHours(5), at + Duration.FromHours(6)), "ps-3", at + Duration.FromMinutes(30)));
        await reservations.TryReleaseAsync(released.Reservation!.Id, "ps-3");
        return (confirmed.Reservation, held.Reservation!, released.Reservation);
    }

    private Task<bool> IndexIsValidAsync(string schema, string index) => database.ScalarAsync<bool>(
        "SELECT i.indisvalid FROM pg_index i WHERE i.indexrelid = to_regclass($1)", $"\"{schema}\".{index}");

    private Task<bool> IndexExistsAsync(string schema, string index) => database.ScalarAsync<bool>(
        "SELECT to_regclass($1) IS NOT NULL", $"\"{schema}\".{index}");

    private async Task<string[]> TablesOf(string schema) => await Names(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name", schema);

    private async Task<string[]> IndexesOf(string schema) => await Names(
        "SELECT indexname FROM pg_indexes WHERE schemaname = $1 ORDER BY indexname", schema);

    private async Task<string[]> Names(string sql, string schema)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = schema });
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return [.. names];
    }
}
