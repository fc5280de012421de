using InterviewBooking.Calendar;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the calendar invites.</summary>
public static class CalendarInterviewBookingBuilderExtensions
{
    /// <summary>
    /// Adds <see cref="CalendarInviteWriter"/> (a singleton) and its <see cref="CalendarInviteOptions"/>, validated when the host starts.
    /// Calling it again adds more configuration to the same options.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddInterviewBooking</c>.</param>
    /// <param name="configure">Sets the organizer (required), the product id and the UID domain.</param>
    /// <returns>The builder.</returns>
#pragma warning disable RS0027 // The code-only overload came first and hosts call it bare; the IConfiguration overload sits beside it.
    public static IInterviewBookingBuilder AddCalendarInvites(this IInterviewBookingBuilder builder, Action<CalendarInviteOptions>? configure = null)
#pragma warning restore RS0027
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        var options = services.AddOptions<CalendarInviteOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CalendarInviteOptions>, CalendarInviteOptionsValidator>());
        services.TryAddSingleton<CalendarInviteWriter>();
        return builder;
    }

    /// <summary>Adds the calendar invites as the other overload does, with <see cref="CalendarInviteOptions"/> bound from <paramref name="configuration"/> (<c>configuration.GetSection("...")</c>).</summary>
    /// <param name="builder">The builder returned by <c>AddInterviewBooking</c>.</param>
    /// <param name="configuration">The section holding the organizer, the product id and the UID domain.</param>
    /// <returns>The builder.</returns>
    public static IInterviewBookingBuilder AddCalendarInvites(this IInterviewBookingBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        builder.Services.AddOptions<CalendarInviteOptions>().BindInterviewBookingSection(configuration);
        return builder.AddCalendarInvites(configure: null);
    }
}
