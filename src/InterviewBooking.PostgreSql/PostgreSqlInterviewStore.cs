using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace InterviewBooking.PostgreSql;

/// <summary>
/// An <see cref="IInterviewStore"/> on PostgreSQL, shared by every host instance: <c>interviews</c> has a unique idempotency key (the payment
/// session id), so of concurrent <see cref="AddOrGetAsync"/> calls on any instances the first insert stays and every caller reads it back.
/// With it, <see cref="InterviewScheduler"/> books a payment at most once even when a worker dies between scheduling and marking the session
/// booked and another instance takes its claim over.
/// </summary>
/// <remarks>
/// The schedule request is stored as it was made (<c>request</c> as <c>jsonb</c>, its slot as <c>requested_slot</c>); the current slot,
/// reservation, meeting link and sequence are columns, changed by <see cref="TryUpdateAsync"/> with a compare-and-set on the sequence. The
/// lifecycle (status, who canceled, feedback, rating) changes by <see cref="TryTransitionAsync"/>: one <c>UPDATE ... WHERE status = $from
/// [AND version = $expected]</c> statement that also writes the audit entry (<c>interview_history</c>) and the transition's outbox messages,
/// so they exist exactly when the change does. The id, the request and <see cref="ScheduledInterview.ScheduledAt"/> never change once
/// stored. Instants keep microseconds.
/// </remarks>
public sealed class PostgreSqlInterviewStore : IInterviewStore
{
    private const string Columns = """
        id, idempotency_key, payment_session_id, request, lower(requested_slot), upper(requested_slot), lower(slot), upper(slot),
        reservation_id, meeting_link, status, sequence, scheduled_at, version, canceled_by, ended_at, late_cancellation,
        feedback_text, feedback_at, rating_stars, rating_comment, rated_at
        """;

    private readonly PostgreSqlExecutor _executor;
    private readonly string _insert;
    private readonly string _getByKey;
    private readonly string _getById;
    private readonly string _update;
    private readonly string _transition;
    private readonly string _history;
    private readonly string _reliability;

    /// <summary>Creates the store; the tables must exist (<see cref="PostgreSqlBookingSchema.EnsureSchemaAsync"/>).</summary>
    /// <param name="dataSource">The database.</param>
    /// <param name="options">The schema and the zone provider; the defaults when <see langword="null"/>. Its connection settings are not read here.</param>
    /// <param name="logger">Logs retries.</param>
    /// <exception cref="ArgumentException">The schema name is not usable.</exception>
    public PostgreSqlInterviewStore(NpgsqlDataSource dataSource, PostgreSqlStoreOptions? options = null, ILogger<PostgreSqlInterviewStore>? logger = null)
    {
        _executor = new PostgreSqlExecutor(dataSource, options, (ILogger?)logger ?? NullLogger.Instance);
        var table = _executor.Schema + ".interviews";
        var history = _executor.Schema + ".interview_history";
        var outbox = _executor.Schema + ".outbox";

        // The scheduling is the trail's first entry: version 1, from no status.
        _insert = $"""
            WITH {CreatedCte(_executor.Schema, string.Empty)}
            {HistoryInsert(_executor.Schema)}
            """;
        _getByKey = $"SELECT {Columns} FROM {table} WHERE idempotency_key = $1";
        _getById = $"SELECT {Columns} FROM {table} WHERE id = $1";
        // Not a lifecycle change: no trail entry, and the status stays (transitions own it).
        _update = $"""
            UPDATE {table} SET slot = tstzrange($3, $4, '[)'), reservation_id = $5, meeting_link = $6, sequence = $7, version = version + 1
            WHERE id = $1 AND sequence = $2
            """;

        // In SET, a column names its value before the update: ended_at is stamped when the interview leaves 'scheduled'. $11 the expected
        // version or NULL; $14-$18 the messages' arrays, written by a data-modifying CTE exactly when the compare-and-set wins.
        _transition = $"""
            WITH updated AS (
                UPDATE {table} SET
                    status = $3, version = version + 1,
                    ended_at = CASE WHEN status = 'scheduled' THEN $4 ELSE ended_at END,
                    canceled_by = CASE WHEN $3 = 'canceled' THEN $5 ELSE canceled_by END,
                    late_cancellation = CASE WHEN $3 = 'canceled' THEN $6 ELSE late_cancellation END,
                    sequence = coalesce($7, sequence),
                    feedback_text = coalesce($8, feedback_text),
                    feedback_at = CASE WHEN $8 IS NULL THEN feedback_at ELSE $4 END,
                    rating_stars = coalesce($9, rating_stars),
                    rating_comment = CASE WHEN $9 IS NULL THEN rating_comment ELSE $10 END,
                    rated_at = CASE WHEN $9 IS NULL THEN rated_at ELSE $4 END
                WHERE id = $1 AND status = $2 AND ($11::bigint IS NULL OR version = $11)
                RETURNING id, version),
            queued AS (
                INSERT INTO {outbox} (key, kind, session_id, data, due_at, status, attempts, next_attempt_at, created_at)
                SELECT m.key, m.kind, m.session_id, m.data::jsonb, m.due_at, 'pending', 0, m.due_at, $4
                FROM updated, {OutboxRows.Unnest(14)}
                ON CONFLICT (key) DO NOTHING)
            INSERT INTO {history} (interview_id, version, from_status, to_status, at, by_party, reason)
            SELECT id, version, $2, $3, $4, $12, $13 FROM updated
            """;
        _history = $"""
            SELECT interview_id, from_status, to_status, at, version, by_party, reason FROM {history}
            WHERE interview_id = $1 ORDER BY version
            """;

        // Served by interviews_interviewer_idx (interviewer_id, lower(slot)), plus the totals of the interviews retention removed
        // (interviewer_reliability_totals, one row per interviewer). The average is the stars' sum over the ratings' count, as the totals keep it.
        _reliability = $"""
            SELECT interviewer_id, sum(no_shows)::bigint, sum(late_cancellations)::bigint, sum(ratings)::bigint,
                   sum(stars)::float8 / nullif(sum(ratings), 0), sum(attended)::bigint
            FROM (
                SELECT interviewer_id,
                       count(*) FILTER (WHERE status = 'interviewer_no_show') AS no_shows,
                       count(*) FILTER (WHERE status = 'canceled' AND canceled_by = 'interviewer' AND late_cancellation) AS late_cancellations,
                       count(rating_stars) AS ratings,
                       coalesce(sum(rating_stars), 0) AS stars,
                       count(*) FILTER (WHERE status IN ('completed', 'candidate_no_show')) AS attended
                FROM {table} WHERE interviewer_id = ANY($1) GROUP BY interviewer_id
                UNION ALL
                SELECT interviewer_id, no_shows, late_cancellations, ratings, stars, attended
                FROM {_executor.Schema}.interviewer_reliability_totals WHERE interviewer_id = ANY($1)) AS counted
            GROUP BY interviewer_id
            """;
    }

