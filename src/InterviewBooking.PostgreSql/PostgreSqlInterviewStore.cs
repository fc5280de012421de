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
/// reservation, meeting link, status and sequence are columns, changed by <see cref="TryUpdateAsync"/> with a compare-and-set on the sequence.
/// The id, the request and <see cref="ScheduledInterview.ScheduledAt"/> never change once stored. Instants keep microseconds.
/// </remarks>
public sealed class PostgreSqlInterviewStore : IInterviewStore
{
    private const string Columns = """
        id, idempotency_key, payment_session_id, request, lower(requested_slot), upper(requested_slot), lower(slot), upper(slot),
        reservation_id, meeting_link, status, sequence, scheduled_at
        """;

    private readonly PostgreSqlExecutor _executor;
    private readonly string _insert;
    private readonly string _getByKey;
    private readonly string _getById;
    private readonly string _update;

    /// <summary>Creates the store; the tables must exist (<see cref="PostgreSqlBookingSchema.EnsureSchemaAsync"/>).</summary>
    /// <param name="dataSource">The database.</param>
    /// <param name="options">The schema and the zone provider; the defaults when <see langword="null"/>. Its connection settings are not read here.</param>
    /// <param name="logger">Logs retries.</param>
    /// <exception cref="ArgumentException">The schema name is not usable.</exception>
    public PostgreSqlInterviewStore(NpgsqlDataSource dataSource, PostgreSqlStoreOptions? options = null, ILogger<PostgreSqlInterviewStore>? logger = null)
    {
        _executor = new PostgreSqlExecutor(dataSource, options, (ILogger?)logger ?? NullLogger.Instance);
        var table = _executor.Schema + ".interviews";

        _insert = $"""
            INSERT INTO {table} (
                id, idempotency_key, payment_session_id, interviewer_id, request, requested_slot, slot, reservation_id, meeting_link, status,
                sequence, scheduled_at)
            VALUES ($1, $2, $3, $4, $5, tstzrange($6, $7, '[)'), tstzrange($8, $9, '[)'), $10, $11, $12, $13, $14)
            ON CONFLICT (idempotency_key) DO NOTHING
            """;
        _getByKey = $"SELECT {Columns} FROM {table} WHERE idempotency_key = $1";
        _getById = $"SELECT {Columns} FROM {table} WHERE id = $1";
        _update = $"""
            UPDATE {table} SET slot = tstzrange($3, $4, '[)'), reservation_id = $5, meeting_link = $6, status = $7, sequence = $8
            WHERE id = $1 AND sequence = $2
            """;
    }

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
        ArgumentNullException.ThrowIfNull(interview);
        ArgumentNullException.ThrowIfNull(interview.Request, nameof(interview));
        var request = interview.Request;
        ArgumentException.ThrowIfNullOrWhiteSpace(request.IdempotencyKey, nameof(interview));
        if (interview.Id.IsEmpty || interview.ReservationId.IsEmpty || request.PaymentSessionId.IsEmpty || request.Interviewer is null
            || request.Interviewer.Id.IsEmpty || request.CandidateId.IsEmpty || request.CandidateTimeZone is null || request.ReservationId.IsEmpty)
        {
            throw new ArgumentException(
                "An interview needs an id, a reservation, and a request naming the payment session, interviewer, candidate and candidate zone.",
                nameof(interview));
        }

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
    /// <remarks>Writes the current slot, reservation, meeting link, status and sequence; the id, request and scheduling time stay as stored.</remarks>
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
                    Sql.Text(StoredEnums.InterviewStatus.NameOf(interview.Status)),
                    Sql.Int32(interview.Sequence)),
                Sql.Command(_getById, Sql.Text(interview.Id.Value)),
            ],
            Read,
            cancellationToken).ConfigureAwait(false);
        return (after.First is not null && after.Commands[0].RecordsAffected == 1, after.First);
    }

    private NpgsqlBatchCommand InsertCommand(ScheduledInterview interview)
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
        return Sql.Command(
            _insert,
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
            Sql.Timestamp(interview.ScheduledAt));
    }

    private ScheduledInterview Read(NpgsqlDataReader reader)
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
        };
    }

    private static InvalidDataException Broken(InterviewId id, string problem, Exception? inner = null) =>
        new($"Interview '{id}': column request is not valid ({problem}).", inner);
}
