using Microsoft.Extensions.Options;
using NodaTime.Testing;

namespace InterviewBooking.Testing;

/// <summary>
/// Ages a store set through months of simulated traffic on a <see cref="FakeClock"/>, by the cheapest path through the stores' own calls:
/// each session holds a slot two days ahead, is created, and is either paid, confirmed and booked with its interview (completed once the
/// slot has ended) or expired and released after its hold; each writes an inbox entry and an outbox item, which a drain of the outbox
/// delivers every simulated hour. With <see cref="RetentionOptions"/> given, a <see cref="RetentionPurger"/> pass runs at the end of every
/// simulated day. For the bounded-memory test and the month-one-against-month-six benchmark; no matching, no payment gateway, no payouts.
/// </summary>
public sealed class StoreAgingDriver
{
    private static readonly Duration HoldFor = Duration.FromMinutes(30);
    private static readonly Duration SlotLength = Duration.FromMinutes(60);
    private static readonly Price SharedPrice = new(new Money(10_000, "USD"), [new PriceLine(PriceLineKind.Plan, "standard-60", "Standard interview (60 min)", 1, 10_000)]);

    private readonly RetentionStores _stores;
    private readonly FakeClock _clock;
    private readonly Instant _start;
    private readonly MatchedInterviewer[] _interviewers;
    private readonly CandidateId[] _candidates;
    private readonly RetentionPurger? _purger;
    private readonly Queue<(Instant At, PaymentSession Session)> _toExpire = new();
    private readonly Queue<(Instant At, InterviewId Interview)> _toComplete = new();
    private Instant _nextDrain;

    /// <summary>Creates a driver over <paramref name="stores"/>, whose clock is <paramref name="clock"/>, starting at the clock's instant.</summary>
    /// <param name="stores">The store set (all on <paramref name="clock"/>).</param>
    /// <param name="clock">The stores' clock; the driver moves it.</param>
    /// <param name="interviewers">The interviewers whose slots are held (each holds at most one session's slot at a time).</param>
    /// <param name="retention">The ages retention runs with at the end of every simulated day, or <see langword="null"/> for none.</param>
    /// <param name="sessionsPerDay">Sessions started per simulated day (at most 6 per interviewer).</param>
    public StoreAgingDriver(RetentionStores stores, FakeClock clock, IReadOnlyList<InterviewerId> interviewers, RetentionOptions? retention, int sessionsPerDay)
    {
        ArgumentNullException.ThrowIfNull(stores);
        ArgumentNullException.ThrowIfNull(interviewers);
        _stores = stores;
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        if (interviewers.Count == 0 || sessionsPerDay < 1 || sessionsPerDay > 6 * interviewers.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(sessionsPerDay), sessionsPerDay, $"Between 1 and 6 per interviewer ({interviewers.Count} interviewers).");
        }

