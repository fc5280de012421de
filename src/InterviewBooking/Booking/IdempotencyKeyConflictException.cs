namespace InterviewBooking;

/// <summary>
/// A start reused an idempotency key of the candidate with a different request (another slot, plan, coupon...): the key names the
/// earlier session, so this one cannot be started under it. Nothing was held or written; use a new key for a new request.
/// </summary>
public sealed class IdempotencyKeyConflictException : InterviewBookingException
{
    /// <summary>Creates the error.</summary>
    public IdempotencyKeyConflictException() { }

    /// <summary>Creates the error with a message.</summary>
    public IdempotencyKeyConflictException(string message) : base(message) { }

    /// <summary>Creates the error with a message and its cause.</summary>
    public IdempotencyKeyConflictException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the error for a key and the session it names.</summary>
    /// <param name="candidateId">The candidate the key belongs to.</param>
    /// <param name="idempotencyKey">The key.</param>
    /// <param name="sessionId">The session started earlier with the key.</param>
    public IdempotencyKeyConflictException(CandidateId candidateId, string idempotencyKey, PaymentSessionId sessionId)
        : base($"Idempotency key '{idempotencyKey}' of candidate '{candidateId}' was used for another request (payment session '{sessionId}').")
    {
        CandidateId = candidateId;
        IdempotencyKey = idempotencyKey;
        SessionId = sessionId;
    }

    /// <summary>The candidate.</summary>
    public CandidateId CandidateId { get; }

    /// <summary>The key reused.</summary>
    public string? IdempotencyKey { get; }

    /// <summary>The session the key names.</summary>
    public PaymentSessionId SessionId { get; }
}
