using Microsoft.Extensions.Options;

namespace InterviewBooking.Tests.Support;

/// <summary>An <see cref="IOptionsMonitor{TOptions}"/> over one fixed value; tests change the value's properties directly.</summary>
public sealed class TestOptionsMonitor<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue { get; set; } = value;

    public T Get(string? name) => CurrentValue;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}
