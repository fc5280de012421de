using System.Text.Json;
using InterviewBooking.PostgreSql;
using Npgsql;

namespace InterviewBooking.Benchmarks;

/// <summary>
/// The floor of webhook → booked on PostgreSQL: every row and column the adapter's path writes for a paid event of a pending session, written
/// by hand in one statement, so one round trip and one commit. The session goes from pending to booked through the same three versions with
/// the same three audit entries (paid with the event id, booking, booked), the hold is confirmed with its audit entry, the interview is
/// inserted with its own, and the Booked notification and the follow-ups go to the outbox. Each step is guarded by the one before (the hold
/// by its owner, status and time; the session by its status and version; the interview and the messages by the session's change), so a
/// session that moved on, or a hold that ran out, leaves nothing behind.
/// </summary>
/// <remarks>
/// A lower bound, not a design: it is handed the session read before (the adapter reads it in the measured time), and skips what the
/// adapter keeps for failures the benchmark never has (re-holding a slot whose hold ran out, giving back a claim when scheduling fails).
/// </remarks>
internal sealed class HandWrittenBooking
{
    private readonly string _statement;
    private readonly NpgsqlDataSource _dataSource;
    private readonly IMeetingLinkProvider _links;
    private readonly IOutboxMessageContributor[] _contributors;
    private readonly InterviewBookingOptions _options;
    private readonly bool _prepare;

    /// <param name="prepare">Prepare the statement on the connection (as the adapter's statements are by default), so it is parsed and planned once a connection.</param>
    public HandWrittenBooking(
        NpgsqlDataSource dataSource, string schema, IMeetingLinkProvider links, IOutboxMessageContributor[] contributors, InterviewBookingOptions options, bool prepare)
    {
        _prepare = prepare;
        _dataSource = dataSource;
        _links = links;
        _contributors = contributors;
        _options = options;
        var s = $"\"{schema}\"";
        _statement = $"""
            WITH confirmed AS (
                UPDATE {s}.reservations SET status = 'confirmed', updated_at = $3
                WHERE id = $6 AND owner = $1 AND status = 'held' AND held_until > $3
                RETURNING id),
            reservation_entry AS (
                INSERT INTO {s}.reservation_history (reservation_id, from_status, to_status, at, reason)
                SELECT id, 'held', 'confirmed', $3, '{ReservationChangeReasons.Confirmed}' FROM confirmed),
            booked AS (
                UPDATE {s}.payment_sessions
                SET status = 'booked', status_reason = NULL, reservation_id = $6, interview_id = $7, last_event_id = NULL, updated_at = $3,
                    version = version + 3, provider_payment_reference = coalesce($4, provider_payment_reference)
                WHERE id = $1 AND status = 'pending' AND version = $5 AND EXISTS (SELECT 1 FROM confirmed)
                RETURNING id, version),
            session_entries AS (
                INSERT INTO {s}.payment_session_history (session_id, version, from_status, to_status, at, reason, event_id)
                SELECT id, version - 2, 'pending', 'paid', $3, NULL, $2 FROM booked
                UNION ALL SELECT id, version - 1, 'paid', 'booking', $3, NULL, NULL FROM booked
                UNION ALL SELECT id, version, 'booking', 'booked', $3, NULL, NULL FROM booked),
            interview AS (
                INSERT INTO {s}.interviews (
                    id, idempotency_key, payment_session_id, interviewer_id, request, requested_slot, slot, reservation_id, meeting_link, status,
                    sequence, scheduled_at, version)
                SELECT $7, $1, $1, $8, $9, tstzrange($10, $11, '[)'), tstzrange($10, $11, '[)'), $6, $12, 'scheduled', 0, $3, 1 FROM booked
                RETURNING id),
            interview_entry AS (
                INSERT INTO {s}.interview_history (interview_id, version, from_status, to_status, at)
                SELECT id, 1, NULL, 'scheduled', $3 FROM interview),
            queued AS (
                INSERT INTO {s}.outbox (key, kind, session_id, data, due_at, status, attempts, next_attempt_at, created_at)
                SELECT m.key, m.kind, m.session_id, m.data::jsonb, m.due_at, 'pending', 0, m.due_at, $3
                FROM booked, {OutboxRows.Unnest(13)}
                ON CONFLICT (key) DO NOTHING)
            SELECT count(*) FROM booked
            """;
    }

    /// <summary>Books <paramref name="pending"/> (as read after its checkout) for <paramref name="paid"/>, in one round trip.</summary>
    public async Task BookAsync(PaymentSession pending, PaymentEvent paid, Instant now)
    {
        var snapshot = PreMatchedSnapshot.From(pending);
        var interviewId = InterviewId.New();
        var request = new InterviewScheduleRequest
        {
            IdempotencyKey = pending.Id.Value,
            PaymentSessionId = pending.Id,
            Interviewer = snapshot.Interviewer,
            CandidateId = pending.CandidateId,
            CandidateName = pending.CandidateName,
            CandidateEmail = pending.CandidateEmail,
            CandidateTimeZone = pending.CandidateTimeZone,
            Slot = snapshot.Slot,
            ReservationId = snapshot.ReservationId,
            PlanId = pending.PlanId,
            AddOns = pending.AddOns,
        };
        var link = await _links.CreateLinkAsync(interviewId, request);
        var document = new ScheduleRequestDocument(
            SessionDocuments.ToDocument(request.Interviewer),
            request.CandidateId.Value,
            request.CandidateName,
            request.CandidateEmail,
            request.CandidateTimeZone?.Id,
            request.ReservationId.Value,
            request.PlanId,
            SessionDocuments.ToDocuments(request.AddOns));
        OutboxMessage[] outbox =
        [
            .. NotificationMessages.With(_contributors, NotificationMessages.For(pending.Id, BookingNotificationKind.Booked, now)),
            .. SessionOutboxMessages.FollowUps(pending.Id, snapshot.Slot, pending.InviteSequence, now, _options),
        ];

        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(_statement, connection);
        command.Parameters.AddRange(new[]
        {
            Sql.Text(pending.Id.Value),
            Sql.Text(paid.EventId),
            Sql.Timestamp(now),
            Sql.NullableText(paid.ProviderPaymentReference),
            Sql.Int64(pending.Version),
            Sql.Text(snapshot.ReservationId.Value),
            Sql.Text(interviewId.Value),
            Sql.Text(snapshot.Interviewer.Id.Value),
            Sql.Jsonb(JsonSerializer.Serialize(document, SessionJsonContext.Default.ScheduleRequestDocument)),
            Sql.Timestamp(snapshot.Slot.Start),
            Sql.Timestamp(snapshot.Slot.End),
            Sql.NullableText(link?.OriginalString),
        });
        command.Parameters.AddRange(OutboxRows.Arrays(outbox));
        if (_prepare)
        {
            await command.PrepareAsync();
        }

        if ((long)(await command.ExecuteScalarAsync())! != 1)
        {
            throw new InvalidOperationException($"The hand-written booking of '{pending.Id}' changed nothing.");
        }
    }
}
