namespace InterviewBooking;

/// <summary>A price computed server-side from the options; nothing a client sends sets it.</summary>
/// <param name="Total">What the candidate pays.</param>
/// <param name="Lines">How the total is made up.</param>
public sealed record Price(Money Total, IReadOnlyList<PriceLine> Lines)
{
    /// <summary>The coupon that was applied, if any.</summary>
    public string? CouponCode => Lines.FirstOrDefault(l => l.Kind == PriceLineKind.Discount)?.Code;
}
