using InterviewBooking;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Binds InterviewBooking options from configuration, reading NodaTime durations in the .NET form as well.</summary>
public static class InterviewBookingOptionsBuilderExtensions
{
    /// <summary>
    /// Binds <typeparamref name="TOptions"/> from <paramref name="configuration"/>, with <see cref="Duration"/> properties accepting
    /// <c>00:35:00</c> (the .NET <see cref="TimeSpan"/> form) as well as NodaTime's <c>0:00:35:00</c>. Adapter packages use it for their
    /// <c>IConfiguration</c> overloads.
    /// </summary>
    /// <typeparam name="TOptions">The options type.</typeparam>
    /// <param name="builder">The options builder.</param>
    /// <param name="configuration">The section holding the options.</param>
    /// <returns>The builder.</returns>
    public static OptionsBuilder<TOptions> BindInterviewBookingSection<TOptions>(this OptionsBuilder<TOptions> builder, IConfiguration configuration)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        ConfigurationDurations.Register();
        return builder.Bind(configuration);
    }
}
