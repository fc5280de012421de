using System.Net.Sockets;
using InterviewBooking.InMemory;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewBooking.Smtp.Tests;

/// <summary>SMTP pointed at a closed port on 127.0.0.1: bounded retries, then an error the core logs; the booking always stands.</summary>
public class UnreachableServerTests
{
    /// <summary>A flow whose SMTP server is a closed port on 127.0.0.1.</summary>
    private static SmtpFlow Unreachable(Action<SmtpNotifierOptions>? configure = null) => new(o =>
    {
        o.Host = "127.0.0.1";
        o.Port = Loopback.ClosedPort();
        o.Security = SmtpSecurity.None;
        configure?.Invoke(o);
    });

    [Fact]
    public async Task A_booking_stands_when_no_message_can_be_sent()
    {
        await using var flow = Unreachable(o => o.MaxAttempts = 3);

        var (booking, interview) = await flow.BookAsync();

        // The booking is made and kept, with the pre-matched interviewer.
        Assert.Equal(BookingOutcome.Booked, booking.Outcome);
        Assert.Equal(PaymentSessionStatus.Booked, booking.Session!.Status);
        Assert.Equal(interview.Id, booking.InterviewId);
        Assert.Equal(flow.Interviewer.Id, booking.InterviewerId);
        var stored = await flow.Services.GetRequiredService<IPaymentSessionStore>().GetAsync(booking.Session.Id);
        Assert.Equal(PaymentSessionStatus.Booked, stored!.Status);
        Assert.Single(flow.Services.GetRequiredService<RecordingInterviewScheduler>().Interviews);

        // Three attempts per party within the call, then one failed outbox attempt, kept for a later one.
        Assert.Equal(4, flow.Logs.WithId(7002).Count);
        Assert.All(flow.Logs.WithId(7002), e => Assert.Contains("SocketException ConnectionRefused", e.Message, StringComparison.Ordinal));
        Assert.Equal(2, flow.Logs.WithId(7003).Count);
        Assert.Empty(flow.Logs.WithId(7001));
        var logged = Assert.Single(flow.Logs.WithId(4002));
        var error = Assert.IsType<SmtpNotificationException>(logged.Exception);
        Assert.Equal([NotificationRecipient.Candidate, NotificationRecipient.Interviewer], error.FailedRecipients);
        Assert.IsType<SocketException>(error.InnerException);
        Assert.Contains("not sent to the candidate and the interviewer after up to 3 attempt(s)", error.Message, StringComparison.Ordinal);

        var item = Assert.Single(await flow.Services.GetRequiredService<IOutboxStore>().ListBySessionAsync(booking.Session.Id), i => i.Message.Kind == OutboxKinds.Notification);
        Assert.Equal(OutboxItemStatus.Pending, item.Status);
        Assert.Equal(1, item.Attempts);

        // A retry of the payment event returns the same booking and writes nothing new: the one notification waits for its next attempt.
        var again = await flow.Services.GetRequiredService<AutoBookingService>().BookAsync(booking.Session.Id);
        Assert.Equal(BookingOutcome.AlreadyBooked, again.Outcome);
        Assert.Equal(interview.Id, again.InterviewId);
        Assert.Single(await flow.Services.GetRequiredService<IOutboxStore>().ListBySessionAsync(booking.Session.Id), i => i.Message.Kind == OutboxKinds.Notification);
    }

    [Fact]
    public async Task Logs_name_ids_and_roles_but_no_addresses_names_or_passwords()
    {
        await using var flow = Unreachable(o =>
        {
            o.UserName = "smtp-user";
            o.Password = "s3cret-pa55";
            o.MaxAttempts = 2;
        });

        var (booking, _) = await flow.BookAsync();

        var smtpLogs = flow.Logs.Entries.Where(e => e.Category.StartsWith("InterviewBooking.Smtp", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(smtpLogs);
        Assert.All(smtpLogs, e => Assert.Contains(booking.Session!.Id.Value, e.Message, StringComparison.Ordinal));
        foreach (var entry in flow.Logs.Entries)
        {
            var text = entry.Message + entry.Exception;
            foreach (var personal in new[] { "@", "Casey", "Ada Byron", "s3cret-pa55", "smtp-user" })
            {
                Assert.DoesNotContain(personal, text, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task MaxAttempts_of_one_means_no_retry()
    {
        await using var flow = Unreachable(o => o.MaxAttempts = 1);

        await flow.BookAsync();

        Assert.Empty(flow.Logs.WithId(7002));
        Assert.All(flow.Logs.WithId(7003), e => Assert.Contains("after 1 attempt(s)", e.Message, StringComparison.Ordinal));
        Assert.Single(flow.Logs.WithId(4002));
    }

    [Fact]
    public async Task A_canceled_call_stops_without_retrying()
    {
        await using var flow = Unreachable();
        var (booking, interview) = await flow.BookAsync();
        using var canceled = new CancellationTokenSource();
        await canceled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            flow.Notifier.NotifyAsync(new BookingNotification(BookingNotificationKind.Booked, booking.Session!, interview), canceled.Token));
    }
}
