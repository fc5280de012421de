using InterviewBooking.Calendar;
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
    public static IInterviewBookingBuilder AddCalendarInvites(this IInterviewBookingBuilder builder, Action<CalendarInviteOptions>? configure = null)
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
}
