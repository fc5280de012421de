namespace InterviewBooking;

/// <summary>A handler's failure to deliver an outbox item; when <see cref="IsPermanent"/>, no retry can mend it and the item is dead-lettered.</summary>
public sealed class OutboxDeliveryException : InterviewBookingException
{
    /// <summary>Creates the error (transient).</summary>
    public OutboxDeliveryException() { }

    /// <summary>Creates the error with a message (transient).</summary>
    public OutboxDeliveryException(string message) : base(message) { }

    /// <summary>Creates the error with a message and its cause (transient).</summary>
    public OutboxDeliveryException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the error, saying whether a retry can mend it.</summary>
    /// <param name="message">What failed, without secrets or personal data.</param>
    /// <param name="isPermanent">Whether retrying is pointless.</param>
    public OutboxDeliveryException(string message, bool isPermanent) : base(message)
    {
        IsPermanent = isPermanent;
    }

    /// <summary>Whether retrying is pointless (the item is dead-lettered at once).</summary>
    public bool IsPermanent { get; }
}
