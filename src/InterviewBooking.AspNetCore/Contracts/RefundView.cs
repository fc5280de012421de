namespace InterviewBooking.AspNetCore.Contracts;

/// <summary>The refund a cancellation decided.</summary>
/// <param name="AmountMinorUnits">How much comes back, in minor units.</param>
/// <param name="Currency">The ISO 4217 currency.</param>
/// <param name="Percent">The share of the price.</param>
/// <param name="Policy">Which rule decided it.</param>
public sealed record RefundView(long AmountMinorUnits, string Currency, int Percent, string Policy);