    /// <summary>Reads the interview with idempotency key <c>$1</c>, in the store's columns (<see cref="Read"/>).</summary>
    internal string GetByKeyStatement => _getByKey;

    /// <summary>
    /// The insert of an interview's parameters (<see cref="InsertParameters"/>, <c>$1</c>-<c>$14</c>) as the CTE
    /// <c>created</c> (its id, status and scheduling time), when <paramref name="guard"/> (a <c>WHERE</c> clause, or empty) holds and no
    /// interview has the key; with <see cref="HistoryInsert"/> it is the statement of <see cref="AddOrGetAsync"/>.
    /// </summary>
    internal static string CreatedCte(string schema, string guard) => $"""
        created AS (
            INSERT INTO {schema}.interviews (
                id, idempotency_key, payment_session_id, interviewer_id, request, requested_slot, slot, reservation_id, meeting_link, status,
                sequence, scheduled_at, version)
            SELECT $1, $2, $3, $4, $5, tstzrange($6, $7, '[)'), tstzrange($8, $9, '[)'), $10, $11, $12, $13, $14, 1
            {guard}
            ON CONFLICT (idempotency_key) DO NOTHING
            RETURNING id, status, scheduled_at)
        """;

    /// <summary>Refuses an interview <see cref="AddOrGetAsync"/> cannot store.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="interview"/> or its request is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">See <see cref="AddOrGetAsync"/>.</exception>
    internal static void Validate(ScheduledInterview interview, string paramName)
    {
        ArgumentNullException.ThrowIfNull(interview, paramName);
        ArgumentNullException.ThrowIfNull(interview.Request, paramName);
        var request = interview.Request;
        ArgumentException.ThrowIfNullOrWhiteSpace(request.IdempotencyKey, paramName);
        if (interview.Id.IsEmpty || interview.ReservationId.IsEmpty || request.PaymentSessionId.IsEmpty || request.Interviewer is null
            || request.Interviewer.Id.IsEmpty || request.CandidateId.IsEmpty || request.CandidateTimeZone is null || request.ReservationId.IsEmpty)
        {
            throw new ArgumentException(
                "An interview needs an id, a reservation, and a request naming the payment session, interviewer, candidate and candidate zone.",
                paramName);
        }
    }

