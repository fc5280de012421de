namespace InterviewBooking;

/// <summary>The refund decisions the policies make, by who was at fault; one rounding rule for all.</summary>
internal static class RefundPolicies
{
    /// <summary>A share of <paramref name="price"/>, rounded half away from zero, with a policy text saying why.</summary>
    public static RefundDecision Share(Money price, int percent, string because)
    {
        var amount = (long)Math.Round(price.MinorUnits * (decimal)percent / 100m, MidpointRounding.AwayFromZero);
        var policy = percent switch
        {
            100 => $"Full refund: {because}.",
            0 => $"No refund: {because}.",
            _ => $"{percent}% refund: {because}.",
        };
        return new RefundDecision(new Money(amount, price.Currency), percent, policy);
    }
}
