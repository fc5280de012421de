using InterviewBooking.Stripe;
using InterviewBooking.Stripe.Fakes;
using Microsoft.Extensions.DependencyInjection;
using NodaTime.Testing;
using Stripe;

namespace InterviewBooking.PostgreSql.Tests;

/// <summary>
/// A host dies between scheduling the interview and marking the session booked, in the middle of handling Stripe's webhook; Stripe
/// delivers the event again to a fresh host (its own service provider and connection pool, same database): one interview, session booked.
/// </summary>
public sealed class CrashRecoveryTests(PostgresSchemaFixture database) : IClassFixture<PostgresSchemaFixture>
{
    [Fact]
    public async Task A_redelivery_to_a_fresh_host_finishes_the_booking_of_a_host_that_died_after_scheduling()
    {
        var clock = new FakeClock(Instant.FromUtc(2026, 3, 2, 8, 0));
        using var stripe = new FakeStripeApi();
        var dying = new DyingScheduler();
        var hostA = BuildHost(clock, stripe, dying);
        var started = await hostA.GetRequiredService<BookingService>().StartAsync(MultiInstanceRaceTests.Request(0));
        Assert.Equal(BookingStartOutcome.Started, started.Outcome);
        var sessionId = started.Session!.Id;
        var body = StripeEvents.Body(StripeCheckoutEvents.Completed, stripe.Complete(started.Session.ProviderReference!).ToJson(), created: clock.GetCurrentInstant());

        // Host A handles the webhook, claims the session, schedules the interview, and dies: its call never returns.
        var dyingDelivery = hostA.GetRequiredService<StripeWebhookHandler>().HandleAsync(body, StripeEvents.Sign(body, clock.GetCurrentInstant()));
        var scheduledByA = await dying.Scheduled.Task;
        Assert.False(dyingDelivery.IsCompleted);
        Assert.Equal(PaymentSessionStatus.Booking, await StatusAsync(sessionId));

        // Stripe got no answer and delivers again, to a fresh host: the claim is still live, so "later"; past its timeout, booked.
        await using (var hostB = BuildHost(clock, stripe, scheduler: null))
        {
            var webhooks = hostB.GetRequiredService<StripeWebhookHandler>();
            var early = await webhooks.HandleAsync(body, StripeEvents.Sign(body, clock.GetCurrentInstant()));
            clock.Advance(Duration.FromMinutes(3));
            var redelivered = await webhooks.HandleAsync(body, StripeEvents.Sign(body, clock.GetCurrentInstant()));
            var again = await webhooks.HandleAsync(body, StripeEvents.Sign(body, clock.GetCurrentInstant()));

            Assert.Equal(StripeWebhookStatus.RetryLater, early.Status);
            Assert.Equal(StripeWebhookStatus.Processed, redelivered.Status);
            Assert.Equal(PaymentEventOutcome.Booked, redelivered.Payment!.Outcome);
            Assert.Equal(scheduledByA.Id, redelivered.Payment.Booking!.InterviewId);
            Assert.Equal(StripeWebhookStatus.Duplicate, again.Status);
        }

        // Whatever the dead host's call does if it ever comes back, the booking stands.
        dying.Die.SetException(new OperationCanceledException("the process was killed"));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dyingDelivery);
        await hostA.DisposeAsync();

        Assert.Equal(PaymentSessionStatus.Booked, await StatusAsync(sessionId));
        Assert.Equal(1L, await database.ScalarAsync<long>($"SELECT count(*) FROM {database.Table("interviews")} WHERE idempotency_key = $1", sessionId.Value));
        Assert.Equal(scheduledByA.Id.Value, await database.ScalarAsync<string>($"SELECT interview_id FROM {database.Table("payment_sessions")} WHERE id = $1", sessionId.Value));
        Assert.Equal("confirmed", await database.ScalarAsync<string>(
            $"SELECT status FROM {database.Table("reservations")} WHERE owner = $1 AND status <> 'expired'", sessionId.Value));
    }

    private async Task<PaymentSessionStatus> StatusAsync(PaymentSessionId id) =>
        (await new PostgreSqlPaymentSessionStore(database.DataSource, database.Options).GetAsync(id))!.Status;

    private ServiceProvider BuildHost(FakeClock clock, FakeStripeApi stripe, DyingScheduler? scheduler) =>
        TestHost.Build(
            b =>
            {
                b.AddInMemoryStores(MultiInstanceRaceTests.SeedDirectory)
                    .AddPostgreSqlStores(MultiInstanceRaceTests.Connection(), o => o.Schema = database.Schema)
                    .AddStripePayments(o =>
                    {
                        o.SecretKey = FakeStripeApi.ApiKey;
                        o.WebhookSecret = StripeEvents.Secret;
                        o.SuccessUrl = "https://shop.example/paid?checkout={CHECKOUT_SESSION_ID}";
                        o.CancelUrl = "https://shop.example/canceled";
                    });
                b.Services.AddSingleton<IStripeClient>(stripe.CreateClient());
                if (scheduler is not null)
                {
                    b.Services.AddSingleton<IInterviewScheduler>(p => scheduler.Over(new InterviewScheduler(
                        p.GetRequiredService<IInterviewStore>(), p.GetRequiredService<IMeetingLinkProvider>(), p.GetRequiredService<IClock>())));
                }
            },
            clock,
            o =>
            {
                o.MinimumMatchScore = 0;
                o.HoldDuration = Duration.FromMinutes(40);
            });

    /// <summary>Schedules through the real scheduler, then never returns until <see cref="Die"/> is completed: a process killed mid-call.</summary>
    private sealed class DyingScheduler : IInterviewScheduler
    {
        private IInterviewScheduler? _inner;

        public TaskCompletionSource<ScheduledInterview> Scheduled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Die { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public DyingScheduler Over(IInterviewScheduler inner)
        {
            _inner = inner;
            return this;
        }

        public async Task<ScheduledInterview> ScheduleAsync(InterviewScheduleRequest request, CancellationToken cancellationToken = default)
        {
            var interview = await _inner!.ScheduleAsync(request, cancellationToken);
            Scheduled.TrySetResult(interview);
            await Die.Task;
            return interview;
        }

        public Task<ScheduledInterview> RescheduleAsync(InterviewId id, Interval slot, ReservationId reservationId, CancellationToken cancellationToken = default) =>
            _inner!.RescheduleAsync(id, slot, reservationId, cancellationToken);

        public Task<ScheduledInterview> CancelAsync(InterviewId id, CancellationToken cancellationToken = default) => _inner!.CancelAsync(id, cancellationToken);
    }
}
