namespace InterviewBooking.Smtp;

/// <summary>
/// One or more messages of a notification could not be sent, after the retries <see cref="SmtpNotifierOptions.MaxAttempts"/> allows.
/// The core logs it and the booking stands. The message names ids and recipients' roles only, never an address; the inner exception
/// is the last connection or protocol failure, left out when it is an SMTP server reply (which may quote an address).
/// </summary>
public sealed class SmtpNotificationException : InterviewBookingException
{
    /// <summary>Creates the error.</summary>
    public SmtpNotificationException() { }

    /// <summary>Creates the error with a message.</summary>
    public SmtpNotificationException(string message) : base(message) { }

    /// <summary>Creates the error with a message and its cause.</summary>
    public SmtpNotificationException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the error for the recipients whose message was not sent.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="failedRecipients">Whose messages were not sent.</param>
    /// <param name="innerException">The last failure, or <see langword="null"/>.</param>
    public SmtpNotificationException(string message, IReadOnlyList<NotificationRecipient> failedRecipients, Exception? innerException)
        : base(message, innerException!) => FailedRecipients = failedRecipients ?? [];

    /// <summary>Whose messages were not sent; the others were.</summary>
    public IReadOnlyList<NotificationRecipient> FailedRecipients { get; } = [];
}
