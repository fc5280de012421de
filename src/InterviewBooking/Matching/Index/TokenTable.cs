using System.Collections.Concurrent;

namespace InterviewBooking;

/// <summary>
/// Gives each normalized skill or category token a small integer id, so interviewers' tokens compare as integers.
/// Append-only and safe to read while a writer adds: an id, once given, never changes.
/// </summary>
internal sealed class TokenTable
{
    private readonly ConcurrentDictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _bySpan;
    private int _next;

    public TokenTable() => _bySpan = _ids.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The id of a normalized token, given now if it has none.</summary>
    public int GetOrAdd(string token) =>
        _ids.TryGetValue(token, out var id) ? id : _ids.GetOrAdd(token, static (_, table) => Interlocked.Increment(ref table._next) - 1, this);

    /// <summary>The id of a normalized token, or -1 when no interviewer ever listed it.</summary>
    public int Find(ReadOnlySpan<char> token) => _bySpan.TryGetValue(token, out var id) ? id : -1;
}
