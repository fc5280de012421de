using System.Diagnostics.CodeAnalysis;

namespace InterviewBooking;

/// <summary>Identifies a payment session in the <see cref="IPaymentSessionStore"/>; also the idempotency key of the booking it pays for.</summary>
public readonly record struct PaymentSessionId
{
    /// <summary>Creates an id from its text form.</summary>
    /// <param name="value">The id text: not empty, at most <see cref="IdText.MaxLength"/> characters.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is empty, white space or too long.</exception>
    public PaymentSessionId(string value) => Value = IdText.Validate(value, nameof(value));

    /// <summary>The id text; <see langword="null"/> only for <c>default(PaymentSessionId)</c>.</summary>
    public string Value { get; }

    /// <summary>Whether this is <c>default(PaymentSessionId)</c>, an id that names nothing.</summary>
    [MemberNotNullWhen(false, nameof(Value))]
    public bool IsEmpty => Value is null;

    /// <summary>Creates a new, unique payment session id (time-ordered).</summary>
    public static PaymentSessionId New() => new("ps_" + Guid.CreateVersion7().ToString("N"));

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;
}
