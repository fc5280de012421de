using System.Collections.Concurrent;
using Stripe.Checkout;

namespace InterviewBooking.Stripe.Internal;

/// <summary>
/// Computes the Checkout Session parameters of a payment session, and keeps the first computation until the checkout exists, so a retry
/// under the same idempotency key sends identical parameters even when options were reloaded in between (Stripe refuses a key reused
/// with other parameters).
/// </summary>
/// <remarks>
/// Every value comes from the stored session (price, hold end, ids, slot text) and the options, so another process computes the same
/// parameters for the same session and options.
/// </remarks>
internal sealed class CheckoutParameters
{
    private readonly ConcurrentDictionary<PaymentSessionId, SessionCreateOptions> _pending = new();

    public SessionCreateOptions GetOrCompute(PaymentSession session, StripePaymentOptions options, string productName, Instant now)
    {
        // Entries of checkouts that were never created go once their hold has ended.
        foreach (var stale in _pending.Where(p => p.Value.ExpiresAt is { } expires && expires <= now.ToDateTimeUtc()))
        {
            _pending.TryRemove(stale);
        }

        return _pending.GetOrAdd(session.Id, _ => Compute(session, options, productName));
    }

    public void Forget(PaymentSessionId id) => _pending.TryRemove(id, out _);

    public static SessionCreateOptions Compute(PaymentSession session, StripePaymentOptions options, string productName)
    {
        var metadata = Metadata(session);
        return new SessionCreateOptions
        {
            Mode = "payment",
            ClientReferenceId = session.Id.Value,
            LineItems =
            [
                new SessionLineItemOptions
                {
                    Quantity = 1,
                    PriceData = new SessionLineItemPriceDataOptions
                    {
                        Currency = session.Price.Total.Currency.ToLowerInvariant(),
                        UnitAmount = session.Price.Total.MinorUnits,
                        ProductData = new SessionLineItemPriceDataProductDataOptions
                        {
                            Name = productName,
                            Description = session.SelectedTimeSlot,
                        },
                    },
                },
            ],
            Metadata = metadata,
            PaymentIntentData = new SessionPaymentIntentDataOptions { Metadata = new Dictionary<string, string>(metadata) },
            ExpiresAt = Instant.FromUnixTimeSeconds(session.ExpiresAt.ToUnixTimeSeconds()).ToDateTimeUtc(),
            AllowedPaymentMethodTypes = [.. options.PaymentMethodTypes],
            SuccessUrl = Fill(options.SuccessUrl, session.Id),
            CancelUrl = Fill(options.CancelUrl, session.Id),
        };
    }

    private static Dictionary<string, string> Metadata(PaymentSession session)
    {
        if (session.InterviewerId is not { IsEmpty: false } interviewerId || session.ReservationId is not { IsEmpty: false } reservationId)
        {
            throw new PreMatchedInterviewerException(session.Id, session.InterviewerId is null ? "interviewer_id" : "reservation_id", "is missing, so no checkout is created");
        }

        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [StripeMetadataKeys.PaymentSessionId] = session.Id.Value,
            [StripeMetadataKeys.ReservationId] = reservationId.Value,
            [StripeMetadataKeys.InterviewerId] = interviewerId.Value,
        };
    }

    // Our placeholder is filled here; Stripe's {CHECKOUT_SESSION_ID} is left for Stripe.
    private static string Fill(string url, PaymentSessionId id) =>
        url.Replace(StripePaymentOptions.PaymentSessionIdPlaceholder, Uri.EscapeDataString(id.Value), StringComparison.Ordinal);
}
