namespace InterviewBooking.PostgreSql;

/// <summary>
/// One step of the schema, applied once, in order, by <see cref="PostgreSqlBookingSchema.EnsureSchemaAsync"/>: its <see cref="Sql"/> inside the
/// upgrade's transaction, or, for a step made by <see cref="Concurrently"/> or <see cref="DropConcurrently"/>, its <see cref="ConcurrentIndexes"/>
/// each built on its own (or its <see cref="DroppedIndexes"/> each dropped on its own), outside any transaction, so the tables stay writable
/// while a large one is indexed and no lock on a live table waits in a queue.
/// </summary>
/// <param name="Version">The version the schema is at after this step.</param>
/// <param name="Description">What the step does, stored in <c>schema_versions</c>.</param>
/// <param name="Sql">The DDL, given the quoted schema name; empty for a concurrent step.</param>
internal sealed record Migration(int Version, string Description, Func<string, string> Sql)
{
    /// <summary>The indexes a concurrent step builds with <c>CREATE INDEX CONCURRENTLY</c>; empty for a transactional step.</summary>
    public IReadOnlyList<ConcurrentIndex> ConcurrentIndexes { get; private init; } = [];

    /// <summary>The indexes a concurrent step drops with <c>DROP INDEX CONCURRENTLY IF EXISTS</c>, after building its own.</summary>
    public IReadOnlyList<string> DroppedIndexes { get; private init; } = [];

    /// <summary>Whether the step runs outside the upgrade's transaction (<see cref="ConcurrentIndexes"/>, <see cref="DroppedIndexes"/>).</summary>
    public bool IsConcurrent => ConcurrentIndexes.Count > 0 || DroppedIndexes.Count > 0;

    /// <summary>A step that only adds indexes to tables that may be live and large: each is built <c>CONCURRENTLY</c>, on its own.</summary>
    public static Migration Concurrently(int version, string description, params ConcurrentIndex[] indexes) =>
        new(version, description, static _ => string.Empty) { ConcurrentIndexes = indexes };

    /// <summary>
    /// A step that only drops indexes no statement uses any more: each is dropped <c>CONCURRENTLY</c>, on its own, so it never waits for an
    /// exclusive lock on a live table while the reads and writes queued behind it wait too.
    /// </summary>
    public static Migration DropConcurrently(int version, string description, params string[] indexNames) =>
        new(version, description, static _ => string.Empty) { DroppedIndexes = indexNames };

    /// <summary>
    /// A step that replaces indexes: it builds <paramref name="built"/> <c>CONCURRENTLY</c> first, then drops <paramref name="dropped"/>
    /// <c>CONCURRENTLY</c>, so the tables are never without an index for the statements that move from the old ones to the new.
    /// </summary>
    public static Migration ReplaceConcurrently(int version, string description, ConcurrentIndex[] built, params string[] dropped) =>
        new(version, description, static _ => string.Empty) { ConcurrentIndexes = built, DroppedIndexes = dropped };
}

/// <summary>An index a concurrent step builds: its name (fixed per table, as every index's) and what follows <c>ON</c>, given the quoted schema.</summary>
/// <param name="Name">The index's name.</param>
/// <param name="Definition">The table, columns and predicate: <c>{schema}.table (columns) WHERE ...</c>.</param>
internal sealed record ConcurrentIndex(string Name, Func<string, string> Definition);

