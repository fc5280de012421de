using Microsoft.Extensions.Options;

namespace InterviewBooking;

/// <summary>
/// Computes prices server-side from <see cref="InterviewBookingOptions"/>: the plan, its add-ons, and a coupon.
/// Nothing a client sends sets an amount; a request only names ids, and each is checked against the options.
/// </summary>
public sealed class PriceCalculator
{
    private readonly IOptionsMonitor<InterviewBookingOptions> _options;
    private readonly IClock _clock;

    /// <summary>Creates the calculator.</summary>
    public PriceCalculator(IOptionsMonitor<InterviewBookingOptions> options, IClock clock)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
    }

    /// <summary>The configured plan with that id.</summary>
    /// <exception cref="InvalidInterviewRequestException">No plan has that id.</exception>
    public InterviewPlan GetPlan(string? planId) => GetPlan(_options.CurrentValue, planId);

    /// <summary>The configured coupon with that code (case-insensitive), or <see langword="null"/>.</summary>
    public CouponOffer? FindCoupon(string? couponCode) => FindCoupon(_options.CurrentValue, couponCode);

    private static InterviewPlan GetPlan(InterviewBookingOptions options, string? planId)
    {
        foreach (var plan in options.Plans)
        {
            if (string.Equals(plan.Id, planId, StringComparison.Ordinal))
            {
                return plan;
            }
        }

        throw new InvalidInterviewRequestException("PlanId", planId, "names no configured plan");
    }

    private static CouponOffer? FindCoupon(InterviewBookingOptions options, string? couponCode)
    {
        if (string.IsNullOrWhiteSpace(couponCode))
        {
            return null;
        }

        foreach (var coupon in options.Coupons)
        {
            if (string.Equals(coupon.Code, couponCode.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return coupon;
            }
        }

        return null;
    }

    /// <summary>Prices a plan with add-ons and an optional coupon.</summary>
    /// <exception cref="InvalidInterviewRequestException">An id is unknown, a quantity is out of range, an add-on or coupon does not apply to the plan, or the coupon expired.</exception>
    public Price Calculate(string planId, IReadOnlyList<AddOnSelection>? addOns, string? couponCode)
    {
        // One snapshot for the whole calculation, so a reload in the middle cannot mix two configurations.
        var options = _options.CurrentValue;
        var plan = GetPlan(options, planId);
        var lines = new List<PriceLine>(2 + (addOns?.Count ?? 0))
        {
            new(PriceLineKind.Plan, plan.Id, plan.Name, 1, plan.PriceMinorUnits),
        };
        var subtotal = plan.PriceMinorUnits;

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var selection in addOns ?? [])
        {
            if (selection is null)
            {
                throw new InvalidInterviewRequestException("AddOns", null, "contains an empty entry");
            }

            var offer = options.AddOns.FirstOrDefault(a => string.Equals(a.Id, selection.AddOnId, StringComparison.Ordinal))
                ?? throw new InvalidInterviewRequestException("AddOns", selection.AddOnId, "names no configured add-on");
            if (!seen.Add(offer.Id))
            {
                throw new InvalidInterviewRequestException("AddOns", selection.AddOnId, "names the same add-on twice; use Quantity");
            }

            if (selection.Quantity < 1 || selection.Quantity > offer.MaxQuantity)
            {
                throw new InvalidInterviewRequestException(
                    "AddOns", $"{selection.AddOnId} x{selection.Quantity}", $"must have a quantity from 1 to {offer.MaxQuantity}");
            }

            if (offer.PlanIds.Count > 0 && !offer.PlanIds.Contains(plan.Id))
            {
                throw new InvalidInterviewRequestException("AddOns", selection.AddOnId, $"does not apply to plan \"{plan.Id}\"");
            }

            var amount = checked(offer.PriceMinorUnits * selection.Quantity);
            subtotal = checked(subtotal + amount);
            lines.Add(new PriceLine(PriceLineKind.AddOn, offer.Id, offer.Name, selection.Quantity, amount));
        }

        var total = subtotal;
        if (!string.IsNullOrWhiteSpace(couponCode))
        {
            var coupon = FindCoupon(options, couponCode) ?? throw new InvalidInterviewRequestException("CouponCode", couponCode, "is not a known coupon");
            if (coupon.ExpiresAt is { } expiresAt && expiresAt <= _clock.GetCurrentInstant())
            {
                throw new InvalidInterviewRequestException("CouponCode", couponCode, $"expired at {expiresAt}");
            }

            if (coupon.PlanIds.Count > 0 && !coupon.PlanIds.Contains(plan.Id))
            {
                throw new InvalidInterviewRequestException("CouponCode", couponCode, $"does not apply to plan \"{plan.Id}\"");
            }

            // Half a minor unit rounds away from zero (in the candidate's favor); no discount exceeds the subtotal,
            // even from a percentage above 100 that slipped past validation.
            var discount = coupon.PercentOff is { } percent
                ? (long)Math.Round(subtotal * (decimal)percent / 100m, MidpointRounding.AwayFromZero)
                : coupon.AmountOffMinorUnits ?? 0;
            discount = Math.Clamp(discount, 0, subtotal);
            total = subtotal - discount;
            lines.Add(new PriceLine(PriceLineKind.Discount, coupon.Code, $"Coupon {coupon.Code}", 1, -discount));
        }

        return new Price(new Money(total, options.Currency), lines);
    }
}
