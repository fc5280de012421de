using System.Collections.Concurrent;

namespace InterviewBooking.Stress;

/// <summary>A transient failure the harness injected (a database timeout, a lost acknowledgement, a calendar API outage).</summary>
internal sealed class InjectedFaultException(string message) : Exception(message);

/// <summary>
/// Makes calls fail transiently at a fixed rate, from one seeded generator. A fault strikes either before the call (nothing happened) or,
/// for a write, after it (it happened, but the caller sees a failure, as when a commit's acknowledgement is lost). Calls also yield at
/// random, so concurrent flows interleave even over stores that complete synchronously.
/// </summary>
internal sealed class FaultInjector(double rate, int seed)
{
    private readonly Random _random = new(seed);
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, int> _injected = new(StringComparer.Ordinal);

    public double Rate { get; } = rate;

    /// <summary>Faults injected so far, by site (<c>sessions.transition</c>, <c>scheduler.schedule</c>...).</summary>
    public IReadOnlyDictionary<string, int> Injected => new SortedDictionary<string, int>(_injected, StringComparer.Ordinal);

    public int Total => _injected.Values.Sum();

    /// <summary>Counts a fault injected elsewhere (by the fake Stripe API, say).</summary>
    public void Count(string site) => _injected.AddOrUpdate(site, 1, static (_, n) => n + 1);

    /// <summary>Whether the next call at this rate fails (for faults injected outside <see cref="RunAsync{T}"/>).</summary>
    public bool Strikes()
    {
        lock (_gate)
        {
            return _random.NextDouble() < Rate;
        }
    }

    /// <summary>Runs a call, failing it transiently at the rate; <paramref name="observe"/> sees a result that was produced, even one then failed.</summary>
    public async Task<T> RunAsync<T>(string site, Func<Task<T>> call, bool write = true, Action<T>? observe = null)
    {
        var (fault, yields) = Decide(write);
        if (yields)
        {
            await Task.Yield();
        }

        if (fault == Fault.Before)
        {
            throw Inject(site, "before");
        }

        var result = await call().ConfigureAwait(false);
        observe?.Invoke(result);
        if (fault == Fault.After)
        {
            throw Inject(site, "after");
        }

        return result;
    }

    public Task RunAsync(string site, Func<Task> call, bool write = true) =>
        RunAsync(site, async () =>
        {
            await call().ConfigureAwait(false);
            return true;
        }, write);

    private (Fault Fault, bool Yields) Decide(bool write)
    {
        lock (_gate)
        {
            var yields = _random.NextDouble() < 0.25;
            if (_random.NextDouble() >= Rate)
            {
                return (Fault.None, yields);
            }

            return (write && _random.NextDouble() < 0.5 ? Fault.After : Fault.Before, yields);
        }
    }

    private InjectedFaultException Inject(string site, string when)
    {
        Count(site);
        return new InjectedFaultException($"Injected transient failure {when} {site}.");
    }

    private enum Fault
    {
        None,
        Before,
        After,
    }
}
