namespace InterviewBooking;

/// <summary>What one <see cref="IRetentionStore"/> batch removed.</summary>
/// <param name="Kind">The kind of rows.</param>
/// <param name="RemovedIds">
/// The ids of the rows removed (reservation ids, payment session ids, outbox keys, provider event ids), at most the batch size; a row another
/// pass removed first is not in it.
/// </param>
public sealed record RetentionBatch(RetentionKind Kind, IReadOnlyList<string> RemovedIds)
{
    /// <summary>How many rows the batch removed.</summary>
    public int Count => RemovedIds.Count;
}
