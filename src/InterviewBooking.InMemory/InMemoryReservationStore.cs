using System.Buffers;
using System.Collections.Concurrent;

namespace InterviewBooking.InMemory;

/// <summary>
/// A thread-safe <see cref="IReservationStore"/> for one process. Each interviewer has a book guarded by its own lock; the book keeps
/// that interviewer's held and confirmed reservations sorted by start, so the no-overlap check and <see cref="GetActiveAsync"/>
/// look only at the neighbours of a slot, never at every reservation.
/// </summary>
/// <remarks>
/// Reservations are immutable: every change stores a new record. A book's entries never overlap one another (a hold is added only after
/// every overlapping entry turned out to be inactive and was taken out), so they are sorted by end as well as by start.
/// Released and expired reservations leave the book but stay readable through <see cref="GetAsync"/>. A hold whose time ran out
/// reads as <see cref="ReservationStatus.Held"/> (with <see cref="Reservation.HeldUntil"/> past) until a confirm, a release or an
/// overlapping hold records it as <see cref="ReservationStatus.Expired"/>; <see cref="Reservation.IsActiveAt"/> tells either way.
/// State lives in this process only; several host instances need a durable adapter.
/// </remarks>
public sealed class InMemoryReservationStore : IReservationStore
{
    private readonly IClock _clock;
    private readonly ConcurrentDictionary<InterviewerId, InterviewerBook> _books = new();
    private readonly ConcurrentDictionary<ReservationId, Reservation> _byId = new();
    private readonly ConcurrentDictionary<ReservationId, List<ReservationStatusChange>> _history = new();

    /// <summary>Creates an empty store.</summary>
    /// <param name="clock">Decides whether a hold is still active.</param>
    public InMemoryReservationStore(IClock clock) => _clock = clock ?? throw new ArgumentNullException(nameof(clock));

    /// <summary>How many reservations the store has seen, in any status.</summary>
    public int Count => _byId.Count;

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The request names no interviewer, its slot lacks a start, an end or a positive length, its owner is blank, or <see cref="HoldRequest.HeldUntil"/> is not after now.</exception>
    public Task<HoldResult> TryHoldAsync(HoldRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        HoldRequest.Validate(request, _clock.GetCurrentInstant());

        var book = _books.GetOrAdd(request.InterviewerId, static _ => new InterviewerBook());
        lock (book.Gate)
        {
            var now = _clock.GetCurrentInstant();
            var slot = request.Slot;
            var entries = book.Entries;
            var index = book.FirstEndingAfter(slot.Start);
            while (index < entries.Count && entries[index].Slot.Start < slot.End)
            {
                var existing = entries[index];
                if (existing.IsActiveAt(now))
                {
                    if (existing.Status == ReservationStatus.Held
                        && existing.Slot == slot
                        && string.Equals(existing.Owner, request.Owner, StringComparison.Ordinal))
                    {
                        return Task.FromResult(HoldResult.Held(existing));
                    }

                    return Task.FromResult(HoldResult.Conflict(existing.Id));
                }

                // An inactive entry still in the book is a hold whose time ran out: record that, and stop it blocking anything.
                _byId[existing.Id] = existing with { Status = ReservationStatus.Expired };
                Record(existing.Id, existing.Status, ReservationStatus.Expired, now, ReservationChangeReasons.Expired);
                entries.RemoveAt(index);
            }

            var reservation = new Reservation
            {
                Id = ReservationId.New(),
                InterviewerId = request.InterviewerId,
                Slot = slot,
                Owner = request.Owner,
                Status = ReservationStatus.Held,
                HeldUntil = request.HeldUntil,
                CreatedAt = now,
            };
            _byId[reservation.Id] = reservation;
            Record(reservation.Id, null, ReservationStatus.Held, now, ReservationChangeReasons.Held);
            entries.Insert(index, reservation);
            return Task.FromResult(HoldResult.Held(reservation));
        }
    }

