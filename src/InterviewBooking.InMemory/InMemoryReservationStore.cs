using System.Buffers;
using System.Collections.Concurrent;

namespace InterviewBooking.InMemory;

/// <summary>
/// A thread-safe <see cref="IReservationStore"/> for one process. Each interviewer has a book guarded by its own lock; the book keeps
/// that interviewer's held and confirmed reservations sorted by start, so the no-overlap check and <see cref="GetActiveAsync"/>
/// look only at the neighbours of a slot, never at every reservation.
/// </summary>
/// <remarks>
/// Reservations are immutable: every change stores a new record. A book's entries never crowd one another (a hold is added only after
/// every entry whose occupied span, slot and buffers, overlaps its own turned out to be inactive and was taken out), so they are sorted
/// by end as well as by start, with or without buffers. The daily cap counts the book's active entries starting on the local day, the
/// candidate cap the candidate's active holds, and a coupon use is reserved in the <see cref="InMemoryCouponRedemptionStore"/> given.
/// Released and expired reservations leave the book but stay readable through <see cref="GetAsync"/>. A hold whose time ran out
/// reads as <see cref="ReservationStatus.Held"/> (with <see cref="Reservation.HeldUntil"/> past) until a confirm, a release or an
/// overlapping hold records it as <see cref="ReservationStatus.Expired"/>; <see cref="Reservation.IsActiveAt"/> tells either way.
/// Every reservation is also indexed by its slot's end, so retention (<see cref="InMemoryRetentionStore"/>) removes the ones that ended
/// longest ago without scanning the rest. State lives in this process only; several host instances need a durable adapter.
/// </remarks>
public sealed class InMemoryReservationStore : IReservationStore
{
    private readonly IClock _clock;
    private readonly ConcurrentDictionary<InterviewerId, InterviewerBook> _books = new();
    private readonly ConcurrentDictionary<ReservationId, Reservation> _byId = new();
    private readonly ConcurrentDictionary<ReservationId, List<ReservationStatusChange>> _history = new();
    private readonly ConcurrentDictionary<CandidateId, CandidateHolds> _candidates = new();
    private readonly InMemoryCouponRedemptionStore? _coupons;
    private readonly Lock _retentionGate = new();
    private readonly SortedSet<(Instant SlotEnd, ReservationId Id)> _bySlotEnd = new(SlotEndOrder.Instance);
    private readonly HashSet<ReservationId> _purging = [];

    /// <summary>Creates an empty store that cannot reserve coupon uses (a hold with <see cref="HoldRequest.Coupon"/> throws).</summary>
    /// <param name="clock">Decides whether a hold is still active.</param>
    public InMemoryReservationStore(IClock clock)
        : this(clock, null)
    {
    }

    /// <summary>Creates an empty store whose holds reserve coupon uses in <paramref name="coupons"/>, atomically with the hold.</summary>
    /// <param name="clock">Decides whether a hold is still active.</param>
    /// <param name="coupons">The coupon store that payments redeem in; <see langword="null"/> for none.</param>
    public InMemoryReservationStore(IClock clock, InMemoryCouponRedemptionStore? coupons)
    {
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _coupons = coupons;
    }

    /// <summary>How many reservations the store has seen, in any status.</summary>
    public int Count => _byId.Count;

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The request is not valid (<see cref="HoldRequest.Validate"/>).</exception>
    /// <exception cref="InvalidOperationException">The request reserves a coupon use, but the store was created without the coupon store.</exception>
    /// <remarks>
    /// Everything is decided under the interviewer's book lock, then the candidate's lock, then the coupon's (always in that order): the
    /// occupied spans near the slot, the reservations starting on the slot's local day, the candidate's active holds, the coupon's uses.
    /// Only when every rule passes is anything written.
    /// </remarks>
    public Task<HoldResult> TryHoldAsync(HoldRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        HoldRequest.Validate(request, _clock.GetCurrentInstant());
        if (request.Coupon is not null && _coupons is null)
        {
            throw new InvalidOperationException("This reservation store was created without the InMemoryCouponRedemptionStore, so it cannot reserve a coupon use.");
        }

        var book = _books.GetOrAdd(request.InterviewerId, static _ => new InterviewerBook());
        lock (book.Gate)
        {
            var now = _clock.GetCurrentInstant();
            var slot = request.Slot;
            var occupied = request.Rules.Occupied(slot);
            var entries = book.Entries;
            Reservation? overlapping = null;
            Reservation? crowding = null;
            var index = book.FirstOccupiedEndingAfter(occupied.Start);
            while (index < entries.Count && entries[index].Occupied.Start < occupied.End)
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

                    if (Reservation.Overlaps(existing.Slot, slot))
                    {
                        overlapping ??= existing;
                    }
                    else
                    {
                        crowding ??= existing;
                    }

                    index++;
                    continue;
                }

                // An inactive entry still in the book is a hold whose time ran out: record that, and stop it blocking anything.
                _byId[existing.Id] = existing with { Status = ReservationStatus.Expired };
                Record(existing.Id, existing.Status, ReservationStatus.Expired, now, ReservationChangeReasons.Expired);
                entries.RemoveAt(index);
            }

