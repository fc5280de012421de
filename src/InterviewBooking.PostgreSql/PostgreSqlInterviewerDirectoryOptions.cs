namespace InterviewBooking.PostgreSql;

/// <summary>
/// Settings of <see cref="PostgreSqlInterviewerDirectory"/>'s listener, validated when the host starts. The table and the connection are the
/// stores' (<see cref="PostgreSqlStoreOptions"/>).
/// </summary>
public sealed class PostgreSqlInterviewerDirectoryOptions
{
    /// <summary>
    /// How long the listener waits for a notification before it reads the changes anyway (positive, at most a day). It bounds how late an
    /// instance sees a change whose notification never reached it (a pooler that drops <c>NOTIFY</c>, say), and checks the listener's
    /// connection is still alive. Default 10 seconds.
    /// </summary>
    public Duration PollInterval { get; set; } = Duration.FromSeconds(10);

    /// <summary>How long the listener waits before reconnecting after losing its connection (positive). Doubles per failed attempt. Default 1 second.</summary>
    public Duration ReconnectDelay { get; set; } = Duration.FromSeconds(1);

    /// <summary>The longest wait between reconnection attempts (at least <see cref="ReconnectDelay"/>). Default 15 seconds.</summary>
    public Duration MaxReconnectDelay { get; set; } = Duration.FromSeconds(15);

    /// <summary>
    /// A connection string for the listener's own connection, or <see langword="null"/> to take it from the stores' data source. Set it when
    /// the stores go through a pooler in transaction mode (PgBouncer, say), which cannot keep a <c>LISTEN</c>: point it at PostgreSQL itself
    /// or at a session-mode pool.
    /// </summary>
    public string? ListenConnectionString { get; set; }
}
