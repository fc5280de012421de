using System.Net.Sockets;
using InterviewBooking.Calendar;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;
using Polly;
using Polly.Retry;

namespace InterviewBooking.Smtp;

/// <summary>
/// Emails each notification over SMTP (MailKit): one message to the candidate and one to the interviewer, each with the calendar invite
/// (<c>text/calendar; method=REQUEST</c> or <c>CANCEL</c>, and an <c>.ics</c> attachment). <see cref="BookingNotificationKind.RefundRequired"/>
/// goes to the candidate only, without an invite.
/// </summary>
/// <remarks>
/// <para>The candidate's message gives the time in the candidate's zone, the interviewer's in UTC (the booking does not carry the
/// interviewer's zone); the invite itself is in UTC, so each calendar shows it in its reader's zone.</para>
/// <para>A send that fails for a reason that may pass (a connection or protocol failure, a timeout, a <c>4xx</c> reply) is tried again within
/// the call by a Polly retry pipeline, up to <see cref="SmtpNotifierOptions.MaxAttempts"/> times with a doubling
/// <see cref="SmtpNotifierOptions.RetryDelay"/>; a <c>5xx</c> reply or a refused login is not. Each party's message is tried whatever happened
/// to the other's; when one was not sent, <see cref="NotifyAsync"/> throws <see cref="SmtpNotificationException"/>, and the outbox worker tries
/// the notification again later. Every message of a notification that has a <see cref="BookingNotification.MessageId"/> carries a
/// <c>Message-ID</c> derived from it, the same on every resend, so a recipient's server and client can recognise a duplicate.</para>
/// </remarks>
public sealed class SmtpBookingNotifier : IBookingNotifier
{
    private static readonly ResiliencePropertyKey<SendAttempt> AttemptKey = new("InterviewBooking.Smtp.SendAttempt");

    private readonly SmtpNotifierOptions _options;
    private readonly BookingMessages _messages;
    private readonly ResiliencePipeline _retry;
    private readonly ILogger _logger;

