namespace InterviewBooking;

/// <summary>How far behind the outbox is, read in one query by <see cref="IOutboxStore.GetBacklogAsync"/>: what health checks compare with thresholds.</summary>
/// <param name="DueCount">Items due and waiting for a worker: pending with their next attempt reached, or leased with the lease run out.</param>
/// <param name="OldestDueAt">The earliest next-attempt time among those items, or <see langword="null"/> when none is due.</param>
/// <param name="DeadLetterCount">Items given up for good (<see cref="OutboxItemStatus.DeadLettered"/>).</param>
public sealed record OutboxBacklog(long DueCount, Instant? OldestDueAt, long DeadLetterCount);
