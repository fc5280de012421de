namespace InterviewBooking;

/// <summary>What decides a payout: its amount from the rates, and whether the session's money went back to the candidate.</summary>
internal static class PayoutRules
{
    /// <summary>The plan's rate plus each add-on's (an add-on without a rate adds nothing); <see langword="null"/> when the plan has no rate.</summary>
    public static Money? Amount(PayoutOptions options, string planId, IEnumerable<string> addOnIds)
    {
        if (options.Plans.FirstOrDefault(p => string.Equals(p.Id, planId, StringComparison.Ordinal)) is not { } plan)
        {
            return null;
        }

        var addOns = addOnIds.Sum(id => options.AddOns.FirstOrDefault(a => string.Equals(a.Id, id, StringComparison.Ordinal))?.AmountMinorUnits ?? 0);
        return new Money(plan.AmountMinorUnits + addOns, options.Currency);
    }

    /// <summary>
    /// Why the session's interview must never be paid out: its payment was refunded, a refund is owed, or its booking was canceled;
    /// <see langword="null"/> when none of these holds.
    /// </summary>
    public static string? RefundedBecause(PaymentSession session) => session switch
    {
        { Status: PaymentSessionStatus.Refunded } => $"session '{session.Id}' was refunded ({session.IssuedRefund?.ProviderRefundId})",
        { Status: PaymentSessionStatus.RefundRequired } => $"session '{session.Id}' is owed a refund",
        { Status: PaymentSessionStatus.BookingCanceled } => $"session '{session.Id}' was canceled",
        { IssuedRefund: not null } => $"session '{session.Id}' has refund {session.IssuedRefund.ProviderRefundId}",
        { Refund.Amount.MinorUnits: > 0 } => $"session '{session.Id}' is owed a refund of {session.Refund.Amount}",
        _ => null,
    };
}
