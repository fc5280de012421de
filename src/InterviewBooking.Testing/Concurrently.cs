namespace InterviewBooking.Testing;

/// <summary>
/// Runs many calls at once for race tests. Each call gets its own thread, and all threads wait behind one barrier, so they start
/// together and the operating system interleaves them wherever a call gives up the processor (a lock, an I/O wait, a yield),
/// even for a store whose calls complete synchronously.
/// </summary>
public static class Concurrently
{
    /// <summary>Runs <paramref name="count"/> calls of <paramref name="action"/>, one per thread, released together; awaits them all.</summary>
    /// <typeparam name="T">What each call returns.</typeparam>
    /// <param name="count">How many calls (at most 256).</param>
    /// <param name="action">The call; gets its index, 0 to <paramref name="count"/> - 1.</param>
    /// <returns>The results, by index.</returns>
    /// <remarks>When calls throw, awaiting the task throws the first failure; <see cref="Task.Exception"/> holds them all.</remarks>
    public static Task<T[]> RunAsync<T>(int count, Func<int, Task<T>> action)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, 256);
        ArgumentNullException.ThrowIfNull(action);

        var results = new T[count];
        var failures = new Exception?[count];
        var remaining = count;
        var done = new TaskCompletionSource<T[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        var barrier = new Barrier(count);
        for (var i = 0; i < count; i++)
        {
            var index = i;
            var thread = new Thread(() =>
            {
                try
                {
                    barrier.SignalAndWait();
                    results[index] = action(index).GetAwaiter().GetResult();
                }
#pragma warning disable CA1031 // Every failure is reported to the awaiting test.
                catch (Exception exception)
#pragma warning restore CA1031
                {
                    failures[index] = exception;
                }

                if (Interlocked.Decrement(ref remaining) == 0)
                {
                    barrier.Dispose();
                    var thrown = failures.OfType<Exception>().ToList();
                    if (thrown.Count == 0)
                    {
                        done.SetResult(results);
                    }
                    else
                    {
                        done.SetException(thrown);
                    }
                }
            })
            {
                IsBackground = true,
                Name = $"Concurrently #{index}",
            };
            thread.Start();
        }

        return done.Task;
    }
}
