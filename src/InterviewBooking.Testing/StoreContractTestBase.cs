using NodaTime.Testing;
using Xunit;

namespace InterviewBooking.Testing;

/// <summary>
/// Shared plumbing of the contract suites: a <see cref="FakeClock"/> the tests move by hand, and disposal of every store a test created
/// (when the store is <see cref="IAsyncDisposable"/> or <see cref="IDisposable"/>). xUnit creates one instance per test.
/// </summary>
public abstract class StoreContractTestBase : IAsyncLifetime
{
    private readonly List<object> _created = [];

    /// <summary>The instant every test starts at: Monday 2025-06-09 08:00 UTC.</summary>
    public static Instant StartInstant { get; } = Instant.FromUtc(2025, 6, 9, 8, 0);

    /// <summary>The clock given to the store under test; only the test moves it.</summary>
    protected FakeClock Clock { get; } = new(StartInstant);

    /// <summary>The clock's current instant.</summary>
    protected Instant Now => Clock.GetCurrentInstant();

    /// <inheritdoc />
    public virtual Task InitializeAsync() => Task.CompletedTask;

    /// <inheritdoc />
    public virtual async Task DisposeAsync()
    {
        foreach (var created in _created)
        {
            switch (created)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
    }

    /// <summary>Remembers a store so it is disposed after the test.</summary>
    /// <typeparam name="T">The store type.</typeparam>
    /// <param name="store">The store.</param>
    /// <returns><paramref name="store"/>.</returns>
    protected T Track<T>(T store)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(store);
        _created.Add(store);
        return store;
    }

    /// <summary>A fresh, unique text with a prefix, so tests never collide in a store shared between tests (a database, say).</summary>
    /// <param name="prefix">What the text starts with.</param>
    protected static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N");
}
