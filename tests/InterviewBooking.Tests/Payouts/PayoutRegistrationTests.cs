using InterviewBooking.InMemory;
using Microsoft.Extensions.DependencyInjection;
using NodaTime.Testing;

namespace InterviewBooking.Tests.Payouts;

public sealed class PayoutRegistrationTests
{
    [Fact]
    public void AddPayouts_on_the_in_memory_defaults_registers_one_handler_per_kind_the_ledger_and_the_recording_gateway()
    {
        var services = new ServiceCollection();
        services.AddInterviewBooking(o => o.Plans.Add(new InterviewPlan { Id = "mock-30", Name = "Mock", Duration = Duration.FromMinutes(30), PriceMinorUnits = 4900 }))
            .AddInMemoryStores()
            .AddSimulatedPayments()
            .AddOutboxWorker()
            .AddPayouts(o => o.Plans.Add(new PayoutRate { Id = "mock-30", AmountMinorUnits = 3000 }))
            .AddPayouts(o => o.HoldBack = Duration.FromHours(24)); // again: configures, adds no second handler
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        var kinds = provider.GetServices<IOutboxHandler>().Select(h => h.Kind).ToArray();
        Assert.Equal(kinds.Distinct().Count(), kinds.Length);
        Assert.Subset(kinds.ToHashSet(), new HashSet<string> { OutboxKinds.InterviewCompleted, OutboxKinds.InterviewInterviewerNoShow, OutboxKinds.Payout, OutboxKinds.PayoutReversal });
        Assert.NotNull(provider.GetRequiredService<OutboxDispatcher>());
        Assert.IsType<InMemoryPayoutStore>(provider.GetRequiredService<IPayoutStore>());
        Assert.IsType<SimulatedPayoutGateway>(provider.GetRequiredService<IPayoutGateway>());
        Assert.NotNull(provider.GetRequiredService<DisputeService>());
        var options = provider.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<PayoutOptions>>().CurrentValue;
        Assert.Equal((Duration.FromHours(24), 3000L), (options.HoldBack, options.Plans.Single().AmountMinorUnits));
    }

    [Fact]
    public async Task The_simulated_gateway_records_one_transfer_per_key_and_fails_on_request()
    {
        var clock = new FakeClock(Instant.FromUtc(2026, 6, 1, 8, 0));
        var gateway = new SimulatedPayoutGateway(clock);
        var session = new PaymentSession
        {
            Id = PaymentSessionId.New(),
            CandidateId = new CandidateId("candidate-1"),
            CandidateName = "Casey",
            CandidateEmail = "casey@example.org",
            CandidateTimeZone = DateTimeZone.Utc,
            InterviewerId = new InterviewerId("interviewer-ada"),
            PlanId = "mock-30",
            Price = new Price(new Money(4900, "USD"), []),
            Status = PaymentSessionStatus.Booked,
            CreatedAt = clock.GetCurrentInstant(),
            ExpiresAt = clock.GetCurrentInstant(),
        };
        var payout = new Payout
        {
            InterviewId = InterviewId.New(),
            SessionId = session.Id,
            InterviewerId = session.InterviewerId!.Value,
            PlanId = session.PlanId,
            Amount = new Money(3000, "USD"),
            Status = PayoutStatus.Pending,
            CompletedAt = clock.GetCurrentInstant(),
            DueAt = clock.GetCurrentInstant(),
            CreatedAt = clock.GetCurrentInstant(),
        };

        gateway.FailNextTransfers(1);
        await Assert.ThrowsAsync<SimulatedFailureException>(() => gateway.TransferAsync(payout, session, "key-1"));
        var first = await gateway.TransferAsync(payout, session, "key-1");
        var again = await gateway.TransferAsync(payout, session, "key-1");
        var reversal = await gateway.ReverseAsync(payout with { ProviderTransferId = first.Id }, "reverse-1");

        Assert.Equal(first, again);
        var recorded = Assert.Single(gateway.Transfers);
        Assert.Equal((first, payout.InterviewId, payout.InterviewerId, session.Id), (recorded.Transfer, recorded.InterviewId, recorded.InterviewerId, recorded.SessionId));
        Assert.Equal(3, gateway.TransferCalls);
        Assert.Equal(reversal, await gateway.ReverseAsync(payout with { ProviderTransferId = first.Id }, "reverse-1"));
        Assert.Equal((first.Id, payout.Amount), (Assert.Single(gateway.Reversals).TransferId, reversal.Amount));
    }
}
