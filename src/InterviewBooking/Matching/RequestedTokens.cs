namespace InterviewBooking;

/// <summary>The candidate's categories and skills as distinct usual names (aliases resolved), in the order asked.</summary>
internal sealed class RequestedTokens
{
    private RequestedTokens(List<string> categories, List<string> skills)
    {
        Categories = categories;
        Skills = skills;
    }

    public List<string> Categories { get; }

    public List<string> Skills { get; }

    /// <summary>The primary domain: the first category's usual name.</summary>
    public string PrimaryCategory => Categories[0];

    /// <exception cref="InvalidInterviewRequestException">No category, or the first one is blank.</exception>
    public static RequestedTokens From(InterviewRequest request, SkillVocabulary vocabulary)
    {
        var categories = Distinct(request.SkillCategories, vocabulary);
        if (categories.Count == 0 || SkillToken.Normalize(request.SkillCategories[0]).Length == 0)
        {
            throw new InvalidInterviewRequestException(
                nameof(InterviewRequest.SkillCategories), null, "needs at least one entry, the first being the primary domain");
        }

        return new RequestedTokens(categories, Distinct(request.Skills, vocabulary));
    }

    private static List<string> Distinct(IReadOnlyList<string>? values, SkillVocabulary vocabulary)
    {
        var tokens = new List<string>(values?.Count ?? 0);
        foreach (var value in values ?? [])
        {
            var token = SkillToken.Normalize(value);
            if (token.Length > 0)
            {
                token = vocabulary.Canonical(token);
                if (!tokens.Contains(token))
                {
                    tokens.Add(token);
                }
            }
        }

        return tokens;
    }
}

/// <summary>
/// Requested tokens as groups of token ids of one snapshot: group k holds the ids of every token meaning the k-th usual name
/// (itself and its aliases) that some interviewer listed; a group may be empty.
/// </summary>
internal readonly struct TokenGroups
{
    private readonly int[] _ids;
    private readonly int[] _offsets;
    private readonly ulong[] _signatures;

    private TokenGroups(int[] ids, int[] offsets)
    {
        _ids = ids;
        _offsets = offsets;
        _signatures = new ulong[Count];
        for (var k = 0; k < _signatures.Length; k++)
        {
            _signatures[k] = Signature(this[k]);
        }
    }

    public int Count => _offsets.Length - 1;

    public static TokenGroups Resolve(List<string> names, SkillVocabulary vocabulary, TokenTable tokens)
    {
        var ids = new List<int>(names.Count);
        var offsets = new int[names.Count + 1];
        for (var k = 0; k < names.Count; k++)
        {
            if (vocabulary.Variants(names[k]) is { } variants)
            {
                foreach (var variant in variants)
                {
                    AddIfKnown(ids, tokens.Find(variant));
                }
            }
            else
            {
                AddIfKnown(ids, tokens.Find(names[k]));
            }

            offsets[k + 1] = ids.Count;
        }

        return new TokenGroups([.. ids], offsets);
    }

    /// <summary>The ids of group <paramref name="k"/>.</summary>
    public ReadOnlySpan<int> this[int k] => _ids.AsSpan(_offsets[k], _offsets[k + 1] - _offsets[k]);

    /// <summary>Bit <c>id % 64</c> for each id: two sets whose signatures do not intersect share no id.</summary>
    public static ulong Signature(ReadOnlySpan<int> ids)
    {
        var signature = 0UL;
        foreach (var id in ids)
        {
            signature |= 1UL << (id & 63);
        }

        return signature;
    }

    /// <summary>How many groups have an id in <paramref name="have"/> (distinct ids, with <paramref name="haveSignature"/> its signature).</summary>
    public int CountCovered(int[] have, ulong haveSignature)
    {
        var covered = 0;
        for (var k = 0; k < _signatures.Length; k++)
        {
            if ((_signatures[k] & haveSignature) != 0 && Covers(have, k))
            {
                covered++;
            }
        }

        return covered;
    }

    /// <summary>How many groups share a signature bit with <paramref name="haveSignature"/>: at least as many as are covered.</summary>
    public int CountMaybeCovered(ulong haveSignature)
    {
        var maybe = 0;
        foreach (var signature in _signatures)
        {
            if ((signature & haveSignature) != 0)
            {
                maybe++;
            }
        }

        return maybe;
    }

    /// <summary>Whether <paramref name="have"/> holds an id of group <paramref name="k"/>.</summary>
    public bool Covers(int[] have, int k)
    {
        foreach (var id in this[k])
        {
            if (Array.IndexOf(have, id) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    private static void AddIfKnown(List<int> ids, int id)
    {
        if (id >= 0)
        {
            ids.Add(id);
        }
    }
}
