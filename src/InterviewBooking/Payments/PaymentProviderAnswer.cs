namespace InterviewBooking;

/// <summary>What a provider adapter did with a webhook delivery, a return or an abandon, in terms any web framework can answer with.</summary>
/// <param name="HttpStatusCode">The status to answer the sender with (a webhook: 2xx done, 4xx refused for good, 5xx deliver again).</param>
/// <param name="Status">The adapter's status name (<c>Processed</c>, <c>Duplicate</c>, <c>Rejected</c>, ...).</param>
/// <param name="Detail">Why, in prose.</param>
public sealed record PaymentProviderAnswer(int HttpStatusCode, string Status, string Detail)
{
    /// <summary>The session concerned, when one was found.</summary>
    public PaymentSessionId? SessionId { get; init; }

    /// <summary>Why a delivery was refused, as the adapter names it; <see langword="null"/> unless refused.</summary>
    public string? Rejection { get; init; }

    /// <summary>Whether the call did (or found done) what was asked.</summary>
    public bool Succeeded => HttpStatusCode is >= 200 and < 300;
}
