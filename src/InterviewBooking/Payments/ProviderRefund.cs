namespace InterviewBooking;

/// <summary>A refund as the payment provider holds it.</summary>
/// <param name="Id">The provider's refund id (a Stripe <c>re_...</c> id).</param>
/// <param name="Amount">What it refunds.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="CreatedAt">When the provider made it.</param>
public sealed record ProviderRefund(string Id, Money Amount, ProviderRefundStatus Status, Instant CreatedAt)
{
    /// <summary>The idempotency key it was made with by this library (<see cref="IPaymentGateway.RefundAsync"/>); <see langword="null"/> for one made elsewhere.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>Whether the money is returned or on its way (<see cref="ProviderRefundStatus.Pending"/> or <see cref="ProviderRefundStatus.Succeeded"/>).</summary>
    public bool Counts => Status is ProviderRefundStatus.Pending or ProviderRefundStatus.Succeeded;
}

/// <summary>Where a <see cref="ProviderRefund"/> stands.</summary>
public enum ProviderRefundStatus
{
    /// <summary>Accepted; the money is on its way.</summary>
    Pending = 0,

    /// <summary>The money was returned.</summary>
    Succeeded = 1,

    /// <summary>The provider could not return the money; another refund is needed.</summary>
    Failed = 2,

    /// <summary>Canceled before it was made; another refund is needed.</summary>
    Canceled = 3,
}
