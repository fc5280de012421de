using InterviewBooking;
using InterviewBooking.PostgreSql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the PostgreSQL stores: durable, shared by every instance of the host, replacing the in-memory default in any order.</summary>
public static class PostgreSqlInterviewBookingBuilderExtensions
{
    /// <summary>Adds the PostgreSQL stores on a database the stores connect to themselves (their data source is disposed with the service provider).</summary>
    /// <param name="builder">The builder returned by <c>AddInterviewBooking</c>.</param>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="connectionString"/> is blank.</exception>
    public static IInterviewBookingBuilder AddPostgreSqlStores(this IInterviewBookingBuilder builder, string connectionString) =>
        builder.AddPostgreSqlStores(connectionString, configure: null);

    /// <summary>Adds the PostgreSQL stores on a database the stores connect to themselves (their data source is disposed with the service provider).</summary>
    /// <param name="builder">The builder returned by <c>AddInterviewBooking</c>.</param>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="configure">Further settings (<see cref="PostgreSqlStoreOptions.Schema"/>, say), or <see langword="null"/>.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="connectionString"/> is blank.</exception>
    public static IInterviewBookingBuilder AddPostgreSqlStores(this IInterviewBookingBuilder builder, string connectionString, Action<PostgreSqlStoreOptions>? configure)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return builder.AddPostgreSqlStores(options =>
        {
            options.ConnectionString = connectionString;
            configure?.Invoke(options);
        });
    }

    /// <summary>Adds the PostgreSQL stores on a data source the host built and owns (never disposed by the stores).</summary>
    /// <param name="builder">The builder returned by <c>AddInterviewBooking</c>.</param>
    /// <param name="dataSource">The database.</param>
    /// <returns>The builder.</returns>
    public static IInterviewBookingBuilder AddPostgreSqlStores(this IInterviewBookingBuilder builder, NpgsqlDataSource dataSource) =>
        builder.AddPostgreSqlStores(dataSource, configure: null);

    /// <summary>Adds the PostgreSQL stores on a data source the host built and owns (never disposed by the stores).</summary>
    /// <param name="builder">The builder returned by <c>AddInterviewBooking</c>.</param>
    /// <param name="dataSource">The database.</param>
    /// <param name="configure">Further settings (<see cref="PostgreSqlStoreOptions.Schema"/>, say), or <see langword="null"/>.</param>
    /// <returns>The builder.</returns>
    public static IInterviewBookingBuilder AddPostgreSqlStores(this IInterviewBookingBuilder builder, NpgsqlDataSource dataSource, Action<PostgreSqlStoreOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        return builder.AddPostgreSqlStores(options =>
        {
            options.DataSource = dataSource;
            configure?.Invoke(options);
        });
    }

    /// <summary>Adds the PostgreSQL stores as the other overload does (the connection string is <c>ConnectionString</c> in the section). Binds <see cref="PostgreSqlStoreOptions"/> from <paramref name="configuration"/> (<c>configuration.GetSection("...")</c>); durations accept <c>00:00:30</c> as well as NodaTime's form.</summary>
    /// <param name="builder">The builder returned by <c>AddInterviewBooking</c>.</param>
    /// <param name="configuration">The section holding the options.</param>
    /// <returns>The builder.</returns>
    public static IInterviewBookingBuilder AddPostgreSqlStores(this IInterviewBookingBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        builder.Services.AddOptions<PostgreSqlStoreOptions>().BindInterviewBookingSection(configuration);
        return builder.AddPostgreSqlStores(static _ => { });
    }

    /// <summary>
    /// Adds <see cref="PostgreSqlReservationStore"/>, <see cref="PostgreSqlPaymentSessionStore"/>, <see cref="PostgreSqlCouponRedemptionStore"/>,
    /// <see cref="PostgreSqlPaymentEventInbox"/>, <see cref="PostgreSqlInterviewStore"/>, <see cref="PostgreSqlPayoutStore"/> and <see cref="PostgreSqlOutboxStore"/> (which the
    /// payment session store writes each change's messages to, in the change's statement) as the core's stores, the core's
    /// <see cref="InterviewScheduler"/> over that interview store as the <see cref="IInterviewScheduler"/>, <see cref="PostgreSqlBookingCompletionStore"/>
    /// as the <see cref="IBookingCompletionStore"/> (while the session, reservation and interview stores in use are these three), and <see cref="PostgreSqlBookingSchema"/>,
    /// all singletons, and the health check <c>interviewbooking-postgresql</c> (reachable, schema at <see cref="PostgreSqlBookingSchema.LatestVersion"/>;
    /// tagged <c>ready</c> and <c>postgresql</c>) that <c>AddInterviewBookingHealthChecks()</c> adds to the host's checks. Options are validated when the host starts.
    /// </summary>
    /// <remarks>
    /// The store and scheduler registrations replace whatever was registered for those services (the in-memory default, say); the in-memory
    /// default only adds what is missing, so the PostgreSQL registrations win in either order. With the scheduler's interviews in the shared
    /// database, one payment books one interview across every instance, also when an instance takes over the claim of one that died between
    /// scheduling and marking the session booked. Nothing here creates tables: call <see cref="PostgreSqlBookingSchema.EnsureSchemaAsync"/>
    /// once at start-up or deployment.
    /// </remarks>
    /// <param name="builder">The builder returned by <c>AddInterviewBooking</c>.</param>
    /// <param name="configure">Sets the connection (<see cref="PostgreSqlStoreOptions.ConnectionString"/> or <see cref="PostgreSqlStoreOptions.DataSource"/>) and the rest.</param>
    /// <returns>The builder.</returns>
    public static IInterviewBookingBuilder AddPostgreSqlStores(this IInterviewBookingBuilder builder, Action<PostgreSqlStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;

        services.AddOptions<PostgreSqlStoreOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgreSqlStoreOptions>, PostgreSqlStoreOptionsValidator>());

        services.TryAddSingleton<PostgreSqlStoreDataSource>();
        services.TryAddSingleton(static provider => new PostgreSqlBookingSchema(DataSource(provider), Options(provider), Logger<PostgreSqlBookingSchema>(provider)));
        services.TryAddSingleton(static provider => new PostgreSqlReservationStore(
            DataSource(provider), provider.GetRequiredService<IClock>(), Options(provider), Logger<PostgreSqlReservationStore>(provider)));
        services.TryAddSingleton(static provider => new PostgreSqlPaymentSessionStore(
            DataSource(provider), Options(provider), Logger<PostgreSqlPaymentSessionStore>(provider)));
        services.TryAddSingleton(static provider => new PostgreSqlCouponRedemptionStore(
            DataSource(provider), provider.GetRequiredService<IClock>(), Options(provider), Logger<PostgreSqlCouponRedemptionStore>(provider)));
        services.TryAddSingleton(static provider => new PostgreSqlPaymentEventInbox(
            DataSource(provider), Options(provider), Logger<PostgreSqlPaymentEventInbox>(provider)));
        services.TryAddSingleton(static provider => new PostgreSqlInterviewStore(
            DataSource(provider), Options(provider), Logger<PostgreSqlInterviewStore>(provider)));
        services.TryAddSingleton(static provider => new PostgreSqlOutboxStore(
            DataSource(provider), provider.GetRequiredService<IClock>(), Options(provider), Logger<PostgreSqlOutboxStore>(provider)));

        services.TryAddSingleton(static provider => new PostgreSqlBookingCompletionStore(
            DataSource(provider), provider.GetRequiredService<IClock>(), Options(provider), Logger<PostgreSqlBookingCompletionStore>(provider)));

        services.TryAddSingleton(static provider => new PostgreSqlPayoutStore(
            DataSource(provider), Options(provider), Logger<PostgreSqlPayoutStore>(provider)));
        services.TryAddSingleton(static provider => new PostgreSqlRetentionStore(
            DataSource(provider), Options(provider), Logger<PostgreSqlRetentionStore>(provider)));

        services.Replace(ServiceDescriptor.Singleton<IReservationStore>(static provider => provider.GetRequiredService<PostgreSqlReservationStore>()));
        services.Replace(ServiceDescriptor.Singleton<IPaymentSessionStore>(static provider => provider.GetRequiredService<PostgreSqlPaymentSessionStore>()));
        services.Replace(ServiceDescriptor.Singleton<ICouponRedemptionStore>(static provider => provider.GetRequiredService<PostgreSqlCouponRedemptionStore>()));
        services.Replace(ServiceDescriptor.Singleton<IPaymentEventInbox>(static provider => provider.GetRequiredService<PostgreSqlPaymentEventInbox>()));
        services.Replace(ServiceDescriptor.Singleton<IInterviewStore>(static provider => provider.GetRequiredService<PostgreSqlInterviewStore>()));
        services.Replace(ServiceDescriptor.Singleton<IOutboxStore>(static provider => provider.GetRequiredService<PostgreSqlOutboxStore>()));
        services.Replace(ServiceDescriptor.Singleton<IPayoutStore>(static provider => provider.GetRequiredService<PostgreSqlPayoutStore>()));

        // It writes the sessions, reservations and interviews tables at once, so it is offered only while all three stores in use are these.
        services.Replace(ServiceDescriptor.Singleton<IBookingCompletionStore>(static provider =>
            provider.GetRequiredService<IPaymentSessionStore>() is PostgreSqlPaymentSessionStore
            && provider.GetRequiredService<IReservationStore>() is PostgreSqlReservationStore
            && provider.GetRequiredService<IInterviewStore>() is PostgreSqlInterviewStore
                ? provider.GetRequiredService<PostgreSqlBookingCompletionStore>()
                : null!));

        // Used only when the host adds retention (AddRetention): the store set's removals in bounded batches.
        services.Replace(ServiceDescriptor.Singleton<IRetentionStore>(static provider => provider.GetRequiredService<PostgreSqlRetentionStore>()));
        services.Replace(ServiceDescriptor.Singleton<IInterviewScheduler>(static provider => new InterviewScheduler(
            provider.GetRequiredService<PostgreSqlInterviewStore>(), provider.GetRequiredService<IMeetingLinkProvider>(), provider.GetRequiredService<IClock>())));

        // Reachable with the schema current; AddInterviewBookingHealthChecks (InterviewBooking.AspNetCore) adds it to the host's checks.
        services.AddSingleton(new AdapterHealthCheck(new HealthCheckRegistration(
            PostgreSqlHealthCheck.Name,
            static provider => new PostgreSqlHealthCheck(provider.GetRequiredService<PostgreSqlBookingSchema>()),
            HealthStatus.Unhealthy,
            PostgreSqlHealthCheck.Tags,
            PostgreSqlHealthCheck.Timeout)));
        return builder;
    }

    private static NpgsqlDataSource DataSource(IServiceProvider provider) => provider.GetRequiredService<PostgreSqlStoreDataSource>().DataSource;

    private static PostgreSqlStoreOptions Options(IServiceProvider provider) => provider.GetRequiredService<IOptions<PostgreSqlStoreOptions>>().Value;

    private static ILogger<T>? Logger<T>(IServiceProvider provider) => provider.GetService<ILogger<T>>();
}