/// <summary>
/// Every schema version, oldest first. A released migration never changes: a change of the schema is a new migration appended here,
/// additive where it can be (a new column nullable or with a default, a new table, a new index), so instances still on the previous
/// version keep working while a rolling deployment upgrades them.
/// </summary>
internal static class Migrations
{
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "reservations with a no-overlap exclusion constraint, payment sessions, coupon redemptions, processed payment events", Version1),
        new(2, "audit trails of payment sessions and reservations, reschedule and cancellation fields of payment sessions, interviews", Version2),
        new(3, "interviewer rules in the store: occupied spans with a no-crowding exclusion constraint, day and candidate lock rows, coupon uses reserved by holds", Version3),
        new(4, "idempotency keys of payment sessions, unique per candidate, with the fingerprint of the request", Version4),
        new(5, "outbox of side effects, written with the payment session changes that cause them", Version5),
        new(6, "refunded payment sessions: the provider's payment reference and the refund issued", Version6),
        new(7, "interviewer directory: profiles with a version per row and a directory-wide change number, removals kept as tombstones", Version7),
        new(8, "the interview's lifecycle: completion, no-shows, who canceled, feedback and ratings, its audit trail; rebooked payment sessions", Version8),
        new(9, "payout ledger: one payout per completed interview with its audit trail, disputes of payment sessions' charges", Version9),
        Migration.Concurrently(10, "indexes built concurrently: active reservations by slot alone (the match's reads), retention's oldest-first reads of reservations, outbox items and processed payment events, undelivered outbox items by session", Version10()),
        new(11, "retention: the reliability counts of interviews removed, per interviewer", Version11),
        Migration.Concurrently(12, "index built concurrently: active reservations by interviewer and start (the match's per-interviewer reads)", Version12()),
        Migration.Concurrently(13, "index built concurrently: held reservations by interviewer and span (the hold's expiry of the holds that ran out)", Version13()),
        Migration.Concurrently(14, "index built concurrently: active reservations by interviewer, end and start (the active reads' probes, bounded by the window's start)", Version14()),
        Migration.DropConcurrently(15, "index dropped concurrently: version 12's active reservations by interviewer and start, which no statement reads since version 14's", Version15()),
        Migration.ReplaceConcurrently(16, "index replaced concurrently: active reservations by interviewer (byte order), end and start, for version 14's by interviewer, end and start", Version16(), "reservations_active_interviewer_end_idx"),
    ];

    public static int Latest => All[^1].Version;

    // Names of constraints and indexes are fixed per table, so each schema holds one set and several schemas never collide.
    private static string Version1(string s) => $$"""
        CREATE TABLE {{s}}.reservations (
            id             text        NOT NULL,
            interviewer_id text        NOT NULL,
            slot           tstzrange   NOT NULL,
            owner          text        NOT NULL,
            status         text        NOT NULL,
            held_until     timestamptz NOT NULL,
            created_at     timestamptz NOT NULL,
            updated_at     timestamptz NOT NULL,
            CONSTRAINT reservations_pkey PRIMARY KEY (id),
            CONSTRAINT reservations_status_check CHECK (status IN ('held', 'confirmed', 'released', 'expired')),
            CONSTRAINT reservations_slot_check CHECK (NOT isempty(slot) AND NOT lower_inf(slot) AND NOT upper_inf(slot) AND lower_inc(slot) AND NOT upper_inc(slot)),
            -- The promise "no two active reservations of one interviewer overlap", kept by the database for every instance.
            -- The constraint cannot read the clock: a hold first marks as expired the holds of that interviewer over the slot that ran out.
            CONSTRAINT reservations_no_overlap EXCLUDE USING gist (interviewer_id WITH =, slot WITH &&) WHERE (status IN ('held', 'confirmed'))
        );

        CREATE TABLE {{s}}.payment_sessions (
            id                  text        NOT NULL,
            status              text        NOT NULL,
            version             bigint      NOT NULL,
            candidate_id        text        NOT NULL,
            candidate_name      text        NOT NULL,
            candidate_email     text        NOT NULL,
            candidate_time_zone text        NOT NULL,
            interviewer_id      text        NULL,
            reservation_id      text        NULL,
            slot_start          timestamptz NULL,
            slot_end            timestamptz NULL,
            selected_time_slot  text        NULL,
            selected_date       date        NULL,
            match_score         integer     NULL,
            matched_interviewer jsonb       NULL,
            plan_id             text        NOT NULL,
            add_ons             jsonb       NOT NULL,
            price_minor_units   bigint      NOT NULL,
            price_currency      text        NOT NULL,
            price_lines         jsonb       NOT NULL,
            status_reason       text        NULL,
            provider_reference  text        NULL,
            checkout_url        text        NULL,
            interview_id        text        NULL,
            last_event_id       text        NULL,
            created_at          timestamptz NOT NULL,
            updated_at          timestamptz NOT NULL,
            expires_at          timestamptz NOT NULL,
            CONSTRAINT payment_sessions_pkey PRIMARY KEY (id),
            CONSTRAINT payment_sessions_status_check CHECK (status IN (
                'pending', 'processing', 'paid', 'booking', 'booked', 'expired', 'canceled', 'failed', 'refund_required')),
            CONSTRAINT payment_sessions_version_check CHECK (version >= 1),
            CONSTRAINT payment_sessions_price_check CHECK (price_minor_units >= 0 AND price_currency ~ '^[A-Z]{3}$')
        );
        CREATE INDEX payment_sessions_status_idx ON {{s}}.payment_sessions (status, updated_at);
        CREATE INDEX payment_sessions_interviewer_idx ON {{s}}.payment_sessions (interviewer_id) WHERE interviewer_id IS NOT NULL;
        CREATE INDEX payment_sessions_reservation_idx ON {{s}}.payment_sessions (reservation_id) WHERE reservation_id IS NOT NULL;
        CREATE INDEX payment_sessions_provider_reference_idx ON {{s}}.payment_sessions (provider_reference) WHERE provider_reference IS NOT NULL;

        CREATE TABLE {{s}}.coupons (
            code             text    NOT NULL,
            redemption_count integer NOT NULL,
            CONSTRAINT coupons_pkey PRIMARY KEY (code),
            CONSTRAINT coupons_redemption_count_check CHECK (redemption_count >= 0)
        );

        CREATE TABLE {{s}}.coupon_redemptions (
            code        text        NOT NULL,
            session_id  text        NOT NULL,
            redeemed_at timestamptz NOT NULL,
            CONSTRAINT coupon_redemptions_pkey PRIMARY KEY (code, session_id),
            CONSTRAINT coupon_redemptions_code_fkey FOREIGN KEY (code) REFERENCES {{s}}.coupons (code)
        );

        CREATE TABLE {{s}}.processed_payment_events (
            event_id     text        NOT NULL,
            event_type   text        NOT NULL,
            session_id   text        NULL,
            outcome      text        NOT NULL,
            processed_at timestamptz NOT NULL,
            CONSTRAINT processed_payment_events_pkey PRIMARY KEY (event_id),
            CONSTRAINT processed_payment_events_outcome_check CHECK (outcome IN (
                'booked', 'awaiting_payment', 'released', 'refund_required', 'ignored', 'session_not_found', 'in_progress'))
        );
        CREATE INDEX processed_payment_events_session_idx ON {{s}}.processed_payment_events (session_id) WHERE session_id IS NOT NULL;
        """;

    // Additive: new tables, new columns with defaults (no table rewrite), and the session status check widened by booking_canceled.
    // Rows written before it have no audit trail entries: a trail starts with the first change after the upgrade.
    private static string Version2(string s) => $$"""
        ALTER TABLE {{s}}.payment_sessions DROP CONSTRAINT payment_sessions_status_check;
        ALTER TABLE {{s}}.payment_sessions ADD CONSTRAINT payment_sessions_status_check CHECK (status IN (
            'pending', 'processing', 'paid', 'booking', 'booked', 'expired', 'canceled', 'failed', 'refund_required', 'booking_canceled'));
        ALTER TABLE {{s}}.payment_sessions
            ADD COLUMN invite_sequence    integer NOT NULL DEFAULT 0,
            ADD COLUMN refund_minor_units bigint  NULL,
            ADD COLUMN refund_currency    text    NULL,
            ADD COLUMN refund_percent     integer NULL,
            ADD COLUMN refund_policy      text    NULL,
            ADD CONSTRAINT payment_sessions_invite_sequence_check CHECK (invite_sequence >= 0),
            -- A refund decision is all four columns or none.
            ADD CONSTRAINT payment_sessions_refund_check CHECK (
                num_nulls(refund_minor_units, refund_currency, refund_percent, refund_policy) IN (0, 4)
                AND refund_minor_units >= 0 AND refund_currency ~ '^[A-Z]{3}$' AND refund_percent BETWEEN 0 AND 100);

        -- Written by the same statement as the change it records (creation, or a compare-and-set), so a trail never misses or invents one.
        CREATE TABLE {{s}}.payment_session_history (
            session_id  text        NOT NULL,
            version     bigint      NOT NULL,
            from_status text        NULL,
            to_status   text        NOT NULL,
            at          timestamptz NOT NULL,
            reason      text        NULL,
            event_id    text        NULL,
            CONSTRAINT payment_session_history_pkey PRIMARY KEY (session_id, version),
            CONSTRAINT payment_session_history_session_fkey FOREIGN KEY (session_id) REFERENCES {{s}}.payment_sessions (id) ON DELETE CASCADE
        );

        -- Entries of one reservation are ordered by entry_id: every change of a reservation updates (and so locks) its row first.
        CREATE TABLE {{s}}.reservation_history (
            entry_id       bigint      GENERATED ALWAYS AS IDENTITY,
            reservation_id text        NOT NULL,
            from_status    text        NULL,
            to_status      text        NOT NULL,
            at             timestamptz NOT NULL,
            reason         text        NOT NULL,
            CONSTRAINT reservation_history_pkey PRIMARY KEY (entry_id),
            CONSTRAINT reservation_history_reservation_fkey FOREIGN KEY (reservation_id) REFERENCES {{s}}.reservations (id) ON DELETE CASCADE
        );
        CREATE INDEX reservation_history_reservation_idx ON {{s}}.reservation_history (reservation_id, entry_id);

        -- One interview per idempotency key (the payment session id), whichever instance schedules it.
        CREATE TABLE {{s}}.interviews (
            id                 text        NOT NULL,
            idempotency_key    text        NOT NULL,
            payment_session_id text        NOT NULL,
            interviewer_id     text        NOT NULL,
            request            jsonb       NOT NULL,
            requested_slot     tstzrange   NOT NULL,
            slot               tstzrange   NOT NULL,
            reservation_id     text        NOT NULL,
            meeting_link       text        NULL,
            status             text        NOT NULL,
            sequence           integer     NOT NULL,
            scheduled_at       timestamptz NOT NULL,
            CONSTRAINT interviews_pkey PRIMARY KEY (id),
            CONSTRAINT interviews_idempotency_key_key UNIQUE (idempotency_key),
            CONSTRAINT interviews_status_check CHECK (status IN ('scheduled', 'canceled')),
            CONSTRAINT interviews_sequence_check CHECK (sequence >= 0)
        );
        CREATE INDEX interviews_payment_session_idx ON {{s}}.interviews (payment_session_id);
        CREATE INDEX interviews_interviewer_idx ON {{s}}.interviews (interviewer_id, lower(slot));
        """;

    // Additive, so version-2 instances keep working during a rolling upgrade. Rows written before (or by version-2 instances meanwhile)
    // have no occupied span: they may already sit inside one another's buffers, and an exclusion constraint cannot be added NOT VALID, so
    // the new constraint covers only rows with a span, and a hold checks the rows without one itself (as zero-buffer reservations).
    private static string Version3(string s) => $$"""
        ALTER TABLE {{s}}.reservations
            ADD COLUMN occupied     tstzrange NULL,
            ADD COLUMN candidate_id text      NULL,
            ADD CONSTRAINT reservations_occupied_check CHECK (
                occupied IS NULL OR (occupied @> slot AND lower_inc(occupied) AND NOT upper_inc(occupied))),
            -- The interviewer's buffers: the spans (slot widened by the buffers it was held with) of active reservations never overlap.
            ADD CONSTRAINT reservations_no_crowding EXCLUDE USING gist (interviewer_id WITH =, occupied WITH &&)
                WHERE (status IN ('held', 'confirmed') AND occupied IS NOT NULL);
        CREATE INDEX reservations_candidate_held_idx ON {{s}}.reservations (candidate_id, held_until)
            WHERE status = 'held' AND candidate_id IS NOT NULL;

        -- Lock rows only: a capped hold locks its (interviewer, local date) row, a capped candidate's hold the candidate's row, for the
        -- hold's transaction, so holds that count the same day or candidate run one after another on every instance.
        CREATE TABLE {{s}}.interviewer_days (
            interviewer_id text NOT NULL,
            local_date     date NOT NULL,
            CONSTRAINT interviewer_days_pkey PRIMARY KEY (interviewer_id, local_date)
        );
        CREATE TABLE {{s}}.candidate_holds (
            candidate_id text NOT NULL,
            CONSTRAINT candidate_holds_pkey PRIMARY KEY (candidate_id)
        );

        -- A use reserved by a hold until held_until; NULL is a paid use (every row written before). Both count against the limit.
        ALTER TABLE {{s}}.coupon_redemptions ADD COLUMN held_until timestamptz NULL;
        """;

    // Additive: two nullable columns and a partial unique index. Rows written before have no key and never collide; instances still on
    // the previous version write none, so their starts are not idempotent but cannot break the index. The index is built inside the
    // upgrade's transaction (not CONCURRENTLY): it locks payment_sessions against writes while it builds, which is brief at these sizes.
    private static string Version4(string s) => $$"""
        ALTER TABLE {{s}}.payment_sessions
            ADD COLUMN idempotency_key     text NULL,
            ADD COLUMN request_fingerprint text NULL;
        CREATE UNIQUE INDEX payment_sessions_idempotency_key_idx ON {{s}}.payment_sessions (candidate_id, idempotency_key)
            WHERE idempotency_key IS NOT NULL;
        """;

    // Additive: one new table. Instances on the previous version never read it (and write no messages), so a rolling upgrade is safe.
    // A pending or leased item is due at next_attempt_at (a lease sets it to leased_until), so one partial index serves every lease.
    private static string Version5(string s) => $$"""
        CREATE TABLE {{s}}.outbox (
            key             text        NOT NULL,
            kind            text        NOT NULL,
            session_id      text        NULL,
            data            jsonb       NOT NULL,
            due_at          timestamptz NOT NULL,
            status          text        NOT NULL,
            attempts        integer     NOT NULL DEFAULT 0,
            next_attempt_at timestamptz NOT NULL,
            lease_token     uuid        NULL,
            leased_until    timestamptz NULL,
            last_error      text        NULL,
            created_at      timestamptz NOT NULL,
            finished_at     timestamptz NULL,
            CONSTRAINT outbox_pkey PRIMARY KEY (key),
            CONSTRAINT outbox_status_check CHECK (status IN ('pending', 'leased', 'completed', 'dead_lettered')),
            CONSTRAINT outbox_attempts_check CHECK (attempts >= 0),
            -- Only a leased item has a lease, and it always has both its token and its end.
            CONSTRAINT outbox_lease_check CHECK ((status = 'leased') = (lease_token IS NOT NULL) AND (lease_token IS NULL) = (leased_until IS NULL))
        );
        CREATE INDEX outbox_due_idx ON {{s}}.outbox (next_attempt_at, key) WHERE status IN ('pending', 'leased');
        CREATE INDEX outbox_session_idx ON {{s}}.outbox (session_id, created_at) WHERE session_id IS NOT NULL;
        CREATE INDEX outbox_dead_lettered_idx ON {{s}}.outbox (finished_at DESC, key) WHERE status = 'dead_lettered';
        """;

    // Additive: nullable columns (no table rewrite) and the session status check widened by refunded.
    private static string Version6(string s) => $$"""
        ALTER TABLE {{s}}.payment_sessions DROP CONSTRAINT payment_sessions_status_check;
        ALTER TABLE {{s}}.payment_sessions ADD CONSTRAINT payment_sessions_status_check CHECK (status IN (
            'pending', 'processing', 'paid', 'booking', 'booked', 'expired', 'canceled', 'failed', 'refund_required', 'booking_canceled', 'refunded'));
        ALTER TABLE {{s}}.payment_sessions
            ADD COLUMN provider_payment_reference text        NULL,
            ADD COLUMN refund_id                  text        NULL,
            ADD COLUMN refunded_minor_units       bigint      NULL,
            ADD COLUMN refunded_currency          text        NULL,
            ADD COLUMN refunded_at                timestamptz NULL,
            -- A refund issued is all four columns or none, and a refunded session has one.
            ADD CONSTRAINT payment_sessions_refunded_check CHECK (
                num_nulls(refund_id, refunded_minor_units, refunded_currency, refunded_at) IN (0, 4)
                AND refunded_minor_units >= 0 AND refunded_currency ~ '^[A-Z]{3}$'
                AND (status <> 'refunded' OR refund_id IS NOT NULL));
        """;

    // Additive: two new tables, which instances on the previous version never read. Every write takes the one row of
    // interviewer_directory (its update locks it), so change numbers are handed out and committed in one order across instances and a
    // reader that has seen change n has seen every change up to n: "rows with change > n" is all it missed. A removal keeps the row as a
    // tombstone (removed, its personal fields cleared) with a new change number, so an instance that missed the notification still sees it.
    private static string Version7(string s) => $$"""
        CREATE TABLE {{s}}.interviewer_directory (
            singleton   boolean NOT NULL DEFAULT true,
            last_change bigint  NOT NULL,
            CONSTRAINT interviewer_directory_pkey PRIMARY KEY (singleton),
            CONSTRAINT interviewer_directory_singleton_check CHECK (singleton),
            CONSTRAINT interviewer_directory_last_change_check CHECK (last_change >= 0)
        );
        INSERT INTO {{s}}.interviewer_directory (last_change) VALUES (0);

        -- Durations are whole nanoseconds (NodaTime's resolution); weekly windows and overrides keep their order as jsonb arrays.
        CREATE TABLE {{s}}.interviewers (
            id                     text    NOT NULL,
            version                bigint  NOT NULL,
            change                 bigint  NOT NULL,
            removed                boolean NOT NULL DEFAULT false,
            name                   text    NOT NULL,
            email                  text    NOT NULL,
            company                text    NULL,
            experience_years       integer NOT NULL,
            skill_categories       text[]  NOT NULL,
            skills                 text[]  NOT NULL,
            time_zone              text    NOT NULL,
            weekly_availability    jsonb   NOT NULL,
            availability_overrides jsonb   NOT NULL,
            buffer_before_ns       bigint  NOT NULL,
            buffer_after_ns        bigint  NOT NULL,
            minimum_notice_ns      bigint  NOT NULL,
            booking_horizon_ns     bigint  NULL,
            max_interviews_per_day integer NOT NULL,
            is_active              boolean NOT NULL,
            CONSTRAINT interviewers_pkey PRIMARY KEY (id),
            CONSTRAINT interviewers_version_check CHECK (version >= 1),
            CONSTRAINT interviewers_change_check CHECK (change >= 1),
            CONSTRAINT interviewers_durations_check CHECK (
                buffer_before_ns >= 0 AND buffer_after_ns >= 0 AND minimum_notice_ns >= 0 AND (booking_horizon_ns IS NULL OR booking_horizon_ns > 0)),
            CONSTRAINT interviewers_documents_check CHECK (
                jsonb_typeof(weekly_availability) = 'array' AND jsonb_typeof(availability_overrides) = 'array')
        );
        CREATE INDEX interviewers_change_idx ON {{s}}.interviewers (change);
        """;

    // Additive: new columns nullable or with defaults (no table rewrite), one new table, and the status checks widened. Rows written
    // before are at version 1 with no audit trail entries (a trail starts with the first change after the upgrade), and their canceled
    // interviews say nobody as who canceled. Instances on the previous version keep working: they write none of the new columns.
    private static string Version8(string s) => $$"""
        ALTER TABLE {{s}}.interviews DROP CONSTRAINT interviews_status_check;
        ALTER TABLE {{s}}.interviews ADD CONSTRAINT interviews_status_check CHECK (status IN (
            'scheduled', 'canceled', 'completed', 'candidate_no_show', 'interviewer_no_show'));
        ALTER TABLE {{s}}.interviews
            ADD COLUMN version           bigint      NOT NULL DEFAULT 1,
            ADD COLUMN canceled_by       text        NULL,
            ADD COLUMN ended_at          timestamptz NULL,
            ADD COLUMN late_cancellation boolean     NOT NULL DEFAULT false,
            ADD COLUMN feedback_text     text        NULL,
            ADD COLUMN feedback_at       timestamptz NULL,
            ADD COLUMN rating_stars      integer     NULL,
            ADD COLUMN rating_comment    text        NULL,
            ADD COLUMN rated_at          timestamptz NULL,
            ADD CONSTRAINT interviews_version_check CHECK (version >= 1),
            ADD CONSTRAINT interviews_canceled_by_check CHECK (
                canceled_by IS NULL OR (canceled_by IN ('candidate', 'interviewer', 'operator') AND status = 'canceled')),
            -- Feedback and a rating follow a completed interview only, each whole or absent.
            ADD CONSTRAINT interviews_feedback_check CHECK (
                num_nulls(feedback_text, feedback_at) IN (0, 2) AND (feedback_text IS NULL OR status = 'completed')),
            ADD CONSTRAINT interviews_rating_check CHECK (
                num_nulls(rating_stars, rated_at) IN (0, 2)
                AND (rating_stars IS NULL OR (rating_stars BETWEEN 1 AND 5 AND status = 'completed'))
                AND (rating_comment IS NULL OR rating_stars IS NOT NULL));

        -- Written by the same statement as the change it records (scheduling, or a transition), so a trail never misses or invents one.
        CREATE TABLE {{s}}.interview_history (
            interview_id text        NOT NULL,
            version      bigint      NOT NULL,
            from_status  text        NULL,
            to_status    text        NOT NULL,
            at           timestamptz NOT NULL,
            by_party     text        NULL,
            reason       text        NULL,
            CONSTRAINT interview_history_pkey PRIMARY KEY (interview_id, version),
            CONSTRAINT interview_history_interview_fkey FOREIGN KEY (interview_id) REFERENCES {{s}}.interviews (id) ON DELETE CASCADE
        );

        ALTER TABLE {{s}}.payment_sessions DROP CONSTRAINT payment_sessions_status_check;
        ALTER TABLE {{s}}.payment_sessions ADD CONSTRAINT payment_sessions_status_check CHECK (status IN (
            'pending', 'processing', 'paid', 'booking', 'booked', 'expired', 'canceled', 'failed', 'refund_required', 'booking_canceled', 'refunded',
            'rebooked'));
        ALTER TABLE {{s}}.payment_sessions ADD COLUMN rebooked_from text NULL;
        CREATE INDEX payment_sessions_rebooked_from_idx ON {{s}}.payment_sessions (rebooked_from) WHERE rebooked_from IS NOT NULL;
        """;

    // Additive: three new tables, and the processed events' outcome check widened by dispute_recorded. Instances on the previous version
    // never read the new tables (and record no dispute events), so a rolling upgrade is safe.
    // A payout is one row per interview (the primary key makes its record idempotent); its session's disputes are rows of their own, since a
    // dispute may come before the payout is recorded, or months after it was paid.
    private static string Version9(string s) => $$"""
        ALTER TABLE {{s}}.processed_payment_events DROP CONSTRAINT processed_payment_events_outcome_check;
        ALTER TABLE {{s}}.processed_payment_events ADD CONSTRAINT processed_payment_events_outcome_check CHECK (outcome IN (
            'booked', 'awaiting_payment', 'released', 'refund_required', 'ignored', 'session_not_found', 'in_progress', 'dispute_recorded'));

        CREATE TABLE {{s}}.payouts (
            interview_id       text        NOT NULL,
            session_id         text        NOT NULL,
            interviewer_id     text        NOT NULL,
            plan_id            text        NOT NULL,
            amount_minor_units bigint      NOT NULL,
            currency           text        NOT NULL,
            status             text        NOT NULL,
            status_reason      text        NULL,
            completed_at       timestamptz NOT NULL,
            due_at             timestamptz NOT NULL,
            transfer_id        text        NULL,
            reversal_id        text        NULL,
            created_at         timestamptz NOT NULL,
            updated_at         timestamptz NOT NULL,
            version            bigint      NOT NULL,
            CONSTRAINT payouts_pkey PRIMARY KEY (interview_id),
            CONSTRAINT payouts_status_check CHECK (status IN ('pending', 'held', 'paid', 'canceled', 'reversed')),
            CONSTRAINT payouts_amount_check CHECK (amount_minor_units >= 0 AND currency ~ '^[A-Z]{3}$'),
            -- A paid (or reversed) payout names its transfer, a reversed one its reversal, and nothing else does.
            CONSTRAINT payouts_transfer_check CHECK ((status IN ('paid', 'reversed')) = (transfer_id IS NOT NULL) AND (status = 'reversed') = (reversal_id IS NOT NULL))
        );
        CREATE INDEX payouts_session_idx ON {{s}}.payouts (session_id);
        CREATE INDEX payouts_status_idx ON {{s}}.payouts (status, updated_at, interview_id);

        CREATE TABLE {{s}}.payout_history (
            interview_id text        NOT NULL,
            seq          bigint      GENERATED ALWAYS AS IDENTITY,
            from_status  text        NULL,
            to_status    text        NOT NULL,
            at           timestamptz NOT NULL,
            reason       text        NULL,
            CONSTRAINT payout_history_pkey PRIMARY KEY (interview_id, seq)
        );

        CREATE TABLE {{s}}.payment_disputes (
            dispute_id  text        NOT NULL,
            session_id  text        NOT NULL,
            status      text        NOT NULL,
            reported_at timestamptz NOT NULL,
            seq         bigint      GENERATED ALWAYS AS IDENTITY,
            CONSTRAINT payment_disputes_pkey PRIMARY KEY (dispute_id),
            CONSTRAINT payment_disputes_status_check CHECK (status IN ('open', 'won', 'warning_closed', 'lost'))
        );
        CREATE INDEX payment_disputes_session_idx ON {{s}}.payment_disputes (session_id, seq);
        """;

    // Built CONCURRENTLY (a step of its own, outside the upgrade's transaction): these tables are the large, live ones, and a plain
    // CREATE INDEX would block their writes for the whole build.
    // A match reads the active reservations of many interviewers over a window (interviewer_id = ANY(...) AND slot && window): a GiST index
    // cannot search an = ANY list, so it searched reservations_no_overlap by the slot alone, whose pages are grouped by interviewer and each
    // span that interviewer's whole year of confirmed rows: with a year of bookings EXPLAIN showed 805 buffers and 27 ms for a window with no
    // row in it. A GiST index on the slot alone, over the active rows, reads 3. Retention removes the oldest finished rows first, a bounded
    // batch at a time: each batch reads the next three in order and stops at its limit, instead of sorting every finished row of the table;
    // and a session's batch asks, per candidate, whether the session has an undelivered outbox item: without an index of its own that probe
    // walked the whole outbox_due_idx (1,480 buffers a session on the year of rows, its dead entries included).
    private static ConcurrentIndex[] Version10() =>
    [
        new("reservations_active_slot_idx", static s => $"{s}.reservations USING gist (slot) WHERE status IN ('held', 'confirmed')"),
        new("reservations_slot_end_idx", static s => $"{s}.reservations (upper(slot), id)"),
        new("outbox_finished_idx", static s => $"{s}.outbox (finished_at, key) WHERE status IN ('completed', 'dead_lettered')"),
        new("processed_payment_events_processed_at_idx", static s => $"{s}.processed_payment_events (processed_at, event_id)"),
        new("outbox_session_undelivered_idx", static s => $"{s}.outbox (session_id) WHERE status IN ('pending', 'leased') AND session_id IS NOT NULL"),
    ];

    // A match reads the active reservations of a few hundred interviewers over a window, one probe per interviewer (unnest join). On
    // reservations_no_overlap (GiST on interviewer and slot) each probe cost about 0.4 ms at 100,000 interviewers with ten active rows each,
    // since the GiST tree over a million rows is deep and its pages mix interviewers; EXPLAIN ANALYZE of 300 probes took 127 ms there, and
    // 10.5 ms on a btree of the active rows by (interviewer, start), which finds an interviewer's rows starting before the window's end in
    // one short range scan.
    private static ConcurrentIndex[] Version12() =>
    [
        new("reservations_active_interviewer_idx", static s => $"{s}.reservations (interviewer_id, lower(slot)) WHERE status IN ('held', 'confirmed')"),
    ];

    // A hold first expires the interviewer's held rows near its span whose time ran out. Through the exclusion constraints' indexes (a
    // BitmapOr of reservations_no_overlap and reservations_no_crowding) that probe also met the interviewer's confirmed rows near the span
    // and fetched them from the heap only to drop them by status: with a year of bookings EXPLAIN showed 8 index and 2 heap buffers for 0
    // rows. A GiST index over the held rows alone, on the span the statement compares (coalesce(occupied, slot): the occupied span holds the
    // slot when there is one), reads 1. Only holds enter it, and they leave it when confirmed, released or expired, so it stays small.
    private static ConcurrentIndex[] Version13() =>
    [
        new("reservations_held_span_idx", static s => $"{s}.reservations USING gist (interviewer_id, coalesce(occupied, slot)) WHERE status = 'held'"),
    ];

    // The active reads (a match's, a slot search's) are prepared statements, so PostgreSQL soon plans them once for any ids and window. On
    // version 12's (interviewer, start) index a probe is bounded by the window's end only, so it reads the interviewer's whole past of
    // confirmed rows; a custom plan could still switch to the slot index, a generic one cannot. Keyed by end first, a probe starts at the
    // window's start and reads the rows ending after it: the near future, whatever the history. The start, third, lets the probe check the
    // window's end in the index, which also makes the planner rank it above version 12's for the generic plan.
    private static ConcurrentIndex[] Version14() =>
    [
        new("reservations_active_interviewer_end_idx", static s => $"{s}.reservations (interviewer_id, upper(slot), lower(slot)) WHERE status IN ('held', 'confirmed')"),
    ];

    // Version 12's index: since version 14's (interviewer, end, start) the planner takes it for no statement (0 scans in pg_stat_user_indexes
    // on the million-row schema across the benchmarks), yet every hold, confirmation and release writes it, and on a page cold since the
    // last checkpoint it took about a quarter of a hold's full-page images in the WAL. Instances still on version 14 plan their reads on
    // version 14's index instead.
    private static string[] Version15() => ["reservations_active_interviewer_idx"];

    // Version 14's index with the interviewer keyed by bytes (COLLATE "C"), for active reads that join on interviewer_id COLLATE "C". Those
    // reads are prepared, and PostgreSQL settles on a generic plan (planned once for any ids and window) only where it costs no more than
    // the custom plans had: on busy weeks, the probe per interviewer; on a long history with a sparse window, it keeps planning each read and
    // takes the slot index. The reads say "slot && window" for that slot index, and a generic plan took the GiST exclusion index on
    // (interviewer_id, slot) for the probe instead, about 20 times slower. An index serves a condition only in its own collation, so the
    // exclusion index (the default collation) cannot serve the join at all, and this one is the probe's only index. Equality is the same
    // in both collations (both deterministic). Instances still on version 15 join in the default collation: until they are upgraded, their
    // reads probe the exclusion index (correct, slower).
    private static ConcurrentIndex[] Version16() =>
    [
        new("reservations_active_interviewer_bytes_idx", static s => $"{s}.reservations (interviewer_id COLLATE \"C\", upper(slot), lower(slot)) WHERE status IN ('held', 'confirmed')"),
    ];

    // Additive: one new table, which instances on the previous version never read. Retention folds a removed interview's counts into its
    // interviewer's row in the transaction that removes it, so the reliability read (interviews plus these totals) never loses or doubles one.
    // Only instances at this version purge; while older ones still run, their reliability reads miss what was removed.
    private static string Version11(string s) => $$"""
        CREATE TABLE {{s}}.interviewer_reliability_totals (
            interviewer_id     text   NOT NULL,
            no_shows           bigint NOT NULL,
            late_cancellations bigint NOT NULL,
            attended           bigint NOT NULL,
            ratings            bigint NOT NULL,
            stars              bigint NOT NULL,
            CONSTRAINT interviewer_reliability_totals_pkey PRIMARY KEY (interviewer_id),
            CONSTRAINT interviewer_reliability_totals_counts_check CHECK (
                no_shows >= 0 AND late_cancellations >= 0 AND attended >= 0 AND ratings >= 0 AND stars >= ratings AND stars <= 5 * ratings)
        );
        """;
}
