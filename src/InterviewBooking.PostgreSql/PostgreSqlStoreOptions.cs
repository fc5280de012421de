using Npgsql;

namespace InterviewBooking.PostgreSql;

/// <summary>
/// Settings of the PostgreSQL stores, validated when the host starts: a bad value fails start-up with a message naming it.
/// Exactly one of <see cref="ConnectionString"/> and <see cref="DataSource"/> is set.
/// </summary>
public sealed class PostgreSqlStoreOptions
{
    /// <summary>The default <see cref="Schema"/>.</summary>
    public const string DefaultSchema = "interview_booking";

    /// <summary>
    /// An Npgsql connection string; the stores then build and own their <see cref="NpgsqlDataSource"/> (disposed with the service provider).
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>A data source the host built and owns (its pooling, logging and plugins stay the host's); the stores never dispose it.</summary>
    public NpgsqlDataSource? DataSource { get; set; }

    /// <summary>
    /// The schema holding the tables: lower-case letters, digits and underscores, starting with a letter or underscore, at most 63 characters,
    /// not starting with <c>pg_</c>. Default <c>interview_booking</c>. Keep it for InterviewBooking alone: several apps (or test runs) on one
    /// database use one schema each.
    /// </summary>
    public string Schema { get; set; } = DefaultSchema;

    /// <summary>
    /// Whether the reservation store prepares its reads of active reservations (a match's and a slot search's) of up to 64 interviewers,
    /// each on its one plan, an index probe per interviewer: after a connection's first call, no parsing and no planning (about 0.5 ms a read
    /// at 100,000 interviewers), and a cost bounded by the probes whatever the window. A read of more interviewers, or any read with this
    /// off, is planned for its values, and may take the slot index instead when the window holds few rows of a long history (2,000
    /// interviewers with a year of bookings behind them and an empty week ahead: 3 buffers instead of a probe each). Default
    /// <see langword="true"/>; turn it off behind a pooler in transaction mode that cannot keep prepared statements (PgBouncer before 1.21,
    /// or without <c>max_prepared_statements</c>).
    /// </summary>
    public bool PrepareActiveReads { get; set; } = true;

    /// <summary>
    /// Whether the statements a paid webhook runs until the session is booked are prepared on the connection: the payment session's read and
    /// its changes (<see cref="PostgreSqlPaymentSessionStore.GetAsync"/>, <see cref="PostgreSqlPaymentSessionStore.TryTransitionAsync"/>,
    /// <see cref="PostgreSqlPaymentSessionStore.TryTransitionThenAsync"/>) and the booking completion
    /// (<see cref="PostgreSqlBookingCompletionStore.TryCompleteAsync"/>). Npgsql keeps a prepared statement with the pooled physical connection,
    /// so only a connection's first call pays one extra round trip; every later one skips parsing and planning (about 0.55 ms of planning for
    /// the completion's chained statement, 0.05-0.1 ms for each of the others). Their plans are key look-ups whatever the values, so the generic
    /// plan PostgreSQL settles on is the custom one. Default <see langword="true"/>; turn it off behind a pooler in transaction mode that cannot
    /// keep prepared statements (PgBouncer before 1.21, or without <c>max_prepared_statements</c>).
    /// </summary>
    public bool PrepareBookingStatements { get; set; } = true;

    /// <summary>Resolves the stored ids of candidates' zones (<see cref="PaymentSession.CandidateTimeZone"/>). Default <see cref="DateTimeZoneProviders.Tzdb"/>.</summary>
    public IDateTimeZoneProvider TimeZoneProvider { get; set; } = DateTimeZoneProviders.Tzdb;
}
