using InterviewBooking;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the outbox worker, which delivers the side effects the stores wrote with each change.</summary>
public static class OutboxWorkerInterviewBookingBuilderExtensions
{
    /// <summary>
    /// Adds the outbox worker (an <see cref="IHostedService"/>, for a console host and a web host alike), the <see cref="OutboxDispatcher"/> it
    /// runs, and the core's handler of <see cref="OutboxKinds.Notification"/> (through the registered <see cref="IBookingNotifier"/>).
    /// Options are validated when the host starts. Calling it again only configures the options again.
    /// </summary>
    /// <remarks>
    /// The stores come from an adapter (<c>AddInMemoryStores</c>, <c>AddPostgreSqlStores</c>), which registers the <see cref="IOutboxStore"/>
    /// its payment session store writes to; other handlers are added as <see cref="IOutboxHandler"/>s, one per kind.
    /// </remarks>
    /// <param name="builder">The builder returned by <c>AddInterviewBooking</c>.</param>
    /// <param name="configure">Configures <see cref="OutboxWorkerOptions"/>, or <see langword="null"/> for the defaults.</param>
    /// <returns>The builder.</returns>
#pragma warning disable RS0027 // The code-only overload came first and hosts call it bare; the IConfiguration overload sits beside it.
    public static IInterviewBookingBuilder AddOutboxWorker(this IInterviewBookingBuilder builder, Action<OutboxWorkerOptions>? configure = null)
#pragma warning restore RS0027
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        var options = services.AddOptions<OutboxWorkerOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OutboxWorkerOptions>, OutboxWorkerOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IOutboxHandler, NotificationOutboxHandler>());
        services.TryAddSingleton<OutboxDispatcher>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, OutboxWorker>());
        return builder;
    }

    /// <summary>
    /// Adds the outbox worker as the other overload does, with <see cref="OutboxWorkerOptions"/> bound from <paramref name="configuration"/>
    /// (<c>configuration.GetSection("...")</c>); durations accept <c>00:00:01</c> as well as NodaTime's form.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddInterviewBooking</c>.</param>
    /// <param name="configuration">The section holding the options.</param>
    /// <returns>The builder.</returns>
    public static IInterviewBookingBuilder AddOutboxWorker(this IInterviewBookingBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        builder.Services.AddOptions<OutboxWorkerOptions>().BindInterviewBookingSection(configuration);
        return builder.AddOutboxWorker(configure: null);
    }
}
