namespace InterviewBooking.Sample.Web;

/// <summary>Which gateway the sample runs on: the pages send the candidate to the simulated checkout page, or to Stripe Checkout.</summary>
/// <param name="UsesStripe">Whether Stripe keys are configured.</param>
public sealed record SamplePayments(bool UsesStripe);
