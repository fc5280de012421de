using InterviewBooking.Stripe.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Stripe;
using Stripe.Checkout;

namespace InterviewBooking.Stripe;

/// <summary>
/// Creates Stripe Checkout Sessions for pending payment sessions: mode <c>payment</c>, one line item at the session's server-side price,
/// <c>client_reference_id</c> = payment session id, id-only metadata on the session and its PaymentIntent, <c>expires_at</c> = the hold's end,
/// and an idempotency key fixed per payment session.
/// </summary>
public sealed class StripePaymentGateway : IPaymentGateway
{
    private readonly SessionService _checkouts;
    private readonly IOptionsMonitor<StripePaymentOptions> _options;
    private readonly IOptionsMonitor<InterviewBookingOptions> _bookingOptions;
    private readonly IClock _clock;
    private readonly ILogger _logger;
    private readonly CheckoutParameters _parameters = new();

    /// <summary>Creates the gateway.</summary>
    public StripePaymentGateway(
        IStripeClient stripe,
        IOptionsMonitor<StripePaymentOptions> options,
        IOptionsMonitor<InterviewBookingOptions> bookingOptions,
        IClock clock,
        ILogger<StripePaymentGateway>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(stripe);
        _checkouts = new SessionService(stripe);
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _bookingOptions = bookingOptions ?? throw new ArgumentNullException(nameof(bookingOptions));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The session has no id or is not <see cref="PaymentSessionStatus.Pending"/>.</exception>
    /// <exception cref="InterviewBookingException">The hold ends too soon or too late for a Stripe Checkout Session (30 minutes to 24 hours from now).</exception>
    /// <exception cref="PreMatchedInterviewerException">The session has no pre-matched interviewer or reservation to put in the metadata.</exception>
    /// <exception cref="StripePaymentException">Stripe refused the checkout or could not be reached.</exception>
    public async Task<CheckoutSession> CreateCheckoutAsync(PaymentSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.Id.IsEmpty)
        {
            throw new ArgumentException("A checkout needs a payment session id; Id is empty.", nameof(session));
        }

        if (session.Status != PaymentSessionStatus.Pending)
        {
            throw new ArgumentException($"A checkout is created only for a Pending session; session '{session.Id}' is {session.Status}.", nameof(session));
        }

        var now = _clock.GetCurrentInstant();
        var lifetime = session.ExpiresAt - now;
        if (lifetime < StripeHoldDurationValidator.StripeMinimum || lifetime > StripeHoldDurationValidator.StripeMaximum)
        {
            throw new InterviewBookingException(
                $"Session '{session.Id}': its hold ends in {lifetime}, but a Stripe Checkout Session must expire "
                + $"{StripeHoldDurationValidator.StripeMinimum} to {StripeHoldDurationValidator.StripeMaximum} after it is created.");
        }

        var parameters = _parameters.GetOrCompute(session, _options.CurrentValue, ProductName(session), now);
        var requestOptions = new RequestOptions { IdempotencyKey = IdempotencyKeys.Checkout(session.Id) };
        var created = await StripeCalls.RunAsync(
            "create checkout",
            () => _checkouts.CreateAsync(parameters, requestOptions, cancellationToken),
            cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrEmpty(created.Id) || !Uri.TryCreate(created.Url, UriKind.Absolute, out var url))
        {
            throw new StripePaymentException($"Stripe created checkout '{created.Id}' for session '{session.Id}' without a usable URL.") { Operation = "create checkout" };
        }

        _parameters.Forget(session.Id);
        Log.CheckoutCreated(_logger, session.Id, created.Id, session.ExpiresAt);
        return new CheckoutSession(created.Id, url);
    }

    private string ProductName(PaymentSession session)
    {
        var plan = _bookingOptions.CurrentValue.Plans.FirstOrDefault(p => string.Equals(p.Id, session.PlanId, StringComparison.Ordinal));
        return string.IsNullOrWhiteSpace(plan?.Name) ? "Mock interview" : plan.Name;
    }
}
