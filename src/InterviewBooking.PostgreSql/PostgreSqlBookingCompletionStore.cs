using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace InterviewBooking.PostgreSql;

/// <summary>
/// An <see cref="IBookingCompletionStore"/> on PostgreSQL: the hold's confirm, the interview's insert and the session's Booked change, each
/// with its audit entry, and the session's outbox messages, as one statement of chained data-modifying CTEs, so one round trip and one commit
/// instead of three of each. Each step runs only when the one before wrote its row: the session row at the expected version and the owner's
/// held, unexpired hold of the interview's interviewer and slot are locked first; the interview is inserted when both were found and no
/// interview has its key (<c>ON CONFLICT (idempotency_key) DO NOTHING</c>); the hold changes only when the interview was inserted; the session
/// only when the hold changed. A refusal writes nothing.
/// </summary>
/// <remarks>
/// The pieces are the stores' own (<see cref="PostgreSqlPaymentSessionStore"/>, <see cref="PostgreSqlInterviewStore"/>,
/// <see cref="PostgreSqlReservationStore"/>): the same columns, trail entries and parameter writers, the interview's and the hold's
/// parameters numbered after the session change's. The statement is followed in the same round trip by reads of the session and of the
/// interview under the key, which tell a refusal's guard.
/// </remarks>
public sealed class PostgreSqlBookingCompletionStore : IBookingCompletionStore
{
    // The session change takes $1-$31 (PostgreSqlPaymentSessionStore.TransitionCommand), the interview $32-$45, the hold $46-$51.
    private const int InterviewOffset = 31;
    private const int HoldOffset = 45;

    private readonly PostgreSqlExecutor _executor;
    private readonly PostgreSqlPaymentSessionStore _sessions;
    private readonly PostgreSqlInterviewStore _interviews;
    private readonly IClock _clock;
    private readonly string _complete;
    private readonly bool _prepare;

    /// <summary>Creates the store; the tables must exist (<see cref="PostgreSqlBookingSchema.EnsureSchemaAsync"/>).</summary>
    /// <param name="dataSource">The database.</param>
    /// <param name="clock">Decides whether the hold is still held; its instant is what the database compares.</param>
    /// <param name="options">The schema and the zone provider; the defaults when <see langword="null"/>. Its connection settings are not read here.</param>
    /// <param name="logger">Logs retries.</param>
    /// <exception cref="ArgumentException">The schema name is not usable.</exception>
    public PostgreSqlBookingCompletionStore(
        NpgsqlDataSource dataSource, IClock clock, PostgreSqlStoreOptions? options = null, ILogger<PostgreSqlBookingCompletionStore>? logger = null)
    {
        _executor = new PostgreSqlExecutor(dataSource, options, (ILogger?)logger ?? NullLogger.Instance);
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _sessions = new PostgreSqlPaymentSessionStore(dataSource, options);
        _interviews = new PostgreSqlInterviewStore(dataSource, options);
        var schema = _executor.Schema;
        _prepare = _executor.Options.PrepareBookingStatements;

        // $1 session, $2 its status, $20 its expected version (the session change's numbering); $46 hold, $47 owner, $48 now, $49-$51 the
        // interviewer and slot the hold must be of.
        var atVersion = "WHERE id = $1 AND status = $2 AND version = $20";
        const string holdGuard = "AND held_until > $3 AND interviewer_id = $4 AND slot = tstzrange($5, $6, '[)')"; // numbered as the hold's pieces
        _complete = $"""
            WITH claimed AS (SELECT id FROM {schema}.payment_sessions {atVersion} FOR UPDATE),
            {Sql.Renumber(PostgreSqlReservationStore.TargetCte(schema, "'held'", holdGuard), HoldOffset)},
            {Sql.Renumber(PostgreSqlInterviewStore.CreatedCte(schema, "WHERE EXISTS (SELECT 1 FROM claimed) AND EXISTS (SELECT 1 FROM target)"), InterviewOffset)},
            interview_entry AS ({PostgreSqlInterviewStore.HistoryInsert(schema)}),
            {Sql.Renumber(PostgreSqlReservationStore.ChangedCte(schema, PostgreSqlReservationStore.ConfirmedStatus, "AND EXISTS (SELECT 1 FROM created)"), HoldOffset)},
            reservation_entry AS ({Sql.Renumber(PostgreSqlReservationStore.HistoryInsert(schema), HoldOffset)}),
            {PostgreSqlPaymentSessionStore.UpdatedCte(schema, atVersion + " AND EXISTS (SELECT 1 FROM changed)")},
            {PostgreSqlPaymentSessionStore.QueuedCte(schema)}
            {PostgreSqlPaymentSessionStore.HistoryInsert(schema)}
            """;
    }

