namespace InterviewBooking.AspNetCore.Contracts;

/// <summary>What a candidate may say when canceling; the body is optional.</summary>
public sealed record CancelBody
{
    /// <summary>Why, for the audit trail and the notification.</summary>
    public string? Reason { get; init; }
}