    /// <summary>The first trail entry of the interview <c>created</c> stored (version 1, from no status), as a statement's last part or a CTE's body.</summary>
    internal static string HistoryInsert(string schema) => $"""
        INSERT INTO {schema}.interview_history (interview_id, version, from_status, to_status, at) SELECT id, 1, NULL, status, scheduled_at FROM created
        """;

    /// <inheritdoc />
    /// <remarks>
    /// One round trip: <c>INSERT ... ON CONFLICT (idempotency_key) DO NOTHING</c>, then a read by key in a fresh snapshot, which sees the
    /// interview of a concurrent winner (the insert waited for it to commit).
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="interview"/> or its request is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">
    /// The interview's idempotency key is blank, or it lacks an id, a reservation, or a request that names the payment session, interviewer,
    /// candidate and the candidate's zone.
    /// </exception>
    public async Task<ScheduledInterview> AddOrGetAsync(ScheduledInterview interview, CancellationToken cancellationToken = default)
    {
        Validate(interview, nameof(interview));
        var request = interview.Request;
        var stored = await _executor.QueryAsync(
            "Add interview",
            () => [InsertCommand(interview), Sql.Command(_getByKey, Sql.Text(request.IdempotencyKey))],
            Read,
            cancellationToken).ConfigureAwait(false);
        return stored.First ?? throw new InvalidOperationException(
            $"The interview under key '{request.IdempotencyKey}' was neither stored nor found; was its row deleted meanwhile?");
    }

    /// <inheritdoc />
    public Task<ScheduledInterview?> FindByKeyAsync(string idempotencyKey, CancellationToken cancellationToken = default) =>
        string.IsNullOrEmpty(idempotencyKey)
            ? Task.FromResult<ScheduledInterview?>(null)
            : _executor.FindAsync("Find interview", _getByKey, idempotencyKey, Read, cancellationToken);

    /// <inheritdoc />
    public Task<ScheduledInterview?> GetAsync(InterviewId id, CancellationToken cancellationToken = default) =>
        id.IsEmpty ? Task.FromResult<ScheduledInterview?>(null) : _executor.FindAsync("Get interview", _getById, id.Value, Read, cancellationToken);