        _start = clock.GetCurrentInstant();
        _nextDrain = _start + Duration.FromHours(1);
        SessionsPerDay = sessionsPerDay;
        var score = new MatchScore(experience: 25, skills: 35, availability: 30);
        _interviewers = [.. interviewers.Select(id => new MatchedInterviewer
        {
            Id = id,
            Name = "Interviewer " + id.Value,
            Email = id.Value + "@example.com",
            Company = "Example Systems",
            Score = score,
        })];
        _candidates = [.. Enumerable.Range(0, 20_000).Select(i => new CandidateId("candidate-" + i))];
        _purger = retention is null ? null : new RetentionPurger(stores.Retention, new FixedMonitor(retention), clock);
    }

    /// <summary>Sessions started per simulated day.</summary>
    public int SessionsPerDay { get; }

    /// <summary>How many sessions were started so far.</summary>
    public long Sessions { get; private set; }

    /// <summary>How many simulated days have run so far.</summary>
    public int Days { get; private set; }

    /// <summary>What the retention passes removed so far, in all.</summary>
    public long Removed { get; private set; }

    /// <summary>Runs <paramref name="days"/> more simulated days; <paramref name="afterDay"/> (if given) runs after each day's retention pass.</summary>
    /// <param name="days">How many days.</param>
    /// <param name="afterDay">Called with the number of days run so far.</param>
    /// <param name="cancellationToken">Stops the run between sessions.</param>
    public async Task RunAsync(int days, Func<int, Task>? afterDay = null, CancellationToken cancellationToken = default)
    {
        var step = Duration.FromDays(1) / SessionsPerDay;
        for (var d = 0; d < days; d++)
        {
            var dayStart = _start + Duration.FromDays(Days);
            for (var k = 0; k < SessionsPerDay; k++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                _clock.Reset(dayStart + (step * k));
                await CatchUpAsync();
                await StartAsync(dayStart);
            }

            _clock.Reset(dayStart + Duration.FromDays(1));
            await CatchUpAsync();
            if (_purger is not null)
            {
                RetentionPassResult pass;
                do
                {
                    pass = await _purger.PurgeAsync(cancellationToken);
                    Removed += pass.Total;
                }
                while (!pass.Complete);
            }

            Days++;
            if (afterDay is not null)
            {
                await afterDay(Days);
            }
        }
    }

    private async Task StartAsync(Instant dayStart)
    {
        var now = _clock.GetCurrentInstant();
        var index = Sessions++;
        // Interviewers take turns across days; one has at most six sessions a day, each in its own slot of that day.
        var interviewer = _interviewers[(int)(index % _interviewers.Length)];
        var turn = (int)(index / _interviewers.Length % 6);
        var slotStart = dayStart + Duration.FromDays(2) + Duration.FromHours(7) + (Duration.FromMinutes(90) * turn);
        var slot = new Interval(slotStart, slotStart + SlotLength);
        var id = new PaymentSessionId("ps-" + index.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var candidate = _candidates[index % _candidates.Length];
        var hold = await _stores.Reservations.TryHoldAsync(new HoldRequest(interviewer.Id, slot, id.Value, now + HoldFor) { Candidate = candidate });
        if (!hold.Succeeded)
        {
            throw new InvalidOperationException($"The driver's slots never overlap, yet the hold of {id} was refused: {hold.Refusal}.");
        }

        var session = await _stores.Sessions.CreateAsync(new PaymentSession
        {
            Id = id,
            CandidateId = candidate,
            CandidateName = "Candidate",
            CandidateEmail = "candidate@example.com",
            CandidateTimeZone = DateTimeZone.Utc,
            MatchedInterviewer = interviewer,
            InterviewerId = interviewer.Id,
            SelectedDate = SlotText.LocalDateOf(slot, DateTimeZone.Utc),
            MatchScore = interviewer.Score.Total,
            Slot = slot,
            ReservationId = hold.Reservation!.Id,
            PlanId = "standard-60",
            Price = SharedPrice,
            Status = PaymentSessionStatus.Pending,
            CreatedAt = now,
            UpdatedAt = now,
            ExpiresAt = now + HoldFor,
        });

        // Three in five pay; the others let the hold run out.
        if (index % 5 >= 3)
        {
            _toExpire.Enqueue((now + HoldFor, session));
            return;
        }

        var paid = await MoveAsync(session, PaymentSessionStatus.Paid, now, []);
        await _stores.Inbox.TryRecordAsync(new ProcessedPaymentEvent("evt-" + id.Value, "checkout.session.completed", id, PaymentEventOutcome.Booked, now));
        await _stores.Reservations.TryConfirmAsync(hold.Reservation.Id, id.Value);
        var claimed = await MoveAsync(paid, PaymentSessionStatus.Booking, now, []);
        var interview = await _stores.Interviews.AddOrGetAsync(new ScheduledInterview(InterviewId.New(), PaymentSessionSamples.ScheduleRequest(claimed), now));
        var booked = await _stores.Sessions.TryTransitionAsync(new PaymentSessionTransition(id, PaymentSessionStatus.Booking, PaymentSessionStatus.Booked, now)
        {
            InterviewId = interview.Id,
            Outbox = [new OutboxMessage("booked-" + id.Value, OutboxKinds.Notification, now) { SessionId = id }],
        });
        Ensure(booked.Succeeded, id, PaymentSessionStatus.Booked);
        _toComplete.Enqueue((slot.End, interview.Id));
    }

    // Everything due by now: holds run out (the session expires and its slot is released), interviews whose slot ended are completed,
    // and every hour the outbox is drained.
    private async Task CatchUpAsync()
    {
        var now = _clock.GetCurrentInstant();
        while (_toExpire.TryPeek(out var due) && due.At <= now)
        {
            _toExpire.Dequeue();
            var session = due.Session;
            await MoveAsync(session, PaymentSessionStatus.Expired, now, [new OutboxMessage("expiry-" + session.Id.Value, OutboxKinds.CheckoutExpiry, now) { SessionId = session.Id }]);
            await _stores.Reservations.TryReleaseAsync(session.ReservationId!.Value, session.Id.Value);
            await _stores.Inbox.TryRecordAsync(new ProcessedPaymentEvent("evt-" + session.Id.Value, "checkout.session.expired", session.Id, PaymentEventOutcome.Released, now));
        }

        while (_toComplete.TryPeek(out var due) && due.At <= now)
        {
            _toComplete.Dequeue();
            var ended = await _stores.Interviews.TryTransitionAsync(
                new InterviewTransition(due.Interview, InterviewStatus.Scheduled, InterviewStatus.Completed, now) { By = InterviewParty.Interviewer });
            if (!ended.Succeeded)
            {
                throw new InvalidOperationException($"Interview {due.Interview} could not be completed.");
            }
        }

        if (now >= _nextDrain)
        {
            _nextDrain = now + Duration.FromHours(1);
            IReadOnlyList<OutboxItem> leased;
            do
            {
                leased = await _stores.Outbox.LeaseAsync(1_000, Duration.FromMinutes(5));
                foreach (var item in leased)
                {
                    await _stores.Outbox.CompleteAsync(item.Message.Key, item.LeaseToken!.Value);
                }
            }
            while (leased.Count == 1_000);
        }
    }

    private async Task<PaymentSession> MoveAsync(PaymentSession session, PaymentSessionStatus to, Instant now, IReadOnlyList<OutboxMessage> outbox)
    {
        var result = await _stores.Sessions.TryTransitionAsync(new PaymentSessionTransition(session.Id, session.Status, to, now) { Outbox = outbox });
        Ensure(result.Succeeded, session.Id, to);
        return result.Session!;
    }

    private static void Ensure(bool succeeded, PaymentSessionId id, PaymentSessionStatus to)
    {
        if (!succeeded)
        {
            throw new InvalidOperationException($"Session {id} could not become {to}.");
        }
    }

    private sealed class FixedMonitor(RetentionOptions value) : IOptionsMonitor<RetentionOptions>
    {
        public RetentionOptions CurrentValue => value;

        public RetentionOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<RetentionOptions, string?> listener) => null;
    }
}
