namespace InterviewBooking.InMemory;

/// <summary>
/// An <see cref="IBookingCompletionStore"/> over the in-memory session, reservation and interview stores: every guard is checked under the
/// hold's book lock and the outbox's lock (which the interview store and the session store's changes with messages hold), then everything is
/// written under them, so nobody sees part of a completion and a refusal writes nothing.
/// </summary>
/// <remarks>
/// Under those locks the key is looked up first, then the session's compare-and-set is made (with its trail entry and outbox messages), then
/// the interview is stored, and last the hold confirmed; the hold and the key cannot change meanwhile, so once the session's change wins the
/// rest is certain. The session and interview stores must share the outbox (as <c>AddInMemoryStores</c> builds them).
/// </remarks>
public sealed class InMemoryBookingCompletionStore : IBookingCompletionStore
{
    private readonly InMemoryPaymentSessionStore _sessions;
    private readonly InMemoryReservationStore _reservations;
    private readonly InMemoryInterviewStore _interviews;

    /// <summary>Creates the store over the three stores it writes.</summary>
    /// <param name="sessions">The sessions, created with the outbox <paramref name="interviews"/> uses.</param>
    /// <param name="reservations">The holds.</param>
    /// <param name="interviews">The interviews, created with the outbox <paramref name="sessions"/> uses.</param>
    /// <exception cref="ArgumentException">The session and interview stores do not share one outbox.</exception>
    public InMemoryBookingCompletionStore(InMemoryPaymentSessionStore sessions, InMemoryReservationStore reservations, InMemoryInterviewStore interviews)
    {
        _sessions = sessions ?? throw new ArgumentNullException(nameof(sessions));
        _reservations = reservations ?? throw new ArgumentNullException(nameof(reservations));
        _interviews = interviews ?? throw new ArgumentNullException(nameof(interviews));
        if (sessions.Outbox is null || sessions.Outbox != interviews.Outbox)
        {
            throw new ArgumentException(
                "The session and interview stores must share one InMemoryOutboxStore (create both with it, as AddInMemoryStores does).", nameof(interviews));
        }
    }

    /// <inheritdoc />
    /// <remarks>A refusal is named as on PostgreSQL: the session moved, the key is taken, else the hold.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="completion"/> or one of its parts is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The completion's parts do not belong together (<see cref="BookingCompletion.Validate"/>).</exception>
    public async Task<BookingCompletionResult> TryCompleteAsync(BookingCompletion completion, CancellationToken cancellationToken = default)
    {
        BookingCompletion.Validate(completion, nameof(completion));
        cancellationToken.ThrowIfCancellationRequested();
        var (interview, booked) = (completion.Interview, completion.Booked);
        var key = interview.Request.IdempotencyKey;
        PaymentSession? session = null;
        ScheduledInterview? stored = null;
        var completed = _reservations.TryConfirmWith(completion.ReservationId, completion.Owner, interview.InterviewerId, interview.Slot, () =>
        {
            lock (_interviews.Gate)
            {
                if (_interviews.Find(key) is not null)
                {
                    return false;
                }

                var changed = _sessions.TryTransition(booked);
                if (!changed.Succeeded)
                {
                    return false;
                }

                session = changed.Session;
                stored = _interviews.AddOrGet(interview);
                return true;
            }
        });
        if (completed)
        {
            return new BookingCompletionResult(BookingCompletionOutcome.Completed, session) { Interview = stored };
        }

        return BookingCompletionResult.Refused(
            completion, await _sessions.GetAsync(booked.SessionId, CancellationToken.None).ConfigureAwait(false), _interviews.Find(key));
    }
}
