using InterviewBooking;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers retention: finished rows removed after a set age, in bounded batches, never one a dispute, refund or payout can reach.</summary>
public static class RetentionInterviewBookingBuilderExtensions
{
    /// <summary>
    /// Adds the <see cref="RetentionPurger"/> and a hosted service that runs it every <see cref="RetentionOptions.Interval"/>, timed by the
    /// registered <see cref="TimeProvider"/> (<see cref="TimeProvider.System"/> unless the host registers one). Options are validated when the
    /// host starts. Calling it again only configures the options again.
    /// </summary>
    /// <remarks>
    /// The <see cref="IRetentionStore"/> comes from a store adapter: <c>AddInMemoryStores</c> registers its own and calls this method, so the
    /// embedded default keeps its memory bounded; <c>AddPostgreSqlStores</c> registers one for its schema.
    /// </remarks>
    /// <param name="builder">The builder returned by <c>AddInterviewBooking</c>.</param>
    /// <param name="configure">Configures <see cref="RetentionOptions"/>, or <see langword="null"/> for the defaults.</param>
    /// <returns>The builder.</returns>
#pragma warning disable RS0027 // The configure-action overload is the primary one; the IConfiguration overload sits beside it.
    public static IInterviewBookingBuilder AddRetention(this IInterviewBookingBuilder builder, Action<RetentionOptions>? configure = null)
#pragma warning restore RS0027
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<RetentionOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RetentionOptions>, RetentionOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RetentionPurger>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RetentionWorker>());
        return builder;
    }

    /// <summary>
    /// Adds retention as the other overload does, with <see cref="RetentionOptions"/> bound from <paramref name="configuration"/>
    /// (<c>configuration.GetSection("Retention")</c>); durations accept <c>30.00:00:00</c> as well as NodaTime's form.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddInterviewBooking</c>.</param>
    /// <param name="configuration">The section holding the options.</param>
    /// <returns>The builder.</returns>
    public static IInterviewBookingBuilder AddRetention(this IInterviewBookingBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        builder.Services.AddOptions<RetentionOptions>().BindInterviewBookingSection(configuration);
        return builder.AddRetention(configure: null);
    }
}