    /// <inheritdoc />
    /// <remarks>
    /// One round trip and one implicit transaction: the statement, then the session and the interview under the key as they are after it;
    /// prepared on the connection when <see cref="PostgreSqlStoreOptions.PrepareBookingStatements"/> is on (a connection's first call pays one
    /// more round trip).
    /// A refusal is named in this order: the session moved, the key is taken, else the hold (gone, another's, not the interview's interviewer
    /// or slot, released, confirmed, or its time ran out).
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="completion"/> or one of its parts is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">
    /// The completion's parts do not belong together (<see cref="BookingCompletion.Validate"/>), or its interview or change is refused as by
    /// <see cref="PostgreSqlInterviewStore.AddOrGetAsync"/> or <see cref="PostgreSqlPaymentSessionStore.TryTransitionAsync"/>.
    /// </exception>
    public Task<BookingCompletionResult> TryCompleteAsync(BookingCompletion completion, CancellationToken cancellationToken = default)
    {
        BookingCompletion.Validate(completion, nameof(completion));
        PostgreSqlInterviewStore.Validate(completion.Interview, nameof(completion));
        PostgreSqlPaymentSessionStore.Validate(completion.Booked, nameof(completion));
        return _executor.RunAsync("Complete booking", (connection, ct) => CompleteAsync(connection, completion, ct), cancellationToken);
    }

    private async Task<BookingCompletionResult> CompleteAsync(NpgsqlConnection connection, BookingCompletion completion, CancellationToken cancellationToken)
    {
        var (interview, booked) = (completion.Interview, completion.Booked);
        var complete = PostgreSqlPaymentSessionStore.TransitionCommand(_complete, booked);
        complete.Parameters.AddRange(PostgreSqlInterviewStore.InsertParameters(interview));
        complete.Parameters.AddRange(new[]
        {
            Sql.Text(completion.ReservationId.Value),
            Sql.Text(completion.Owner),
            Sql.Timestamp(_clock.GetCurrentInstant()),
            Sql.Text(interview.InterviewerId.Value),
            Sql.Timestamp(interview.Slot.Start),
            Sql.Timestamp(interview.Slot.End),
        });

        var batch = PostgreSqlExecutor.Batch(
            connection,
            complete,
            Sql.Command(_sessions.GetStatement, Sql.Text(booked.SessionId.Value)),
            Sql.Command(_interviews.GetByKeyStatement, Sql.Text(interview.Request.IdempotencyKey)));
        await using (batch.ConfigureAwait(false))
        {
            // Planning the chained statement takes about half as long as running it (0.55 beside 1.2 ms); every step is a look-up by key,
            // so the generic plan a prepared statement settles on is the custom one.
            if (_prepare)
            {
                await batch.PrepareAsync(cancellationToken).ConfigureAwait(false);
            }

            PaymentSession? session = null;
            ScheduledInterview? stored = null;
            var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    session = _sessions.Read(reader);
                }

                if (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false) && await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    stored = _interviews.Read(reader);
                }
            }

            return complete.RecordsAffected == 1
                ? new BookingCompletionResult(BookingCompletionOutcome.Completed, session) { Interview = stored }
                : BookingCompletionResult.Refused(completion, session, stored);
        }
    }
}
