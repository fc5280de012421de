using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace InterviewBooking;

/// <summary>
/// Issues the refund a session is owed (<see cref="PaymentSessionStatus.RefundRequired"/>, or a cancellation's policy) through the
/// <see cref="IPaymentGateway"/>, then marks the session <see cref="PaymentSessionStatus.Refunded"/> with the provider's refund.
/// </summary>
/// <remarks>
/// The provider's idempotency key is derived from the item's key, and the refunds the provider already holds for the payment are read
/// first: a repeat after a crash (even past the day a provider remembers keys), or a refund an operator made in the provider's dashboard,
/// is recorded instead of refunding twice. Refunds made elsewhere count toward what is owed.
/// </remarks>
internal sealed class RefundOutboxHandler(
    IPaymentSessionStore sessions,
    IPaymentGateway gateway,
    IClock clock,
    ILogger<RefundOutboxHandler>? logger = null) : IOutboxHandler
{
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    public string Kind => OutboxKinds.Refund;

    public async Task HandleAsync(OutboxItem item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        var message = item.Message;
        var session = await SessionOutboxHandlers.LoadAsync(sessions, message, cancellationToken).ConfigureAwait(false);
        if (session.Status == PaymentSessionStatus.Refunded)
        {
            Log.OutboxItemSkipped(_logger, message.Key, "already refunded");
            return;
        }

        if (session.Status == PaymentSessionStatus.Rebooked)
        {
            Log.OutboxItemSkipped(_logger, message.Key, "the candidate chose a free rebooking instead");
            return;
        }

        if (session.Status is not (PaymentSessionStatus.RefundRequired or PaymentSessionStatus.BookingCanceled))
        {
            throw new OutboxDeliveryException($"Refund '{message.Key}': session '{session.Id}' is {session.Status}, which owes no refund.", isPermanent: true);
        }

        if (session.Status == PaymentSessionStatus.BookingCanceled && message.Data.ContainsKey(OutboxDataKeys.RebookingOffered))
        {
            session = await CloseRebookingAsync(session, cancellationToken).ConfigureAwait(false);
        }

        // A message without an amount (written by hand, say) owes the price: what a payment that books is checked to equal.
        var owed = ReadAmount(message) ?? session.Refund?.Amount ?? session.Price.Total;
        var refunds = await gateway.ListRefundsAsync(session, cancellationToken).ConfigureAwait(false);
        var (refund, source) = FindIssued(refunds, message.Key, owed) is { } found
            ? (found, "found at the provider")
            : (await IssueAsync(session, message.Key, owed, refunds, cancellationToken).ConfigureAwait(false), "issued");
        if (!refund.Counts)
        {
            throw new OutboxDeliveryException($"Refund '{refund.Id}' of session '{session.Id}' is {refund.Status} at the provider; a new one is tried.");
        }

        await MarkRefundedAsync(session, refund, source, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Closes the candidate's choice of a free rebooking before refunding: a compare-and-set of the session onto itself, so a rebooking made
    /// meanwhile (which changes the same version) wins or loses against it, and the candidate never gets both.
    /// </summary>
    private async Task<PaymentSession> CloseRebookingAsync(PaymentSession session, CancellationToken cancellationToken)
    {
        var closed = await sessions.TryTransitionAsync(
            new PaymentSessionTransition(session.Id, PaymentSessionStatus.BookingCanceled, PaymentSessionStatus.BookingCanceled, clock.GetCurrentInstant())
            {
                ExpectedVersion = session.Version,
                Reason = RebookingService.RefundStartedReason,
            },
            cancellationToken).ConfigureAwait(false);
        if (!closed.Succeeded)
        {
            // Rebooked meanwhile (the next attempt skips), or changed otherwise: read again.
            throw new OutboxDeliveryException($"Session '{session.Id}' changed before its refund started; tried again.");
        }

        Log.RebookingClosed(_logger, session.Id);
        return closed.Session!;
    }

    /// <summary>Our refund made by an earlier attempt, or refunds made elsewhere that already cover <paramref name="owed"/>.</summary>
    private static ProviderRefund? FindIssued(IReadOnlyList<ProviderRefund> refunds, string key, Money owed)
    {
        var counting = refunds.Where(r => r.Counts).ToArray();
        if (counting.FirstOrDefault(r => r.IdempotencyKey?.StartsWith(key, StringComparison.Ordinal) == true) is { } ours)
        {
            return ours;
        }

        var elsewhere = counting.Where(r => r.Amount.Currency == owed.Currency).ToArray();
        var total = elsewhere.Sum(r => r.Amount.MinorUnits);
        return elsewhere.Length > 0 && total >= owed.MinorUnits
            ? elsewhere[^1] with { Amount = new Money(total, owed.Currency) }
            : null;
    }

    private Task<ProviderRefund> IssueAsync(
        PaymentSession session, string key, Money owed, IReadOnlyList<ProviderRefund> refunds, CancellationToken cancellationToken)
    {
        // A refund of ours that failed at the provider is answered again for its key: the next one takes a key of its own.
        var failed = refunds.Count(r => !r.Counts && r.IdempotencyKey?.StartsWith(key, StringComparison.Ordinal) == true);
        var attemptKey = failed == 0 ? key : string.Create(CultureInfo.InvariantCulture, $"{key}:{failed}");

        // Refunds made elsewhere (a partial one in the dashboard, say) count toward what is owed.
        var elsewhere = refunds.Where(r => r.Counts && r.Amount.Currency == owed.Currency).Sum(r => r.Amount.MinorUnits);
        return gateway.RefundAsync(session, new Money(owed.MinorUnits - elsewhere, owed.Currency), attemptKey, cancellationToken);
    }

    private async Task MarkRefundedAsync(PaymentSession session, ProviderRefund refund, string source, CancellationToken cancellationToken)
    {
        var issued = new IssuedRefund(refund.Id, refund.Amount, refund.CreatedAt);
        var marked = await sessions.TryTransitionAsync(
            new PaymentSessionTransition(session.Id, session.Status, PaymentSessionStatus.Refunded, clock.GetCurrentInstant())
            {
                ExpectedVersion = session.Version,
                Reason = $"Refund {refund.Id} of {refund.Amount} {source}.",
                IssuedRefund = issued,
            },
            cancellationToken).ConfigureAwait(false);
        if (marked.Succeeded)
        {
            InterviewBookingTelemetry.RefundsIssuedCounter.Add(1, new KeyValuePair<string, object?>("source", source));
            Log.Refunded(_logger, session.Id, refund.Id, refund.Amount, source);
            return;
        }

        if (marked.Session?.Status != PaymentSessionStatus.Refunded)
        {
            // The session changed meanwhile: the next attempt reads it again and finds this refund at the provider.
            throw new OutboxDeliveryException($"Session '{session.Id}' changed while refund {refund.Id} was recorded; tried again.");
        }
    }

    private static Money? ReadAmount(OutboxMessage message) =>
        message.Data.TryGetValue(OutboxDataKeys.AmountMinorUnits, out var minor) && message.Data.TryGetValue(OutboxDataKeys.Currency, out var currency)
            && long.TryParse(minor, NumberStyles.None, CultureInfo.InvariantCulture, out var units)
            ? new Money(units, currency)
            : null;
}
