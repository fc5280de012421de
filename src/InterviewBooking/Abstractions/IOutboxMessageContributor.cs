namespace InterviewBooking;

/// <summary>
/// Adds an adapter's own outbox messages to a booking change: for each notification message the core writes with a transition
/// (booked, rescheduled, canceled), every registered contributor may add messages of its own kinds, stored in the
/// same write as the transition, so they exist exactly when the change does. An adapter's <see cref="IOutboxHandler"/> delivers them.
/// </summary>
public interface IOutboxMessageContributor
{
    /// <summary>The messages to add beside <paramref name="notification"/> (of kind <see cref="OutboxKinds.Notification"/>); none for most.</summary>
    /// <param name="notification">The notification message being written; its key is unique per change and revision.</param>
    /// <returns>The extra messages, each with a key of its own derived from the notification's.</returns>
    IEnumerable<OutboxMessage> Contribute(OutboxMessage notification);
}
