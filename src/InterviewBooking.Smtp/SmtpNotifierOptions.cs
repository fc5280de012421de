namespace InterviewBooking.Smtp;

/// <summary>Settings of the SMTP notifier, validated when the host starts: a bad value fails start-up with a message naming it.</summary>
public sealed class SmtpNotifierOptions
{
    /// <summary>The SMTP server's host name or address; required.</summary>
    public string Host { get; set; } = string.Empty;

    /// <summary>The SMTP server's port. Default 587 (submission).</summary>
    public int Port { get; set; } = 587;

    /// <summary>How the connection is secured. Default <see cref="SmtpSecurity.StartTls"/>.</summary>
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    /// <summary>The user name to authenticate with; set it together with <see cref="Password"/>, or neither to send without authenticating.</summary>
    public string? UserName { get; set; }

    /// <summary>The password to authenticate with; never logged.</summary>
    public string? Password { get; set; }

    /// <summary>The address every message comes from; required.</summary>
    public string FromAddress { get; set; } = string.Empty;

    /// <summary>The display name every message comes from (the marketplace's name, say); optional.</summary>
    public string? FromName { get; set; }

    /// <summary>How many times one message is tried when a send fails for a reason that may pass (1 to 10). Default 3.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>
    /// The wait before the second attempt; it doubles before each further attempt (0 to 5 minutes). Default 2 seconds.
    /// </summary>
    public Duration RetryDelay { get; set; } = Duration.FromSeconds(2);

    /// <summary>How long one SMTP operation (connect, authenticate, send) may take (1 second to 10 minutes). Default 30 seconds.</summary>
    public Duration Timeout { get; set; } = Duration.FromSeconds(30);
}

/// <summary>How the SMTP connection is secured.</summary>
public enum SmtpSecurity
{
    /// <summary>Upgrade the connection with <c>STARTTLS</c>, and fail when the server does not offer it (port 587).</summary>
    StartTls = 0,

    /// <summary>TLS from the first byte (port 465).</summary>
    SslOnConnect = 1,

    /// <summary>TLS on port 465, otherwise <c>STARTTLS</c> when the server offers it.</summary>
    Auto = 2,

    /// <summary>No encryption: only for a relay on the same machine or a test server. Credentials are then refused unless the host is a loopback address.</summary>
    None = 3,
}
