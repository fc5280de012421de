namespace InterviewBooking.Sample.Web;

/// <summary>Loads a payment session the signed-in candidate owns; a bad id and another candidate's session are both "not found".</summary>
internal static class OwnedSession
{
    public static async Task<PaymentSession?> FindAsync(HttpContext context, IPaymentSessionStore sessions, string? id, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > IdText.MaxLength || DemoCandidate.Of(context) is not { } candidate)
        {
            return null;
        }

        var session = await sessions.GetAsync(new PaymentSessionId(id), cancellationToken);
        return session?.CandidateId == candidate ? session : null;
    }
}
