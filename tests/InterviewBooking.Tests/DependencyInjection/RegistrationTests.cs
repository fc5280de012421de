using InterviewBooking.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace InterviewBooking.Tests.DependencyInjection;

public sealed class RegistrationTests
{
    [Fact]
    public void Everything_the_flow_needs_resolves_from_one_registration()
    {
        var services = new ServiceCollection();
        services.AddInterviewBooking(FlowFixture.ConfigureDefaults).AddInMemoryStores().AddSimulatedPayments();
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        Assert.NotNull(provider.GetRequiredService<BookingService>());
        Assert.NotNull(provider.GetRequiredService<AutoBookingService>());
        Assert.NotNull(provider.GetRequiredService<PaymentEventProcessor>());
        Assert.NotNull(provider.GetRequiredService<SlotSearchService>());
        Assert.NotNull(provider.GetRequiredService<BookingPreviewService>());
        Assert.NotNull(provider.GetRequiredService<IInterviewerMatcher>());
        Assert.NotNull(provider.GetRequiredService<IReservationStore>());
        Assert.NotNull(provider.GetRequiredService<IPaymentSessionStore>());
        Assert.NotNull(provider.GetRequiredService<IInterviewerDirectory>());
        Assert.NotNull(provider.GetRequiredService<IPaymentGateway>());
        Assert.NotNull(provider.GetRequiredService<IInterviewScheduler>());
        Assert.NotNull(provider.GetRequiredService<IBookingNotifier>());
        Assert.Same(SystemClock.Instance, provider.GetRequiredService<IClock>());
        provider.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public void A_host_clock_registered_first_is_kept()
    {
        var services = new ServiceCollection();
        var clock = new NodaTime.Testing.FakeClock(FlowFixture.Start);
        services.AddSingleton<IClock>(clock);
        services.AddInterviewBooking(FlowFixture.ConfigureDefaults).AddInMemoryStores();
        using var provider = services.BuildServiceProvider();

        Assert.Same(clock, provider.GetRequiredService<IClock>());
    }

    [Fact]
    public void Bad_options_fail_at_start_naming_each_setting()
    {
        var services = new ServiceCollection();
        services.AddInterviewBooking(o =>
            {
                o.HoldDuration = Duration.Zero;
                o.MinimumMatchScore = 120;
                o.Currency = "dollars";
            })
            .AddInMemoryStores()
            .AddSimulatedPayments();
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(error.Failures, f => f.Contains("HoldDuration", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("MinimumMatchScore", StringComparison.Ordinal) && f.Contains("120", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Currency", StringComparison.Ordinal) && f.Contains("dollars", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Plans", StringComparison.Ordinal));
        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<BookingService>().StartAsync(FlowFixture.Request()).GetAwaiter().GetResult());
    }
}
