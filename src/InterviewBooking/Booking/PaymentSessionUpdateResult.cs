namespace InterviewBooking;

/// <summary>The result of a compare-and-set on a payment session.</summary>
/// <param name="Succeeded">Whether this call made the change.</param>
/// <param name="Session">The session as it is now: after the change, or as another writer left it; <see langword="null"/> when it does not exist.</param>
public sealed record PaymentSessionUpdateResult(bool Succeeded, PaymentSession? Session)
{
    /// <summary>No such session.</summary>
    public static PaymentSessionUpdateResult NotFound { get; } = new(false, null);
}
