using InterviewBooking;
using InterviewBooking.PostgreSql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the PostgreSQL interviewer directory: one directory for every instance of the host, on the PostgreSQL stores' database.</summary>
public static class PostgreSqlInterviewerDirectoryBuilderExtensions
{
    /// <summary>Adds the PostgreSQL interviewer directory with the default listener settings (see the overload with <c>configure</c>).</summary>
    /// <param name="builder">The builder returned by <c>AddInterviewBooking</c>.</param>
    /// <returns>The builder.</returns>
    public static IInterviewBookingBuilder AddPostgreSqlInterviewerDirectory(this IInterviewBookingBuilder builder) =>
        builder.AddPostgreSqlInterviewerDirectory(static _ => { });

    /// <summary>
    /// Adds <see cref="PostgreSqlInterviewerDirectory"/> as the <see cref="IInterviewerDirectory"/> (replacing the in-memory default, in any
    /// order) and as itself, for the host's edits, on the data source and schema of <c>AddPostgreSqlStores</c>, which must be called too; and
    /// a hosted service that loads it and starts its listener when the host starts. Options are validated when the host starts.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddInterviewBooking</c>.</param>
    /// <param name="configure">The listener's settings (<see cref="PostgreSqlInterviewerDirectoryOptions.PollInterval"/>, say).</param>
    /// <returns>The builder.</returns>
    public static IInterviewBookingBuilder AddPostgreSqlInterviewerDirectory(this IInterviewBookingBuilder builder, Action<PostgreSqlInterviewerDirectoryOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.AddOptions<PostgreSqlInterviewerDirectoryOptions>().Configure(configure).ValidateOnStart();

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgreSqlInterviewerDirectoryOptions>, PostgreSqlInterviewerDirectoryOptionsValidator>());
        services.TryAddSingleton(static provider => new PostgreSqlInterviewerDirectory(
            (provider.GetService<PostgreSqlStoreDataSource>() ?? throw new InvalidOperationException(
                "The PostgreSQL interviewer directory uses the PostgreSQL stores' database: call AddPostgreSqlStores(...) as well.")).DataSource,
            provider.GetRequiredService<IOptions<PostgreSqlStoreOptions>>().Value,
            provider.GetRequiredService<IOptions<PostgreSqlInterviewerDirectoryOptions>>().Value,
            provider.GetService<ILogger<PostgreSqlInterviewerDirectory>>()));
        services.Replace(ServiceDescriptor.Singleton<IInterviewerDirectory>(static provider => provider.GetRequiredService<PostgreSqlInterviewerDirectory>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PostgreSqlInterviewerDirectoryStartup>());
        return builder;
    }

    /// <summary>Adds the PostgreSQL interviewer directory as the other overload does, binding its options from <paramref name="configuration"/>; durations accept <c>00:00:10</c> as well as NodaTime's form.</summary>
    /// <param name="builder">The builder returned by <c>AddInterviewBooking</c>.</param>
    /// <param name="configuration">The section holding <see cref="PostgreSqlInterviewerDirectoryOptions"/>.</param>
    /// <returns>The builder.</returns>
    public static IInterviewBookingBuilder AddPostgreSqlInterviewerDirectory(this IInterviewBookingBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        builder.Services.AddOptions<PostgreSqlInterviewerDirectoryOptions>().BindInterviewBookingSection(configuration);
        return builder.AddPostgreSqlInterviewerDirectory();
    }
}