    /// <inheritdoc />
    /// <remarks>Writes the current slot, reservation, meeting link and sequence; the id, request, scheduling time and lifecycle stay as stored.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="interview"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The interview has no reservation.</exception>
    public async Task<(bool Updated, ScheduledInterview? Current)> TryUpdateAsync(
        ScheduledInterview interview, int expectedSequence, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(interview);
        if (interview.Id.IsEmpty)
        {
            return (false, null);
        }

        if (interview.ReservationId.IsEmpty)
        {
            throw new ArgumentException("An interview needs a reservation; ReservationId is empty.", nameof(interview));
        }

        var after = await _executor.QueryAsync(
            "Update interview",
            () =>
            [
                Sql.Command(
                    _update,
                    Sql.Text(interview.Id.Value),
                    Sql.Int32(expectedSequence),
                    Sql.NullableTimestamp(interview.Slot.HasStart ? interview.Slot.Start : null),
                    Sql.NullableTimestamp(interview.Slot.HasEnd ? interview.Slot.End : null),
                    Sql.Text(interview.ReservationId.Value),
                    Sql.NullableText(interview.MeetingLink?.OriginalString),
                    Sql.Int32(interview.Sequence)),
                Sql.Command(_getById, Sql.Text(interview.Id.Value)),
            ],
            Read,
            cancellationToken).ConfigureAwait(false);
        return (after.First is not null && after.Commands[0].RecordsAffected == 1, after.First);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="transition"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">
    /// The transition's feedback is blank, its rating is outside 1-5, or one of its outbox messages has no key or kind.
    /// </exception>
    public async Task<InterviewUpdateResult> TryTransitionAsync(InterviewTransition transition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transition);
        InterviewStateMachine.EnsureAllowed(transition.InterviewId, transition.From, transition.To);
        if (transition.Feedback is { } feedback && string.IsNullOrWhiteSpace(feedback.Text))
        {
            throw new ArgumentException("Feedback needs a text; it is blank.", nameof(transition));
        }

        if (transition.Rating is { Stars: < CandidateRating.MinStars or > CandidateRating.MaxStars } rating)
        {
            throw new ArgumentException($"A rating is from {CandidateRating.MinStars} to {CandidateRating.MaxStars}; got {rating.Stars}.", nameof(transition));
        }

        foreach (var message in transition.Outbox)
        {
            OutboxRows.EnsureValid(message, nameof(transition));
        }

        if (transition.InterviewId.IsEmpty)
        {
            return new InterviewUpdateResult(false, null);
        }

        var after = await _executor.QueryAsync(
            "Transition interview",
            () =>
            {
                var command = Sql.Command(
                    _transition,
                    Sql.Text(transition.InterviewId.Value),
                    Sql.Text(StoredEnums.InterviewStatus.NameOf(transition.From)),
                    Sql.Text(StoredEnums.InterviewStatus.NameOf(transition.To)),
                    Sql.Timestamp(transition.At),
                    Sql.NullableText(transition.By is { } by ? StoredEnums.InterviewParty.NameOf(by) : null),
                    Sql.Boolean(transition.IsLateCancellation),
                    Sql.NullableInt32(transition.Sequence),
                    Sql.NullableText(transition.Feedback?.Text),
                    Sql.NullableInt32(transition.Rating?.Stars),
                    Sql.NullableText(transition.Rating?.Comment),
                    Sql.NullableInt64(transition.ExpectedVersion),
                    Sql.NullableText(transition.By is { } party ? StoredEnums.InterviewParty.NameOf(party) : null),
                    Sql.NullableText(transition.Reason));
                command.Parameters.AddRange(OutboxRows.Arrays(transition.Outbox));
                return [command, Sql.Command(_getById, Sql.Text(transition.InterviewId.Value))];
            },
            Read,
            cancellationToken).ConfigureAwait(false);
        return new InterviewUpdateResult(after.First is not null && after.Commands[0].RecordsAffected == 1, after.First);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<InterviewStatusChange>> GetHistoryAsync(InterviewId id, CancellationToken cancellationToken = default) =>
        id.IsEmpty
            ? Task.FromResult<IReadOnlyList<InterviewStatusChange>>([])
            : _executor.ListAsync(
                "Get interview history",
                _history,
                id.Value,
                static reader => new InterviewStatusChange(
                    new InterviewId(reader.GetString(0)),
                    reader.IsDBNull(1) ? null : StoredEnums.InterviewStatus.Parse(reader.GetString(1)),
                    StoredEnums.InterviewStatus.Parse(reader.GetString(2)),
                    Sql.GetInstant(reader, 3),
                    reader.GetInt64(4),
                    Sql.GetNullableString(reader, 5) is { } by ? StoredEnums.InterviewParty.Parse(by) : null,
                    Sql.GetNullableString(reader, 6)),
                cancellationToken);

    /// <inheritdoc />
    /// <remarks>One aggregate query over the interviewers' interviews (served by the index on <c>interviewer_id</c>).</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="interviewerIds"/> is <see langword="null"/>.</exception>
    public async Task<IReadOnlyDictionary<InterviewerId, InterviewerReliability>> GetReliabilityAsync(
        IReadOnlyCollection<InterviewerId> interviewerIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(interviewerIds);
        var result = interviewerIds.Distinct().ToDictionary(static id => id, InterviewerReliability.None);
        if (result.Count == 0)
        {
            return result;
        }

        var rows = await _executor.QueryAsync(
            "Get interviewer reliability",
            () => [Sql.Command(_reliability, Sql.TextArray([.. result.Keys.Select(static id => id.Value)]))],
            static reader => new InterviewerReliability(
                new InterviewerId(reader.GetString(0)),
                (int)reader.GetInt64(1),
                (int)reader.GetInt64(2),
                (int)reader.GetInt64(3),
                reader.IsDBNull(4) ? null : reader.GetDouble(4))
            {
                Attended = (int)reader.GetInt64(5),
            },
            cancellationToken).ConfigureAwait(false);
        foreach (var row in rows.Rows)
        {
            result[row.InterviewerId] = row;
        }

        return result;
    }

    private NpgsqlBatchCommand InsertCommand(ScheduledInterview interview) => Sql.Command(_insert, InsertParameters(interview));

    /// <summary>The parameters of <paramref name="interview"/> at <c>$1</c>-<c>$14</c>, as <see cref="CreatedCte"/> numbers them.</summary>
    internal static NpgsqlParameter[] InsertParameters(ScheduledInterview interview)
    {
        var request = interview.Request;
        var document = new ScheduleRequestDocument(
            SessionDocuments.ToDocument(request.Interviewer),
            request.CandidateId.Value,
            request.CandidateName,
            request.CandidateEmail,
            request.CandidateTimeZone?.Id,
            request.ReservationId.Value,
            request.PlanId,
            SessionDocuments.ToDocuments(request.AddOns));
        return
        [
            Sql.Text(interview.Id.Value),
            Sql.Text(request.IdempotencyKey),
            Sql.Text(request.PaymentSessionId.Value),
            Sql.Text(request.Interviewer.Id.Value),
            Sql.Jsonb(JsonSerializer.Serialize(document, SessionJsonContext.Default.ScheduleRequestDocument)),
            Sql.NullableTimestamp(request.Slot.HasStart ? request.Slot.Start : null),
            Sql.NullableTimestamp(request.Slot.HasEnd ? request.Slot.End : null),
            Sql.NullableTimestamp(interview.Slot.HasStart ? interview.Slot.Start : null),
            Sql.NullableTimestamp(interview.Slot.HasEnd ? interview.Slot.End : null),
            Sql.Text(interview.ReservationId.Value),
            Sql.NullableText(interview.MeetingLink?.OriginalString),
            Sql.Text(StoredEnums.InterviewStatus.NameOf(interview.Status)),
            Sql.Int32(interview.Sequence),
            Sql.Timestamp(interview.ScheduledAt),
        ];
    }

    /// <summary>The interview of a row read with the store's columns.</summary>
    internal ScheduledInterview Read(NpgsqlDataReader reader)
    {
        var id = new InterviewId(reader.GetString(0));
        ScheduleRequestDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(reader.GetString(3), SessionJsonContext.Default.ScheduleRequestDocument);
        }
        catch (JsonException exception)
        {
            throw Broken(id, exception.Message, exception);
        }

        if (document is null)
        {
            throw Broken(id, "null");
        }

        var (interviewer, problem) = SessionDocuments.FromDocument(document.Interviewer);
        if (interviewer is null)
        {
            throw Broken(id, "interviewer: " + problem);
        }

        var zoneId = document.CandidateTimeZone ?? throw Broken(id, "no candidate_time_zone");
        var zone = _executor.Zone(zoneId, $"Interview '{id}'");
        var meetingLink = Sql.GetNullableString(reader, 9);
        var request = new InterviewScheduleRequest
        {
            IdempotencyKey = reader.GetString(1),
            PaymentSessionId = new PaymentSessionId(reader.GetString(2)),
            Interviewer = interviewer,
            CandidateId = new CandidateId(document.CandidateId ?? throw Broken(id, "no candidate_id")),
            CandidateName = document.CandidateName ?? throw Broken(id, "no candidate_name"),
            CandidateEmail = document.CandidateEmail ?? throw Broken(id, "no candidate_email"),
            CandidateTimeZone = zone,
            Slot = new Interval(Sql.GetNullableInstant(reader, 4), Sql.GetNullableInstant(reader, 5)),
            ReservationId = new ReservationId(document.ReservationId ?? throw Broken(id, "no reservation_id")),
            PlanId = document.PlanId ?? throw Broken(id, "no plan_id"),
            AddOns = SessionDocuments.FromDocuments(document.AddOns ?? [], () => Broken(id, "an add-on without add_on_id")),
        };
        return new ScheduledInterview(id, request, Sql.GetInstant(reader, 12))
        {
            Slot = new Interval(Sql.GetNullableInstant(reader, 6), Sql.GetNullableInstant(reader, 7)),
            ReservationId = new ReservationId(reader.GetString(8)),
            MeetingLink = meetingLink is null ? null : new Uri(meetingLink, UriKind.RelativeOrAbsolute),
            Status = StoredEnums.InterviewStatus.Parse(reader.GetString(10)),
            Sequence = reader.GetInt32(11),
            Version = reader.GetInt64(13),
            CanceledBy = Sql.GetNullableString(reader, 14) is { } canceledBy ? StoredEnums.InterviewParty.Parse(canceledBy) : null,
            EndedAt = Sql.GetNullableInstant(reader, 15),
            IsLateCancellation = reader.GetBoolean(16),
            Feedback = Sql.GetNullableString(reader, 17) is { } feedback ? new InterviewerFeedback(feedback, Sql.GetInstant(reader, 18)) : null,
            Rating = reader.IsDBNull(19) ? null : new CandidateRating(reader.GetInt32(19), Sql.GetNullableString(reader, 20), Sql.GetInstant(reader, 21)),
        };
    }

    private static InvalidDataException Broken(InterviewId id, string problem, Exception? inner = null) =>
        new($"Interview '{id}': column request is not valid ({problem}).", inner);
}