    /// <summary>Creates the notifier.</summary>
    /// <param name="options">The server, sender and retry settings.</param>
    /// <param name="invites">Writes the calendar invites.</param>
    /// <param name="clock">Dates the messages.</param>
    /// <param name="logger">Logs sends and failures (ids only).</param>
    public SmtpBookingNotifier(IOptions<SmtpNotifierOptions> options, CalendarInviteWriter invites, IClock clock, ILogger<SmtpBookingNotifier>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(invites);
        ArgumentNullException.ThrowIfNull(clock);
        _options = options.Value;
        _messages = new BookingMessages(_options, invites, clock);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _retry = _options.MaxAttempts <= 1
            ? ResiliencePipeline.Empty
            : new ResiliencePipelineBuilder { Name = "InterviewBooking.Smtp" }
                .AddRetry(new RetryStrategyOptions
                {
                    ShouldHandle = new PredicateBuilder().Handle<Exception>(MayPass),
                    MaxRetryAttempts = _options.MaxAttempts - 1,
                    BackoffType = DelayBackoffType.Exponential,
                    Delay = _options.RetryDelay.ToTimeSpan(),
                    OnRetry = OnRetryAsync,
                })
                .Build();
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="notification"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The notification lacks what its kind needs (see <see cref="CalendarInviteWriter.Write"/>).</exception>
    /// <exception cref="SmtpNotificationException">A party's message was not sent after the allowed attempts.</exception>
    public async Task NotifyAsync(BookingNotification notification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var messages = _messages.Create(notification);

        var failed = new List<NotificationRecipient>();
        Exception? lastFailure = null;
        using var client = new SmtpClient { Timeout = (int)_options.Timeout.TotalMilliseconds };
        try
        {
            foreach (var (recipient, message) in messages)
            {
                if (await SendAsync(client, message, notification, recipient, cancellationToken).ConfigureAwait(false) is { } failure)
                {
                    failed.Add(recipient);
                    lastFailure = failure;
                }
            }
        }
        finally
        {
            await DisconnectQuietlyAsync(client).ConfigureAwait(false);
        }

        if (failed.Count > 0)
        {
            throw new SmtpNotificationException(
                $"The {notification.Kind} notification for session '{notification.Session.Id}' was not sent to the {string.Join(" and the ", failed).ToLowerInvariant()} "
                + $"after up to {_options.MaxAttempts} attempt(s) each; see the log (event 7003) for why.",
                failed,
                lastFailure is SmtpCommandException ? null : lastFailure);
        }
    }

    /// <summary>Sends one message through the retry pipeline, connecting (and authenticating) first when needed; returns the last failure when it was not sent.</summary>
    private async Task<Exception?> SendAsync(SmtpClient client, MimeMessage message, BookingNotification notification, NotificationRecipient recipient, CancellationToken cancellationToken)
    {
        var attempt = new SendAttempt(this, client, message, notification, recipient);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(AttemptKey, attempt);
        try
        {
            await _retry.ExecuteAsync(static (context, attempt) => attempt.SendOnceAsync(context.CancellationToken), context, attempt).ConfigureAwait(false);
            Log.Sent(_logger, notification.Kind, notification.Session.Id, recipient, attempt.Number);
            return null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await DisconnectQuietlyAsync(client).ConfigureAwait(false);
            Log.NotSent(_logger, notification.Kind, notification.Session.Id, recipient, attempt.Number, Describe(exception));
            return exception;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    // Before the pipeline waits: drop the connection that failed (the next attempt connects again) and say why.
    private async ValueTask OnRetryAsync(OnRetryArguments<object> arguments)
    {
        var attempt = arguments.Context.Properties.GetValue(AttemptKey, null!);
        await DisconnectQuietlyAsync(attempt.Client).ConfigureAwait(false);
        Log.AttemptFailed(
            _logger, attempt.Notification.Kind, attempt.Notification.Session.Id, attempt.Recipient, attempt.Number, _options.MaxAttempts,
            Describe(arguments.Outcome.Exception!), Duration.FromTimeSpan(arguments.RetryDelay));
    }

    /// <summary>Whether trying again may help: connection, protocol and timeout failures and <c>4xx</c> replies; not <c>5xx</c>, a refused login or bad data.</summary>
    private static bool MayPass(Exception exception) => exception switch
    {
        SmtpCommandException command => (int)command.StatusCode is >= 400 and < 500,
        AuthenticationException or SslHandshakeException => false,
        SmtpProtocolException or ServiceNotConnectedException or IOException or SocketException or TimeoutException or OperationCanceledException => true,
        _ => false,
    };

    /// <summary>What went wrong, without anything a server reply may quote (addresses): the error's kind and codes.</summary>
    private static string Describe(Exception exception) => exception switch
    {
        SmtpCommandException command => $"{nameof(SmtpCommandException)} {command.ErrorCode}, SMTP {(int)command.StatusCode}",
        SocketException socket => $"{nameof(SocketException)} {socket.SocketErrorCode}",
        { InnerException: SocketException socket } => $"{exception.GetType().Name} ({nameof(SocketException)} {socket.SocketErrorCode})",
        _ => exception.GetType().Name,
    };

    internal static SecureSocketOptions SocketOptions(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        SmtpSecurity.Auto => SecureSocketOptions.Auto,
        _ => SecureSocketOptions.StartTls,
    };

    private static async Task DisconnectQuietlyAsync(SmtpClient client)
    {
        if (!client.IsConnected)
        {
            return;
        }

        try
        {
            await client.DisconnectAsync(quit: true, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Closing a connection that already failed: nothing left to report.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    /// <summary>One party's message of one notification, sent attempt after attempt on the same client.</summary>
    private sealed class SendAttempt(SmtpBookingNotifier notifier, SmtpClient client, MimeMessage message, BookingNotification notification, NotificationRecipient recipient)
    {
        public SmtpClient Client => client;

        public BookingNotification Notification => notification;

        public NotificationRecipient Recipient => recipient;

        /// <summary>The attempt under way (1 for the first).</summary>
        public int Number { get; private set; }

        public async ValueTask SendOnceAsync(CancellationToken cancellationToken)
        {
            Number++;
            var options = notifier._options;
            if (!client.IsConnected)
            {
                await client.ConnectAsync(options.Host, options.Port, SocketOptions(options.Security), cancellationToken).ConfigureAwait(false);
                if (!string.IsNullOrEmpty(options.UserName))
                {
                    await client.AuthenticateAsync(options.UserName, options.Password ?? string.Empty, cancellationToken).ConfigureAwait(false);
                }
            }

            await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
    }
}
