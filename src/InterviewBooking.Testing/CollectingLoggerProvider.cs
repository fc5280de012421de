using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace InterviewBooking.Testing;

/// <summary>
/// An <see cref="ILoggerProvider"/> that keeps every entry written through it, thread-safely, so a test can check what an adapter logs:
/// the event ids it promises, and no secrets or personal data.
/// </summary>
public sealed class CollectingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<CollectedLogEntry> _entries = new();

    /// <summary>The entries so far, in the order written (a snapshot).</summary>
    public IReadOnlyList<CollectedLogEntry> Entries => [.. _entries];

    /// <summary>The entries with an event id.</summary>
    /// <param name="eventId">The <see cref="EventId.Id"/>.</param>
    public IReadOnlyList<CollectedLogEntry> WithId(int eventId) => [.. _entries.Where(e => e.EventId.Id == eventId)];

    /// <summary>Every entry's category, message and exception (with its inner exceptions and stack), as one text to search.</summary>
    public string AllText() => string.Join(Environment.NewLine, _entries.Select(e => $"{e.Category} {e.Message} {e.Exception}"));

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<CollectedLogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            entries.Enqueue(new CollectedLogEntry(category, logLevel, eventId, formatter(state, exception), exception));
        }
    }
}

/// <summary>One log entry kept by <see cref="CollectingLoggerProvider"/>.</summary>
/// <param name="Category">The logger's category (usually the type that logged).</param>
/// <param name="Level">The level.</param>
/// <param name="EventId">The event id.</param>
/// <param name="Message">The formatted message.</param>
/// <param name="Exception">The exception logged with it, if any.</param>
public sealed record CollectedLogEntry(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception);
