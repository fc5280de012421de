namespace InterviewBooking.Stress;

/// <summary>
/// The host instances running at any moment, by slot, and every instance that ever ran (a killed one stays in <see cref="All"/>: what its
/// notifier sent before it died counts). A killed instance is replaced at once by a fresh one over the same stores, as an orchestrator would.
/// </summary>
internal sealed class HostPool(IEnumerable<HostInstance> initial, Func<int, Task<HostInstance>> start)
{
    private readonly Lock _gate = new();
    private readonly List<HostInstance> _current = [.. initial];
    private readonly List<HostInstance> _all = [.. initial];

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _current.Count;
            }
        }
    }

    public HostInstance this[int slot]
    {
        get
        {
            lock (_gate)
            {
                return _current[slot];
            }
        }
    }

    public IReadOnlyList<HostInstance> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _all];
            }
        }
    }

    /// <summary>Starts a fresh instance in the slot of one that was killed; the killed one's leases are left to run out.</summary>
    public async Task ReplaceAsync(int slot)
    {
        var fresh = await start(slot);
        lock (_gate)
        {
            _current[slot] = fresh;
            _all.Add(fresh);
        }
    }
}
