namespace InterviewBooking.Smtp.Tests;

public class SmtpNotifierOptionsTests
{
    private static SmtpNotifierOptions Valid() => new() { Host = "smtp.example.com", FromAddress = "bookings@example.com" };

    [Fact]
    public void Defaults_with_a_host_and_a_sender_are_valid()
    {
        var options = Valid();
        Assert.Equal(587, options.Port);
        Assert.Equal(SmtpSecurity.StartTls, options.Security);
        Assert.Equal(3, options.MaxAttempts);
        Assert.True(new SmtpNotifierOptionsValidator().Validate(null, options).Succeeded);
    }

    public static TheoryData<Action<SmtpNotifierOptions>, string> BadSettings => new()
    {
        { o => o.Host = "", "Host must be a host name" },
        { o => o.Host = "smtp example.com", "Host must be a host name" },
        { o => o.Port = 70000, "Port must be between 1 and 65535; got 70000" },
        { o => o.Security = (SmtpSecurity)9, "Security must be one of" },
        { o => o.FromAddress = "", "FromAddress is required" },
        { o => o.FromAddress = "Bookings <bookings@example.com>", "FromAddress must be a plain email address" },
        { o => o.FromName = "Acme\r\nBcc: someone@example.com", "FromName must not contain line breaks" },
        { o => o.UserName = "user", "UserName and Password go together" },
        { o => o.Password = "secret", "UserName and Password go together" },
        { o => { o.UserName = "user"; o.Password = "secret"; o.Security = SmtpSecurity.None; }, "credentials would cross the network unencrypted" },
        { o => o.MaxAttempts = 0, "MaxAttempts must be between 1 and 10; got 0" },
        { o => o.MaxAttempts = 11, "MaxAttempts must be between 1 and 10; got 11" },
        { o => o.RetryDelay = Duration.FromSeconds(-1), "RetryDelay must be between 0 and 5 minutes" },
        { o => o.Timeout = Duration.Zero, "Timeout must be between 1 second and 10 minutes" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void Each_bad_setting_is_named(Action<SmtpNotifierOptions> breakIt, string expected)
    {
        var options = Valid();
        breakIt(options);

        var result = new SmtpNotifierOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public void Credentials_without_encryption_are_allowed_to_a_loopback_host(string host)
    {
        var options = Valid();
        (options.Host, options.UserName, options.Password, options.Security) = (host, "user", "secret", SmtpSecurity.None);

        Assert.True(new SmtpNotifierOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void The_password_is_never_in_a_failure_message()
    {
        var options = Valid();
        (options.Password, options.Port) = ("hunter2-secret", -1);

        Assert.DoesNotContain("hunter2-secret", new SmtpNotifierOptionsValidator().Validate(null, options).FailureMessage, StringComparison.Ordinal);
    }
}
