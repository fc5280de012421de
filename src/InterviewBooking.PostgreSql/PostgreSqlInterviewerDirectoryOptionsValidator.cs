using Microsoft.Extensions.Options;
using Npgsql;

namespace InterviewBooking.PostgreSql;

/// <summary>Checks <see cref="PostgreSqlInterviewerDirectoryOptions"/> when the host starts, naming each bad setting (never echoing a connection string).</summary>
internal sealed class PostgreSqlInterviewerDirectoryOptionsValidator : IValidateOptions<PostgreSqlInterviewerDirectoryOptions>
{
    public ValidateOptionsResult Validate(string? name, PostgreSqlInterviewerDirectoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.PollInterval <= Duration.Zero || options.PollInterval > Duration.FromDays(1))
        {
            failures.Add($"PollInterval must be positive and at most a day; it is {options.PollInterval}.");
        }

        if (options.ReconnectDelay <= Duration.Zero)
        {
            failures.Add($"ReconnectDelay must be positive; it is {options.ReconnectDelay}.");
        }

        if (options.MaxReconnectDelay < options.ReconnectDelay || options.MaxReconnectDelay > Duration.FromDays(1))
        {
            failures.Add($"MaxReconnectDelay must be at least ReconnectDelay ({options.ReconnectDelay}) and at most a day; it is {options.MaxReconnectDelay}.");
        }

        if (options.ListenConnectionString is { } connectionString)
        {
            try
            {
                _ = new NpgsqlConnectionStringBuilder(connectionString);
            }
            catch (ArgumentException exception)
            {
                failures.Add($"ListenConnectionString is not a valid Npgsql connection string: {exception.Message}");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
