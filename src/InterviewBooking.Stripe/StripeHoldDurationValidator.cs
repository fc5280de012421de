using Microsoft.Extensions.Options;

namespace InterviewBooking.Stripe;

/// <summary>
/// Checks, when the host starts, that <see cref="InterviewBookingOptions.HoldDuration"/> fits a Stripe Checkout Session: the checkout's
/// <c>expires_at</c> is the hold's end, and Stripe accepts only 30 minutes to 24 hours after creation. A margin of
/// <see cref="Margin"/> on each side covers the time between holding the slot and Stripe receiving the request, and clock skew.
/// </summary>
internal sealed class StripeHoldDurationValidator : IValidateOptions<InterviewBookingOptions>
{
    /// <summary>The shortest checkout lifetime Stripe accepts.</summary>
    public static readonly Duration StripeMinimum = Duration.FromMinutes(30);

    /// <summary>The longest checkout lifetime Stripe accepts.</summary>
    public static readonly Duration StripeMaximum = Duration.FromHours(24);

    /// <summary>Kept free on each side of Stripe's range.</summary>
    public static readonly Duration Margin = Duration.FromMinutes(2);

    /// <summary>The shortest hold allowed with Stripe: 32 minutes.</summary>
    public static Duration MinimumHold => StripeMinimum + Margin;

    /// <summary>The longest hold allowed with Stripe: 23 hours 58 minutes.</summary>
    public static Duration MaximumHold => StripeMaximum - Margin;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, InterviewBookingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.HoldDuration < MinimumHold || options.HoldDuration > MaximumHold)
        {
            return ValidateOptionsResult.Fail(
                $"HoldDuration must be between {MinimumHold} and {MaximumHold} with Stripe Checkout (the checkout expires when the hold ends, "
                + $"and Stripe accepts {StripeMinimum} to {StripeMaximum}, less a margin of {Margin}); got {options.HoldDuration}.");
        }

        return ValidateOptionsResult.Success;
    }
}
