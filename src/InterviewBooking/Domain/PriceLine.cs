namespace InterviewBooking;

/// <summary>One line of a computed price: the plan, an add-on, or a coupon discount (negative <see cref="AmountMinorUnits"/>).</summary>
/// <param name="Kind">What the line is for.</param>
/// <param name="Code">The plan id, add-on id or coupon code.</param>
/// <param name="Description">Text for a receipt.</param>
/// <param name="Quantity">How many.</param>
/// <param name="AmountMinorUnits">The line total in minor units; negative for a discount.</param>
public sealed record PriceLine(PriceLineKind Kind, string Code, string Description, int Quantity, long AmountMinorUnits);

/// <summary>What a <see cref="PriceLine"/> is for.</summary>
public enum PriceLineKind
{
    /// <summary>The interview plan.</summary>
    Plan = 0,

    /// <summary>An add-on.</summary>
    AddOn = 1,

    /// <summary>A coupon discount.</summary>
    Discount = 2,
}
