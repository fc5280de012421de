using CsCheck;
using Xunit;

namespace InterviewBooking.Testing;

/// <summary>
/// Random status changes against a payment session store: a change outside <see cref="PaymentSessionStateMachine"/> throws and writes
/// nothing; an allowed one applies exactly when the session is in its <c>From</c> status (and at the expected version); the audit trail
/// records exactly the changes that applied. An adapter runs it by subclassing.
/// </summary>
public abstract class PaymentSessionStorePropertyTests
{
    /// <summary>Creates the store under test; called once per generated sequence of changes.</summary>
    protected abstract Task<IPaymentSessionStore> CreateStoreAsync();

    /// <summary>How many sequences of changes are tried (fewer for a store that is slow to reach).</summary>
    protected virtual int Iterations => 300;

    private static readonly Gen<(PaymentSessionStatus From, PaymentSessionStatus To, bool StaleVersion)> Change =
        Gen.Select(Gen.Enum<PaymentSessionStatus>(), Gen.Enum<PaymentSessionStatus>(), Gen.Frequency((4, Gen.Const(false)), (1, Gen.Const(true))));

    /// <summary>Only allowed changes apply, and only from the status and version they name; the trail records exactly those.</summary>
    [Fact]
    public Task OnlyAllowedChangesFromTheCurrentStatusApply() =>
        Change.Array[1, 40].SampleAsync(RunAsync, iter: Iterations, threads: 1);

    private async Task RunAsync((PaymentSessionStatus From, PaymentSessionStatus To, bool StaleVersion)[] changes)
    {
        var store = await CreateStoreAsync();
        var at = Instant.FromUtc(2026, 6, 1, 8, 0);
        var session = await store.CreateAsync(PaymentSessionSamples.Pending(at));
        var applied = 0;
        foreach (var (from, to, stale) in changes)
        {
            at += Duration.FromSeconds(1);
            var before = (await store.GetAsync(session.Id))!;
            var transition = new PaymentSessionTransition(session.Id, from, to, at)
            {
                ExpectedVersion = stale ? before.Version - 1 : before.Version,
                // A session becomes Refunded only with the refund the provider issued.
                IssuedRefund = to == PaymentSessionStatus.Refunded ? new IssuedRefund("re_property", new Money(100, "USD"), at) : null,
            };
            if (!PaymentSessionStateMachine.IsAllowed(from, to))
            {
                await Assert.ThrowsAsync<InvalidPaymentSessionTransitionException>(() => store.TryTransitionAsync(transition));
                Assert.Equal(Observed(before), Observed((await store.GetAsync(session.Id))!));
                continue;
            }

            var result = await store.TryTransitionAsync(transition);
            var after = (await store.GetAsync(session.Id))!;
            if (before.Status == from && !stale)
            {
                Assert.True(result.Succeeded, $"{from} -> {to} from {before.Status} at the current version");
                Assert.Equal(to, after.Status);
                Assert.True(after.Version > before.Version);
                applied++;
            }
            else
            {
                Assert.False(result.Succeeded, $"{from} -> {to} applied to a session in {before.Status} (stale version: {stale})");
                Assert.Equal(Observed(before), Observed(after));
            }
        }

        var history = await store.GetHistoryAsync(session.Id);
        Assert.Equal(applied + 1, history.Count);
        Assert.All(history.Skip(1), change => Assert.True(PaymentSessionStateMachine.IsAllowed(change.From!.Value, change.To)));
    }

    // What a status change writes; a store may hand back new list instances on every read, so whole records are not compared.
    private static (PaymentSessionStatus, long, Instant, string?, InterviewId?, ReservationId?) Observed(PaymentSession session) =>
        (session.Status, session.Version, session.UpdatedAt, session.StatusReason, session.InterviewId, session.ReservationId);
}
