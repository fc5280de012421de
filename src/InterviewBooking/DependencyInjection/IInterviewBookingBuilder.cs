namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Returned by <c>AddInterviewBooking</c>; adapter packages add their registrations to it (<c>.AddInMemoryStores()</c>, say).</summary>
public interface IInterviewBookingBuilder
{
    /// <summary>The service collection being configured.</summary>
    IServiceCollection Services { get; }
}
