using System.Diagnostics.CodeAnalysis;

namespace InterviewBooking;

/// <summary>Identifies a reservation (a hold or a confirmed slot) in the <see cref="IReservationStore"/>.</summary>
public readonly record struct ReservationId
{
    /// <summary>Creates an id from its text form.</summary>
    /// <param name="value">The id text: not empty, at most <see cref="IdText.MaxLength"/> characters.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is empty, white space or too long.</exception>
    public ReservationId(string value) => Value = IdText.Validate(value, nameof(value));

    /// <summary>The id text; <see langword="null"/> only for <c>default(ReservationId)</c>.</summary>
    public string Value { get; }

    /// <summary>Whether this is <c>default(ReservationId)</c>, an id that names nothing.</summary>
    [MemberNotNullWhen(false, nameof(Value))]
    public bool IsEmpty => Value is null;

    /// <summary>Creates a new, unique reservation id (time-ordered).</summary>
    public static ReservationId New() => new("res_" + Guid.CreateVersion7().ToString("N"));

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;
}
