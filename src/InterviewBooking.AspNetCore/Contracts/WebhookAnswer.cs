namespace InterviewBooking.AspNetCore.Contracts;

/// <summary>What the webhook endpoint answers the provider: the adapter's outcome.</summary>
/// <param name="Status">Processed, Duplicate, Ignored, Rejected, ...</param>
/// <param name="Rejection">Why it was refused, when it was.</param>
/// <param name="Detail">A sentence for the provider's delivery log.</param>
internal sealed record WebhookAnswer(string Status, string? Rejection, string Detail);
