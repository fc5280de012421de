namespace InterviewBooking.InMemory;

/// <summary>A thread-safe count of calls still to fail: each failing call takes one, never below zero.</summary>
internal sealed class FailureCountdown
{
    private int _remaining;

    public int Remaining => Volatile.Read(ref _remaining);

    public void Set(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Volatile.Write(ref _remaining, count);
    }

    /// <summary>Takes one failure if any is left.</summary>
    public bool TryTake()
    {
        while (true)
        {
            var remaining = Volatile.Read(ref _remaining);
            if (remaining <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _remaining, remaining - 1, remaining) == remaining)
            {
                return true;
            }
        }
    }
}
