namespace InterviewBooking;

/// <summary>
/// A payment provider's webhook, whatever the web framework: a provider adapter implements it so a web package can map the endpoint
/// without referencing the adapter (adapters never reference each other, nor ASP.NET Core).
/// </summary>
public interface IPaymentWebhookReceiver
{
    /// <summary>The provider's name, which a host maps by (<c>stripe</c>, say).</summary>
    string Provider { get; }

    /// <summary>The request header that carries the signature; a delivery without it is refused before its body is read.</summary>
    string SignatureHeader { get; }

    /// <summary>Verifies and processes one delivery.</summary>
    /// <param name="body">The raw body, exactly as received.</param>
    /// <param name="signature">The value of <see cref="SignatureHeader"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<PaymentProviderAnswer> ReceiveAsync(string body, string signature, CancellationToken cancellationToken = default);
}