    /// <inheritdoc />
    public Task<Reservation?> GetAsync(ReservationId id, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(!id.IsEmpty && _byId.TryGetValue(id, out var reservation) ? reservation : null);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="id"/> is empty or <paramref name="owner"/> is blank.</exception>
    public Task<ReservationUpdateResult> TryConfirmAsync(ReservationId id, string owner, CancellationToken cancellationToken = default) =>
        Update(id, owner, static (current, now) => current.Status switch
        {
            ReservationStatus.Confirmed => (ReservationUpdateOutcome.Updated, current),
            ReservationStatus.Held when current.HeldUntil > now => (ReservationUpdateOutcome.Updated, current with { Status = ReservationStatus.Confirmed }),
            ReservationStatus.Held => (ReservationUpdateOutcome.Expired, current with { Status = ReservationStatus.Expired }),
            ReservationStatus.Expired => (ReservationUpdateOutcome.Expired, current),
            _ => (ReservationUpdateOutcome.InvalidStatus, current),
        }, cancellationToken);

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="id"/> is empty or <paramref name="owner"/> is blank.</exception>
    public Task<ReservationUpdateResult> TryReleaseAsync(ReservationId id, string owner, CancellationToken cancellationToken = default) =>
        Update(id, owner, static (current, now) => current.Status switch
        {
            ReservationStatus.Held when current.HeldUntil > now => (ReservationUpdateOutcome.Updated, current with { Status = ReservationStatus.Released }),
            ReservationStatus.Held => (ReservationUpdateOutcome.Updated, current with { Status = ReservationStatus.Expired }),
            ReservationStatus.Released or ReservationStatus.Expired => (ReservationUpdateOutcome.Updated, current),
            _ => (ReservationUpdateOutcome.InvalidStatus, current),
        }, cancellationToken);

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="id"/> is empty or <paramref name="owner"/> is blank.</exception>
    public Task<ReservationUpdateResult> TryCancelAsync(ReservationId id, string owner, CancellationToken cancellationToken = default) =>
        Update(id, owner, static (current, now) => current.Status switch
        {
            ReservationStatus.Confirmed => (ReservationUpdateOutcome.Updated, current with { Status = ReservationStatus.Released }),
            ReservationStatus.Held when current.HeldUntil > now => (ReservationUpdateOutcome.Updated, current with { Status = ReservationStatus.Released }),
            ReservationStatus.Held => (ReservationUpdateOutcome.Updated, current with { Status = ReservationStatus.Expired }),
            _ => (ReservationUpdateOutcome.Updated, current),
        }, cancellationToken);

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="interviewerIds"/> is <see langword="null"/>.</exception>
    /// <remarks>
    /// A window without a start (or an end) reaches back (or forward) without limit. "Active" is judged at one instant, read from
    /// the clock once per call. Each interviewer's book is searched from the first entry ending after the window starts, so the
    /// cost follows the number of interviewers asked and the entries in the window, never the number of reservations stored.
    /// </remarks>
    public Task<IReadOnlyList<Reservation>> GetActiveAsync(IReadOnlyCollection<InterviewerId> interviewerIds, Interval window, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(interviewerIds);
        cancellationToken.ThrowIfCancellationRequested();

        var windowStart = window.HasStart ? window.Start : Instant.MinValue;
        var windowEnd = window.HasEnd ? window.End : Instant.MaxValue;
        var ids = ArrayPool<InterviewerId>.Shared.Rent(interviewerIds.Count);
        try
        {
            var count = 0;
            foreach (var id in interviewerIds)
            {
                if (!id.IsEmpty && count < ids.Length)
                {
                    ids[count++] = id;
                }
            }

            Array.Sort(ids, 0, count, InterviewerIdComparer.Instance);
            var now = _clock.GetCurrentInstant();
            List<Reservation>? result = null;
            for (var i = 0; i < count; i++)
            {
                if ((i > 0 && ids[i] == ids[i - 1]) || !_books.TryGetValue(ids[i], out var book))
                {
                    continue;
                }

                lock (book.Gate)
                {
                    var entries = book.Entries;
                    for (var index = book.FirstEndingAfter(windowStart); index < entries.Count; index++)
                    {
                        var entry = entries[index];
                        if (entry.Slot.Start >= windowEnd)
                        {
                            break;
                        }

                        // Ends after the window starts and starts before it ends: it overlaps (half-open, as Reservation.Overlaps).
                        if (entry.IsActiveAt(now))
                        {
                            (result ??= new List<Reservation>(Math.Max(16, 4 * count))).Add(entry);
                        }
                    }
                }
            }

            return Task.FromResult<IReadOnlyList<Reservation>>(result ?? (IReadOnlyList<Reservation>)[]);
        }
        finally
        {
            ArrayPool<InterviewerId>.Shared.Return(ids, clearArray: true);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ReservationStatusChange>> GetHistoryAsync(ReservationId id, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (id.IsEmpty || !_history.TryGetValue(id, out var changes))
        {
            return Task.FromResult<IReadOnlyList<ReservationStatusChange>>([]);
        }

        lock (changes)
        {
            return Task.FromResult<IReadOnlyList<ReservationStatusChange>>(changes.ToArray());
        }
    }

    // Called under the interviewer's book lock, so one reservation's changes are appended in the order they happened.
    private void Record(ReservationId id, ReservationStatus? from, ReservationStatus to, Instant at, string reason)
    {
        var changes = _history.GetOrAdd(id, static _ => []);
        lock (changes)
        {
            changes.Add(new ReservationStatusChange(id, from, to, at, reason));
        }
    }

    private Task<ReservationUpdateResult> Update(
        ReservationId id,
        string owner,
        Func<Reservation, Instant, (ReservationUpdateOutcome Outcome, Reservation Next)> decide,
        CancellationToken cancellationToken)
    {
        if (id.IsEmpty)
        {
            throw new ArgumentException("A reservation id is required.", nameof(id));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        cancellationToken.ThrowIfCancellationRequested();

        if (!_byId.TryGetValue(id, out var seen))
        {
            return Task.FromResult(new ReservationUpdateResult(ReservationUpdateOutcome.NotFound, null));
        }

        // A reservation's interviewer never changes, so its book is the one to lock; re-read the record under that lock.
        var book = _books.GetOrAdd(seen.InterviewerId, static _ => new InterviewerBook());
        lock (book.Gate)
        {
            var current = _byId[id];
            if (!string.Equals(current.Owner, owner, StringComparison.Ordinal))
            {
                return Task.FromResult(new ReservationUpdateResult(ReservationUpdateOutcome.NotOwner, current));
            }

            var now = _clock.GetCurrentInstant();
            var (outcome, next) = decide(current, now);
            if (!ReferenceEquals(next, current))
            {
                _byId[id] = next;
                Record(id, current.Status, next.Status, now, next.Status switch
                {
                    ReservationStatus.Confirmed => ReservationChangeReasons.Confirmed,
                    ReservationStatus.Released when current.Status == ReservationStatus.Confirmed => ReservationChangeReasons.Canceled,
                    ReservationStatus.Released => ReservationChangeReasons.Released,
                    _ => ReservationChangeReasons.Expired,
                });
                book.Replace(current, next.Status is ReservationStatus.Held or ReservationStatus.Confirmed ? next : null);
            }

            return Task.FromResult(new ReservationUpdateResult(outcome, next));
        }
    }

    /// <summary>One interviewer's held and confirmed reservations, sorted by start and pairwise non-overlapping; guarded by <see cref="Gate"/>.</summary>
    private sealed class InterviewerBook
    {
        public Lock Gate { get; } = new();

        public List<Reservation> Entries { get; } = [];

        /// <summary>The index of the first entry that ends after <paramref name="instant"/> (entries are sorted by end too).</summary>
        public int FirstEndingAfter(Instant instant)
        {
            int low = 0, high = Entries.Count;
            while (low < high)
            {
                var middle = low + ((high - low) / 2);
                if (Entries[middle].Slot.End > instant)
                {
                    high = middle;
                }
                else
                {
                    low = middle + 1;
                }
            }

            return low;
        }

        /// <summary>Replaces an entry with its new version, or takes it out when <paramref name="next"/> is <see langword="null"/>.</summary>
        public void Replace(Reservation current, Reservation? next)
        {
            for (var index = FirstEndingAfter(current.Slot.Start); index < Entries.Count && Entries[index].Slot.Start <= current.Slot.Start; index++)
            {
                if (Entries[index].Id == current.Id)
                {
                    if (next is null)
                    {
                        Entries.RemoveAt(index);
                    }
                    else
                    {
                        Entries[index] = next;
                    }

                    return;
                }
            }
        }
    }
}
