namespace InterviewBooking;

/// <summary>
/// What <see cref="BookingPreviewService.PreviewAsync"/> found: the interviewer a start would hold now, their score, the price, and a
/// token that books exactly them (<see cref="BookingPreviewService.StartAsync"/>); or, when nobody is free, the nearest other slots.
/// </summary>
public sealed record BookingPreview
{
    /// <summary>The interviewer previewed for the slot, with their score; <see langword="null"/> when nobody qualifies and is free.</summary>
    public InterviewerMatch? Match { get; init; }

    /// <summary>The opaque token naming the candidate, the interviewer, the slot and the plan; pass it back unchanged to start.</summary>
    public string? Token { get; init; }

    /// <summary>When <see cref="Token"/> stops being accepted.</summary>
    public Instant? ExpiresAt { get; init; }

    /// <summary>The price a start would charge now (server-side, from the plan, add-ons and coupon).</summary>
    public required Price Price { get; init; }

    /// <summary>The slot in the candidate's zone, as <see cref="InterviewBooking.SlotText.Format"/> renders it.</summary>
    public required string SlotText { get; init; }

    /// <summary>When nobody is free for the slot: the nearest other slots (<see cref="MatchResult.Alternatives"/>).</summary>
    public IReadOnlyList<SlotAlternative> Alternatives { get; init; } = [];

    /// <summary>Whether an interviewer was previewed and a token issued.</summary>
    public bool Succeeded => Token is not null;
}
