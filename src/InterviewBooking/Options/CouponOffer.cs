namespace InterviewBooking;

/// <summary>A coupon: a percentage or a fixed amount off, with an optional expiry, plan scope and usage limit.</summary>
public sealed class CouponOffer
{
    /// <summary>The code a candidate enters; compared case-insensitively.</summary>
    public string Code { get; set; } = string.Empty;

    /// <summary>Percent off the subtotal (1..100); set this or <see cref="AmountOffMinorUnits"/>, not both.</summary>
    public int? PercentOff { get; set; }

    /// <summary>A fixed amount off, in minor units; set this or <see cref="PercentOff"/>, not both.</summary>
    public long? AmountOffMinorUnits { get; set; }

    /// <summary>When the coupon stops being accepted, if ever.</summary>
    public Instant? ExpiresAt { get; set; }

    /// <summary>The plans it applies to; empty means every plan.</summary>
    public IList<string> PlanIds { get; } = [];

    /// <summary>How many paid sessions may use it, if limited; counted once per paid session.</summary>
    public int? UsageLimit { get; set; }
}
