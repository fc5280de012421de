namespace InterviewBooking;

/// <summary>A stored <see cref="OutboxMessage"/> and where its delivery stands.</summary>
public sealed record OutboxItem
{
    /// <summary>The message as enqueued.</summary>
    public required OutboxMessage Message { get; init; }

    /// <summary>Where delivery stands.</summary>
    public required OutboxItemStatus Status { get; init; }

    /// <summary>How many deliveries were attempted (leases taken and ended by a failure, a completion or a dead letter).</summary>
    public int Attempts { get; init; }

    /// <summary>When the item may next be leased: <see cref="OutboxMessage.DueAt"/>, then the back-off after each failure.</summary>
    public required Instant NextAttemptAt { get; init; }

    /// <summary>The current lease's token, while <see cref="OutboxItemStatus.Leased"/>; only its holder can end the lease.</summary>
    public Guid? LeaseToken { get; init; }

    /// <summary>When the current lease runs out and another worker may take the item.</summary>
    public Instant? LeasedUntil { get; init; }

    /// <summary>The last failure's message, if any.</summary>
    public string? LastError { get; init; }

    /// <summary>When it was enqueued.</summary>
    public required Instant CreatedAt { get; init; }

    /// <summary>When it was completed or dead-lettered.</summary>
    public Instant? FinishedAt { get; init; }
}

/// <summary>Where an <see cref="OutboxItem"/>'s delivery stands.</summary>
public enum OutboxItemStatus
{
    /// <summary>Waiting for <see cref="OutboxItem.NextAttemptAt"/>, or for a worker.</summary>
    Pending = 0,

    /// <summary>A worker holds a lease until <see cref="OutboxItem.LeasedUntil"/>; a lease that ran out can be taken again.</summary>
    Leased = 1,

    /// <summary>Delivered.</summary>
    Completed = 2,

    /// <summary>Failed for good (too many attempts, or a failure that no retry can mend): kept with its last error for an operator.</summary>
    DeadLettered = 3,
}
