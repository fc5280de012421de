using System.Runtime.CompilerServices;

namespace InterviewBooking;

/// <summary>
/// The alias map of <see cref="InterviewBookingOptions.SkillAliases"/> as normalized tokens: each alias to its usual name, and each
/// usual name to every token that means it. Built once per options instance (and again if its aliases change).
/// </summary>
internal sealed class SkillVocabulary
{
    private static readonly ConditionalWeakTable<InterviewBookingOptions, SkillVocabulary> Cache = [];

    private readonly KeyValuePair<string, string>[] _source;
    private readonly Dictionary<string, string> _canonical;
    private readonly Dictionary<string, string[]> _variants;

    private SkillVocabulary(KeyValuePair<string, string>[] source)
    {
        _source = source;
        _canonical = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (alias, name) in source)
        {
            var from = SkillToken.Normalize(alias);
            var to = SkillToken.Normalize(name);
            if (from.Length > 0 && to.Length > 0 && from != to)
            {
                _canonical.TryAdd(from, to);
            }
        }

        _variants = _canonical
            .GroupBy(pair => pair.Value, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => (string[])[group.Key, .. group.Select(pair => pair.Key).Order(StringComparer.Ordinal)], StringComparer.Ordinal);
    }

    /// <summary>The vocabulary of <paramref name="options"/>' aliases, cached while they stay the same.</summary>
    public static SkillVocabulary For(InterviewBookingOptions options)
    {
        if (Cache.TryGetValue(options, out var cached) && cached.IsFor(options.SkillAliases))
        {
            return cached;
        }

        var built = new SkillVocabulary([.. options.SkillAliases]);
        Cache.AddOrUpdate(options, built);
        return built;
    }

    /// <summary>What is wrong with an alias map, one message per problem; empty when it is fine.</summary>
    public static IEnumerable<string> Problems(IDictionary<string, string>? aliases)
    {
        if (aliases is null)
        {
            yield return "SkillAliases must not be null.";
            yield break;
        }

        var targets = new Dictionary<string, (string Alias, string Target)>(StringComparer.Ordinal);
        foreach (var (alias, name) in aliases)
        {
            var from = SkillToken.Normalize(alias);
            var to = SkillToken.Normalize(name);
            if (from.Length == 0 || to.Length == 0)
            {
                yield return $"SkillAliases: \"{alias}\" -> \"{name}\" needs a token on both sides.";
            }
            else if (from == to)
            {
                yield return $"SkillAliases: \"{alias}\" -> \"{name}\" maps a token to itself.";
            }
            else if (targets.TryGetValue(from, out var earlier) && earlier.Target != to)
            {
                yield return $"SkillAliases: \"{earlier.Alias}\" and \"{alias}\" are the same token mapped to different names (\"{earlier.Target}\", \"{to}\").";
            }
            else
            {
                targets[from] = (alias, to);
            }
        }

        foreach (var (from, (alias, to)) in targets)
        {
            if (targets.ContainsKey(to))
            {
                yield return $"SkillAliases: \"{alias}\" maps to \"{to}\", which is itself an alias; map it to the usual name directly.";
            }
        }
    }

    /// <summary>The usual name of a normalized token (the token itself when it is no alias).</summary>
    public string Canonical(string token) => _canonical.GetValueOrDefault(token, token);

    /// <summary>Every normalized token meaning <paramref name="canonical"/>, itself first; <see langword="null"/> when it has no alias.</summary>
    public string[]? Variants(string canonical) => _variants.GetValueOrDefault(canonical);

    private bool IsFor(IDictionary<string, string> aliases)
    {
        if (aliases.Count != _source.Length)
        {
            return false;
        }

        var index = 0;
        if (aliases is Dictionary<string, string> dictionary)
        {
            foreach (var pair in dictionary)
            {
                if (!Same(pair, _source[index++]))
                {
                    return false;
                }
            }

            return true;
        }

        foreach (var pair in aliases)
        {
            if (!Same(pair, _source[index++]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Same(KeyValuePair<string, string> a, KeyValuePair<string, string> b) =>
        ReferenceEquals(a.Key, b.Key) && ReferenceEquals(a.Value, b.Value);
}
