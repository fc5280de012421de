using System.Collections.Concurrent;

namespace InterviewBooking.Stress;

/// <summary>Knows who has paid and whether a payment webhook is being handled, so matcher calls after payment are counted.</summary>
internal sealed class PaymentWatch
{
    private readonly ConcurrentDictionary<CandidateId, byte> _paid = new();
    private readonly AsyncLocal<bool> _inWebhook = new();
    private readonly AsyncLocal<PaymentSessionId?> _rebooking = new();
    private readonly ConcurrentQueue<PaymentSessionId> _rebookingCalls = new();
    private int _calls;
    private int _afterPayment;

    public int MatcherCalls => Volatile.Read(ref _calls);

    public int MatcherCallsAfterPayment => Volatile.Read(ref _afterPayment);

    /// <summary>The candidate completed a checkout: from now on nothing may match for them again.</summary>
    public void Paid(CandidateId candidate) => _paid.TryAdd(candidate, 0);

    /// <summary>Marks the current async flow as handling a webhook until the result is disposed.</summary>
    public IDisposable HandlingWebhook()
    {
        _inWebhook.Value = true;
        return new Scope(this);
    }

    /// <summary>
    /// The originals of the matcher calls made inside <see cref="Rebooking"/>: allowed after payment only when the store shows the original's
    /// interviewer canceled or did not show (the verdict checks that link).
    /// </summary>
    public IReadOnlyList<PaymentSessionId> RebookingMatcherCalls => [.. _rebookingCalls];

    /// <summary>Marks the current async flow as the candidate's free rebooking of <paramref name="original"/> until the result is disposed.</summary>
    public IDisposable Rebooking(PaymentSessionId original)
    {
        _rebooking.Value = original;
        return new RebookingScope(this);
    }

    public void MatcherCalled(CandidateId candidate)
    {
        Interlocked.Increment(ref _calls);
        if (_rebooking.Value is { } original && !_inWebhook.Value)
        {
            _rebookingCalls.Enqueue(original);
            return;
        }

        if (_inWebhook.Value || _paid.ContainsKey(candidate))
        {
            Interlocked.Increment(ref _afterPayment);
        }
    }

    private sealed class RebookingScope(PaymentWatch watch) : IDisposable
    {
        public void Dispose() => watch._rebooking.Value = null;
    }

    private sealed class Scope(PaymentWatch watch) : IDisposable
    {
        public void Dispose() => watch._inWebhook.Value = false;
    }
}
