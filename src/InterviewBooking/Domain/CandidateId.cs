using System.Diagnostics.CodeAnalysis;

namespace InterviewBooking;

/// <summary>Identifies the candidate who asks for an interview.</summary>
public readonly record struct CandidateId
{
    /// <summary>Creates an id from its text form.</summary>
    /// <param name="value">The id text: not empty, at most <see cref="IdText.MaxLength"/> characters.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is empty, white space or too long.</exception>
    public CandidateId(string value) => Value = IdText.Validate(value, nameof(value));

    /// <summary>The id text; <see langword="null"/> only for <c>default(CandidateId)</c>.</summary>
    public string Value { get; }

    /// <summary>Whether this is <c>default(CandidateId)</c>, an id that names nothing.</summary>
    [MemberNotNullWhen(false, nameof(Value))]
    public bool IsEmpty => Value is null;

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;
}
