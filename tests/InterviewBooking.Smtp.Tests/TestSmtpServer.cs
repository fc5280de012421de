using System.Globalization;
using System.Text.Json;
using MimeKit;

namespace InterviewBooking.Smtp.Tests;

/// <summary>
/// The real SMTP server these tests send to: Debian's python3-aiosmtpd started by <c>eng/start-smtp.sh</c>, which writes every
/// message it accepts to a folder (<c>n.eml</c> and its envelope <c>n.json</c>) before it answers, so a message is there as soon
/// as the send returned. Found through <c>INTERVIEWBOOKING_TEST_SMTP=host:port:folder</c>.
/// </summary>
internal sealed record TestSmtpServer(string Host, int Port, string Folder)
{
    public const string Variable = "INTERVIEWBOOKING_TEST_SMTP";

    /// <summary>The account the test server accepts for AUTH.</summary>
    public const string UserName = "interviewbooking";

    /// <summary>The password of <see cref="UserName"/>.</summary>
    public const string Password = "interviewbooking-test";

    /// <summary>
    /// The server, or the test is skipped (saying how to start one) when the variable is not set; under CI (<c>CI=true</c>) a missing
    /// server fails the test instead, since <c>.ci/run</c> starts it.
    /// </summary>
    public static TestSmtpServer Require()
    {
        var value = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(value))
        {
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"CI=true but {Variable} is not set: .ci/run must start the test SMTP server (eng/start-smtp.sh) before the tests.");
            }

            Skip.If(true, $"No test SMTP server: run `eval \"$(bash eng/start-smtp.sh)\"` (installs and starts python3-aiosmtpd on 127.0.0.1 and sets {Variable}), then dotnet test.");
        }

        var parts = value!.Split(':', 3);
        if (parts.Length != 3 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || !Directory.Exists(parts[2]))
        {
            throw new InvalidOperationException($"{Variable} must be host:port:folder with an existing folder; got \"{value}\".");
        }

        return new TestSmtpServer(parts[0], port, parts[2]);
    }

    /// <summary>Every message the server accepted for <paramref name="address"/> (an envelope recipient), oldest first.</summary>
    public IReadOnlyList<ReceivedMessage> ReceivedFor(string address) =>
    [
        .. Directory.GetFiles(Folder, "*.json")
            .Order(StringComparer.Ordinal)
            .Select(path => (Path: path, Envelope: JsonSerializer.Deserialize<Envelope>(File.ReadAllText(path))!))
            .Where(m => m.Envelope.rcpt_tos.Contains(address, StringComparer.OrdinalIgnoreCase))
            .Select(m => new ReceivedMessage(m.Envelope.mail_from, m.Envelope.rcpt_tos, MimeMessage.Load(Path.ChangeExtension(m.Path, ".eml")))),
    ];

    public void Configure(SmtpNotifierOptions options)
    {
        options.Host = Host;
        options.Port = Port;
        options.Security = SmtpSecurity.None;
    }

    /// <summary>Points the options at this server and logs in as <see cref="UserName"/> with <paramref name="password"/>.</summary>
    public void ConfigureLogin(SmtpNotifierOptions options, string password)
    {
        Configure(options);
        options.UserName = UserName;
        options.Password = password;
    }

#pragma warning disable IDE1006 // The server's JSON names.
    private sealed record Envelope(string mail_from, string[] rcpt_tos);
#pragma warning restore IDE1006
}

/// <summary>A message as the server received it: the SMTP envelope and the parsed message.</summary>
internal sealed record ReceivedMessage(string MailFrom, IReadOnlyList<string> RcptTo, MimeMessage Message);
