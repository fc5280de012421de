using InterviewBooking.AspNetCore;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers what the ASP.NET Core endpoints of InterviewBooking need.</summary>
public static class AspNetCoreInterviewBookingBuilderExtensions
{
    /// <summary>
    /// Adds the booking API's options, problem details and an exception handler that answers the library's typed errors as problem details
    /// (for the host's own endpoints too, with <c>UseExceptionHandler()</c>).
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddInterviewBooking</c>.</param>
    /// <param name="configure">Sets the candidate-id resolver.</param>
    /// <returns>The builder.</returns>
    public static IInterviewBookingBuilder AddInterviewBookingApi(this IInterviewBookingBuilder builder, Action<InterviewBookingApiOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<InterviewBookingApiOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.AddProblemDetails();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<AspNetCore.Diagnostics.IExceptionHandler, InterviewBookingExceptionHandler>());
        return builder;
    }
}
