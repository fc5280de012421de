using System.Collections.Immutable;

namespace InterviewBooking;

/// <summary>
/// Builds the next snapshot from the current one for a batch of edits, copying only what the batch touches: the entry chunks it
/// writes and the posting lists of the categories, zones, hours and dates of the interviewers it removes or adds.
/// </summary>
internal sealed class IndexEditor
{
    private readonly IndexSnapshot _from;
    private readonly ImmutableDictionary<InterviewerId, IndexedInterviewer>.Builder _byId;
    private readonly List<IndexedInterviewer?[]> _chunks;
    private readonly List<HotFields[]> _hot;
    private readonly HashSet<int> _copiedChunks = [];
    private readonly Dictionary<(int Category, int Zone), PostingChange> _changes = [];
    private ImmutableStack<int> _free;
    private int _limit;
    private int _active;

    public IndexEditor(IndexSnapshot from)
    {
        _from = from;
        _byId = from.ById.ToBuilder();
        _chunks = [.. from.Chunks];
        _hot = [.. from.HotChunks];
        _free = from.FreeOrdinals;
        _limit = from.OrdinalLimit;
        _active = from.ActiveCount;
    }

    /// <summary>Takes the interviewer with <paramref name="id"/> out; whether there was one.</summary>
    public bool Remove(InterviewerId id)
    {
        if (!_byId.TryGetValue(id, out var old))
        {
            return false;
        }

        _byId.Remove(id);
        if (old.Ordinal >= 0)
        {
            Write(old.Ordinal, null);
            _free = _free.Push(old.Ordinal);
            _active--;
            foreach (var change in ChangesFor(old))
            {
                change.Leave(old);
            }
        }

        return true;
    }

    /// <summary>Adds a compiled interviewer whose id is not stored (remove the old one first); an active one gets an ordinal.</summary>
    public void Add(IndexedInterviewer entry)
    {
        _byId.Add(entry.Id, entry);
        if (!entry.IsActive)
        {
            return;
        }

        int ordinal;
        if (_free.IsEmpty)
        {
            ordinal = _limit++;
        }
        else
        {
            _free = _free.Pop(out ordinal);
        }

        entry.Ordinal = ordinal;
        Write(ordinal, entry);
        _active++;
        foreach (var change in ChangesFor(entry))
        {
            change.Arrive(entry);
        }
    }

    public IndexSnapshot ToSnapshot(int zoneCount)
    {
        var postings = _from.Postings!.ToBuilder();
        foreach (var ((category, zone), change) in _changes)
        {
            var current = postings.GetValueOrDefault(category);
            var old = current?.Zones.FirstOrDefault(z => z.Zone == zone);
            var next = CategoryPostings.With(current, zone, ZonePostings.Apply(old, change));
            if (next is null)
            {
                postings.Remove(category);
            }
            else
            {
                postings[category] = next;
            }
        }

        return new IndexSnapshot(_from.Tokens, zoneCount, _byId.ToImmutable(), [.. _chunks], [.. _hot], _limit, _free, _active, postings.ToImmutable());
    }

    private IEnumerable<PostingChange> ChangesFor(IndexedInterviewer entry)
    {
        yield return ChangeOf(IndexSnapshot.AnyCategory, entry);
        foreach (var category in entry.Categories)
        {
            yield return ChangeOf(category, entry);
        }
    }

    private PostingChange ChangeOf(int category, IndexedInterviewer entry)
    {
        if (!_changes.TryGetValue((category, entry.Zone), out var change))
        {
            _changes.Add((category, entry.Zone), change = new PostingChange(entry.Zone, entry.TimeZone));
        }

        return change;
    }

    private void Write(int ordinal, IndexedInterviewer? entry)
    {
        var chunk = ordinal >> IndexSnapshot.ChunkBits;
        while (_chunks.Count <= chunk)
        {
            _chunks.Add(new IndexedInterviewer?[IndexSnapshot.ChunkSize]);
            _hot.Add(new HotFields[IndexSnapshot.ChunkSize]);
            _copiedChunks.Add(_chunks.Count - 1);
        }

        if (_copiedChunks.Add(chunk))
        {
            _chunks[chunk] = (IndexedInterviewer?[])_chunks[chunk].Clone();
            _hot[chunk] = (HotFields[])_hot[chunk].Clone();
        }

        var slot = ordinal & (IndexSnapshot.ChunkSize - 1);
        _chunks[chunk][slot] = entry;
        _hot[chunk][slot] = entry is null ? default : new HotFields(entry);
    }
}
