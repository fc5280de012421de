namespace InterviewBooking.Stress;

/// <summary>
/// What happens once the booked interviews take place, as simulated time runs past them: each booked session's interview is completed
/// (some with the interviewer's feedback and the candidate's rating), or a no-show of either party is reported, or nothing is reported;
/// after half of the interviewer no-shows the candidate asks for a free rebooking one day later (inside the marketplace's days), whose
/// new session is itself ended the same way once its slot passes. Every call goes to a random instance through the faulty stores and is
/// repeated until it answers (a repeat finishes what a failed call left); the matcher calls a rebooking makes are the only ones allowed
/// after payment, and are marked as such for the verdict.
/// </summary>
internal sealed class AfterInterviews(Marketplace market, HostPool instances, PaymentWatch watch, SimulationFigures figures, int seed)
{
    // A call here makes many store calls, each of which may fail at the fault rate (one in ten in CI): a party keeps trying, as a
    // person would, and the bound only stops a call that can never succeed.
    private const int MaxAttempts = 60;

    private readonly PriorityQueue<PaymentSessionId, Instant> _due = new();
    private readonly HashSet<PaymentSessionId> _seen = [];
    private readonly List<PaymentSessionId> _unbooked = [];
    private readonly Random _random = new(seed ^ 0xAF7E);

    /// <summary>Queues every booked session among <paramref name="sessions"/> not queued before, by the end of its slot.</summary>
    public async Task AddAsync(IEnumerable<PaymentSessionId> sessions)
    {
        foreach (var id in sessions.OrderBy(static s => s.Value, StringComparer.Ordinal))
        {
            if (_seen.Contains(id))
            {
                continue;
            }

            var session = await RetryAsync(instance => instance.Sessions.GetAsync(id));
            if (session is { Status: PaymentSessionStatus.Booked, Slot: { } slot })
            {
                _seen.Add(id);
                _due.Enqueue(id, slot.End);
            }
        }
    }

    /// <summary>
    /// Ends the interviews whose slot ended by <paramref name="now"/>. First books again the rebooked sessions a fault left unbooked (a
    /// booking claim that went stale), as a host's sweeper would.
    /// </summary>
    public async Task RunDueAsync(Instant now)
    {
        foreach (var id in _unbooked.ToArray())
        {
            var booked = await RetryAsync(instance => instance.AutoBooking.BookAsync(id));
            if (booked is { Outcome: BookingOutcome.Booked or BookingOutcome.AlreadyBooked, Session.Slot: { } slot })
            {
                _unbooked.Remove(id);
                _due.Enqueue(id, slot.End);
            }
        }

        while (_due.TryPeek(out var id, out var end) && end <= now)
        {
            _due.Dequeue();
            await EndAsync(id);
        }
    }

    private async Task EndAsync(PaymentSessionId id)
    {
        var draw = _random.NextDouble();
        if (draw < 0.55)
        {
            var completed = await RetryAsync(instance => instance.Lifecycle.CompleteAsync(id, InterviewParty.Interviewer));
            figures.Count(ref figures.InterviewsCompleted);
            if (completed?.Outcome is InterviewLifecycleOutcome.Completed or InterviewLifecycleOutcome.AlreadyRecorded)
            {
                if (_random.NextDouble() < 0.5)
                {
                    await RetryAsync(instance => instance.Lifecycle.SubmitFeedbackAsync(id, "Clear structure; estimate load before choosing a store."));
                    figures.Count(ref figures.FeedbackGiven);
                }

                if (_random.NextDouble() < 0.5)
                {
                    await RetryAsync(instance => instance.Lifecycle.RateAsync(id, 1 + _random.Next(5), "Helpful."));
                    figures.Count(ref figures.RatingsGiven);
                }
            }
        }
        else if (draw < 0.65)
        {
            await RetryAsync(instance => instance.Lifecycle.ReportNoShowAsync(id, InterviewParty.Candidate, InterviewParty.Interviewer));
            figures.Count(ref figures.CandidateNoShows);
        }
        else if (draw < 0.75)
        {
            var noShow = await RetryAsync(instance => instance.Lifecycle.ReportNoShowAsync(id, InterviewParty.Interviewer, InterviewParty.Candidate));
            figures.Count(ref figures.InterviewerNoShows);
            if (noShow?.Session is { Slot: { } slot } session && _random.NextDouble() < 0.5)
            {
                await RebookAsync(session, slot);
            }
        }
    }

    // The candidate asks for the same time the next day, when the marketplace still has that day; otherwise the refund follows.
    private async Task RebookAsync(PaymentSession original, Interval slot)
    {
        var next = new Interval(slot.Start + Duration.FromDays(1), slot.End + Duration.FromDays(1));
        var candidate = market.Candidates.FirstOrDefault(c => c.Id == original.CandidateId);
        if (candidate is null || !market.Slots.Contains(next))
        {
            return;
        }

        var request = market.Request(candidate, next, withCoupon: false);
        var rebooked = await RetryAsync(async instance =>
        {
            using (watch.Rebooking(original.Id))
            {
                return await instance.Rebooking.RebookAsync(original.Id, request);
            }
        });
        if (rebooked is { Outcome: RebookingOutcome.Rebooked or RebookingOutcome.AlreadyRebooked, Rebooked: { } session })
        {
            figures.Count(ref figures.Rebookings);
            if (_seen.Add(session.Id))
            {
                if (session.Status == PaymentSessionStatus.Booked)
                {
                    _due.Enqueue(session.Id, next.End);
                }
                else
                {
                    _unbooked.Add(session.Id);
                }
            }
        }
        else
        {
            figures.Count(ref figures.RebookingsRefused);
        }
    }

    private async Task<T?> RetryAsync<T>(Func<HostInstance, Task<T>> call)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            try
            {
                return await call(instances[_random.Next(instances.Count)]);
            }
            catch (InjectedFaultException) when (attempt < MaxAttempts)
            {
                // A store or provider call failed (or its answer was lost): the party tries again.
            }
            catch (InterviewBookingException) when (attempt < MaxAttempts)
            {
                // A call that kept losing to concurrent writers, or a scheduler fault: tried again.
            }
            catch (Exception exception) when (exception is InjectedFaultException or InterviewBookingException)
            {
                // The party gives up; whatever the failed calls left is judged by the verdict like any other state.
                figures.Note("a party gave up after the fault bound", exception.GetType().Name);
            }
        }

        return default;
    }
}
