namespace InterviewBooking.AspNetCore.Contracts;

/// <summary>One line of the price.</summary>
/// <param name="Kind">Plan, add-on or discount.</param>
/// <param name="Code">The plan, add-on or coupon id.</param>
/// <param name="Description">What the candidate reads.</param>
/// <param name="Quantity">How many.</param>
/// <param name="AmountMinorUnits">The amount in minor units (negative for a discount).</param>
public sealed record PriceLineView(string Kind, string Code, string Description, int Quantity, long AmountMinorUnits);
