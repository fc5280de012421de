namespace InterviewBooking.AspNetCore.Contracts;

/// <summary>The price and its lines.</summary>
/// <param name="TotalMinorUnits">The total in minor units.</param>
/// <param name="Currency">The ISO 4217 currency.</param>
/// <param name="Lines">The lines, summing to the total.</param>
public sealed record PriceView(long TotalMinorUnits, string Currency, IReadOnlyList<PriceLineView> Lines)
{
    /// <summary>The view of a price.</summary>
    public static PriceView From(Price price)
    {
        ArgumentNullException.ThrowIfNull(price);
        return new(price.Total.MinorUnits, price.Total.Currency,
            price.Lines.Select(l => new PriceLineView(l.Kind.ToString(), l.Code, l.Description, l.Quantity, l.AmountMinorUnits)).ToArray());
    }
}
