namespace InterviewBooking;

/// <summary>
/// <see cref="IPaymentSessionStore.CreateAsync"/> was given a session whose candidate already has a session with the same
/// <see cref="PaymentSession.IdempotencyKey"/>; nothing was written. <see cref="BookingService"/> answers it with the stored session.
/// </summary>
public sealed class DuplicateIdempotencyKeyException : InterviewBookingException
{
    /// <summary>Creates the error.</summary>
    public DuplicateIdempotencyKeyException() { }

    /// <summary>Creates the error with a message.</summary>
    public DuplicateIdempotencyKeyException(string message) : base(message) { }

    /// <summary>Creates the error with a message and its cause.</summary>
    public DuplicateIdempotencyKeyException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the error for a candidate's key.</summary>
    /// <param name="candidateId">The candidate.</param>
    /// <param name="idempotencyKey">The key already taken.</param>
    public DuplicateIdempotencyKeyException(CandidateId candidateId, string idempotencyKey)
        : base($"Candidate '{candidateId}' already has a payment session with idempotency key '{idempotencyKey}'.")
    {
        CandidateId = candidateId;
        IdempotencyKey = idempotencyKey;
    }

    /// <summary>The candidate.</summary>
    public CandidateId CandidateId { get; }

    /// <summary>The key already taken.</summary>
    public string? IdempotencyKey { get; }
}