            if (overlapping is not null || crowding is not null)
            {
                return Task.FromResult(overlapping is not null
                    ? HoldResult.Conflict(overlapping.Id)
                    : HoldResult.Refused(HoldRefusal.Buffer, crowding!.Id));
            }

            if (request.Rules.MaxPerDay is { } maxPerDay && book.CountStartingIn(request.Rules.DayOf(slot).Day, now) >= maxPerDay)
            {
                return Task.FromResult(HoldResult.Refused(HoldRefusal.DailyCap));
            }

            return Task.FromResult(HoldForCandidate(request, book, index, now));
        }
    }

    // Called under the interviewer's book lock: the candidate's cap and the coupon are decided under their own locks, inside it.
    private HoldResult HoldForCandidate(HoldRequest request, InterviewerBook book, int index, Instant now)
    {
        if (request.Candidate.IsEmpty)
        {
            return Insert(request, book, index, now, holds: null);
        }

        while (true)
        {
            var holds = _candidates.GetOrAdd(request.Candidate, static _ => new CandidateHolds());
            lock (holds.Gate)
            {
                if (!holds.Retired)
                {
                    return DecideCandidate(request, book, index, now, holds);
                }
            }
        }
    }

    // Called under the interviewer's book lock and the candidate's lock.
    private HoldResult DecideCandidate(HoldRequest request, InterviewerBook book, int index, Instant now, CandidateHolds holds)
    {
        holds.Ids.RemoveAll(id => !(_byId.TryGetValue(id, out var r) && r.Status == ReservationStatus.Held && r.HeldUntil > now));
        if (request.MaxActiveCandidateHolds is { } cap && holds.Ids.Count >= cap)
        {
            return HoldResult.Refused(HoldRefusal.CandidateHoldCap);
        }

        return Insert(request, book, index, now, holds);
    }

    private HoldResult Insert(HoldRequest request, InterviewerBook book, int index, Instant now, CandidateHolds? holds)
    {
        var reservation = new Reservation
        {
            Id = ReservationId.New(),
            InterviewerId = request.InterviewerId,
            Slot = request.Slot,
            Owner = request.Owner,
            Status = ReservationStatus.Held,
            HeldUntil = request.HeldUntil,
            CreatedAt = now,
            BufferBefore = request.Rules.BufferBefore,
            BufferAfter = request.Rules.BufferAfter,
            Candidate = request.Candidate,
        };
        if (request.Coupon is { } coupon && !_coupons!.TryReserve(coupon, request.Owner, request.HeldUntil, now))
        {
            return HoldResult.Refused(HoldRefusal.CouponExhausted);
        }

        _byId[reservation.Id] = reservation;
        lock (_retentionGate)
        {
            _bySlotEnd.Add((reservation.Slot.End, reservation.Id));
        }

        Record(reservation.Id, null, ReservationStatus.Held, now, ReservationChangeReasons.Held);
        book.Entries.Insert(index, reservation);
        holds?.Ids.Add(reservation.Id);
        return HoldResult.Held(reservation);
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

    /// <summary>
    /// Removes up to <paramref name="maxItems"/> reservations that <see cref="RetentionRules.IsReservationSettled"/> lets go, slot ended longest
    /// ago first, with their trail; each is decided again and removed under its interviewer's book lock, so a pass racing another removes it once.
    /// </summary>
    internal List<string> Purge(RetentionCutoffs cutoffs, int maxItems)
    {
        List<ReservationId> candidates = [];
        lock (_retentionGate)
        {
            foreach (var (slotEnd, id) in _bySlotEnd)
            {
                if (slotEnd >= cutoffs.FinishedBefore || candidates.Count >= maxItems)
                {
                    break;
                }

                // Claimed under this lock, so a pass running at once takes the next ones instead (as SKIP LOCKED would).
                if (_byId.TryGetValue(id, out var reservation) && RetentionRules.IsReservationSettled(reservation, cutoffs) && _purging.Add(id))
                {
                    candidates.Add(id);
                }
            }
        }

        try
        {
            return Remove(candidates, cutoffs);
        }
        finally
        {
            lock (_retentionGate)
            {
                _purging.ExceptWith(candidates);
            }
        }
    }

    private List<string> Remove(List<ReservationId> candidates, RetentionCutoffs cutoffs)
    {
        var removed = new List<string>(candidates.Count);
        foreach (var id in candidates)
        {
            if (!_byId.TryGetValue(id, out var seen) || !_books.TryGetValue(seen.InterviewerId, out var book))
            {
                continue;
            }

            lock (book.Gate)
            {
                if (!_byId.TryGetValue(id, out var current) || !RetentionRules.IsReservationSettled(current, cutoffs))
                {
                    continue;
                }

                book.Replace(current, null);
                _byId.TryRemove(id, out _);
                _history.TryRemove(id, out _);
                ForgetCandidateHold(current);
                lock (_retentionGate)
                {
                    _bySlotEnd.Remove((current.Slot.End, id));
                }

                removed.Add(id.Value);
            }
        }

        return removed;
    }

    // Called under the reservation's book lock. A candidate left with no hold is dropped, so candidates that come once do not stay forever;
    // a hold racing the drop finds the entry retired and takes a fresh one.
    private void ForgetCandidateHold(Reservation reservation)
    {
        if (reservation.Candidate.IsEmpty || !_candidates.TryGetValue(reservation.Candidate, out var holds))
        {
            return;
        }

        lock (holds.Gate)
        {
            holds.Ids.Remove(reservation.Id);
            if (holds.Ids.Count == 0)
            {
                holds.Retired = true;
                _candidates.TryRemove(new KeyValuePair<CandidateId, CandidateHolds>(reservation.Candidate, holds));
            }
        }
    }

    /// <summary>One candidate's holds (pruned of those no longer active whenever a hold is decided); guarded by <see cref="Gate"/>.</summary>
    private sealed class CandidateHolds
    {
        public Lock Gate { get; } = new();

        public List<ReservationId> Ids { get; } = [];

        /// <summary>Set when retention dropped the entry from the store; a hold that finds it set takes a fresh entry.</summary>
        public bool Retired { get; set; }
    }

    private sealed class SlotEndOrder : IComparer<(Instant SlotEnd, ReservationId Id)>
    {
        public static readonly SlotEndOrder Instance = new();

        public int Compare((Instant SlotEnd, ReservationId Id) x, (Instant SlotEnd, ReservationId Id) y)
        {
            var byTime = x.SlotEnd.CompareTo(y.SlotEnd);
            return byTime != 0 ? byTime : string.CompareOrdinal(x.Id.Value, y.Id.Value);
        }
    }

    /// <summary>
    /// One interviewer's held and confirmed reservations, sorted by start, with pairwise non-overlapping occupied spans (slot and buffers);
    /// guarded by <see cref="Gate"/>.
    /// </summary>
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

        /// <summary>
        /// The index of the first entry whose occupied span ends after <paramref name="instant"/>. Occupied spans of the book's entries never
        /// overlap one another, so they are sorted by those ends too.
        /// </summary>
        public int FirstOccupiedEndingAfter(Instant instant)
        {
            int low = 0, high = Entries.Count;
            while (low < high)
            {
                var middle = low + ((high - low) / 2);
                if (Entries[middle].Occupied.End > instant)
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

        /// <summary>How many entries active at <paramref name="now"/> start inside <paramref name="day"/>.</summary>
        public int CountStartingIn(Interval day, Instant now)
        {
            var count = 0;
            for (var index = FirstEndingAfter(day.Start); index < Entries.Count && Entries[index].Slot.Start < day.End; index++)
            {
                if (Entries[index].Slot.Start >= day.Start && Entries[index].IsActiveAt(now))
                {
                    count++;
                }
            }

            return count;
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
