using InterviewBooking.AspNetCore;
using Microsoft.Extensions.Configuration;
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
#pragma warning disable RS0027 // The code-only overload came first and hosts call it bare; the IConfiguration overload sits beside it.
    public static IInterviewBookingBuilder AddInterviewBookingApi(this IInterviewBookingBuilder builder, Action<InterviewBookingApiOptions>? configure = null)
#pragma warning restore RS0027
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

    /// <summary>
    /// Adds the booking API's services as the other overload does, with <see cref="InterviewBookingApiOptions"/> bound from
    /// <paramref name="configuration"/> (<c>configuration.GetSection("...")</c>): <see cref="InterviewBookingApiOptions.CandidateIdClaimType"/>
    /// is what a file can say; a resolver function is set in code.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddInterviewBooking</c>.</param>
    /// <param name="configuration">The section holding the options.</param>
    /// <returns>The builder.</returns>
    public static IInterviewBookingBuilder AddInterviewBookingApi(this IInterviewBookingBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        builder.Services.AddOptions<InterviewBookingApiOptions>().BindInterviewBookingSection(configuration);
        return builder.AddInterviewBookingApi(configure: null);
    }
}
