using Microsoft.Extensions.DependencyInjection;
using NSubstitute;

namespace InterviewBooking.Tests.Matching;

public sealed class MatcherRegistrationTests
{
    [Fact]
    public void AddInterviewBooking_registers_the_scoring_matcher_as_the_default()
    {
        var services = new ServiceCollection();
        services.AddSingleton(Substitute.For<IInterviewerDirectory>());
        services.AddSingleton(Substitute.For<IReservationStore>());
        services.AddInterviewBooking();

        using var provider = services.BuildServiceProvider();

        Assert.IsType<ScoringInterviewerMatcher>(provider.GetRequiredService<IInterviewerMatcher>());
    }

    [Fact]
    public void A_matcher_registered_by_the_host_is_kept()
    {
        var custom = Substitute.For<IInterviewerMatcher>();
        var services = new ServiceCollection();
        services.AddSingleton(custom);
        services.AddInterviewBooking();

        using var provider = services.BuildServiceProvider();

        Assert.Same(custom, provider.GetRequiredService<IInterviewerMatcher>());
    }
}
