using InterviewBooking;
using InterviewBooking.PostgreSql;
using Microsoft.Extensions.DependencyInjection.Extensions;
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
    /// <param name="configure">Further settings (<see cref="PostgreSqlStoreOptions.Schema"/>, say).</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="connectionString"/> is blank.</exception>
    public static IInterviewBookingBuilder AddPostgreSqlStores(this IInterviewBookingBuilder builder, string connectionString, Action<PostgreSqlStoreOptions>? configure = null)
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
    /// <param name="configure">Further settings (<see cref="PostgreSqlStoreOptions.Schema"/>, say).</param>
    /// <returns>The builder.</returns>
    public static IInterviewBookingBuilder AddPostgreSqlStores(this IInterviewBookingBuilder builder, NpgsqlDataSource dataSource, Action<PostgreSqlStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        return builder.AddPostgreSqlStores(options =>
        {
            options.DataSource = dataSource;
            configure?.Invoke(options);
        });
    }

    /// <summary>
    /// Adds <see cref="PostgreSqlReservationStore"/>, <see cref="PostgreSqlPaymentSessionStore"/>, <see cref="PostgreSqlCouponRedemptionStore"/> and
    /// <see cref="PostgreSqlPaymentEventInbox"/> as the core's stores, and <see cref="PostgreSqlBookingSchema"/>, all singletons.
    /// Options are validated when the host starts.
    /// </summary>
    /// <remarks>
    /// The store registrations replace whatever was registered for those services (the in-memory default, say); the in-memory default only
    /// adds what is missing, so the PostgreSQL stores win in either order. Nothing here creates tables: call
    /// <see cref="PostgreSqlBookingSchema.EnsureSchemaAsync"/> once at start-up or deployment.
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

        services.Replace(ServiceDescriptor.Singleton<IReservationStore>(static provider => provider.GetRequiredService<PostgreSqlReservationStore>()));
        services.Replace(ServiceDescriptor.Singleton<IPaymentSessionStore>(static provider => provider.GetRequiredService<PostgreSqlPaymentSessionStore>()));
        services.Replace(ServiceDescriptor.Singleton<ICouponRedemptionStore>(static provider => provider.GetRequiredService<PostgreSqlCouponRedemptionStore>()));
        services.Replace(ServiceDescriptor.Singleton<IPaymentEventInbox>(static provider => provider.GetRequiredService<PostgreSqlPaymentEventInbox>()));
        return builder;
    }

    private static NpgsqlDataSource DataSource(IServiceProvider provider) => provider.GetRequiredService<PostgreSqlStoreDataSource>().DataSource;

    private static PostgreSqlStoreOptions Options(IServiceProvider provider) => provider.GetRequiredService<IOptions<PostgreSqlStoreOptions>>().Value;

    private static ILogger<T>? Logger<T>(IServiceProvider provider) => provider.GetService<ILogger<T>>();
}
