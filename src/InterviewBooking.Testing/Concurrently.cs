namespace InterviewBooking.Testing;

/// <summary>Runs many calls at once for race tests: every call waits behind one start gate, then all are released together.</summary>
public static class Concurrently
{
    /// <summary>Starts <paramref name="count"/> calls of <paramref name="action"/> on the thread pool behind a start gate, opens the gate, and awaits them all.</summary>
    /// <typeparam name="T">What each call returns.</typeparam>
    /// <param name="count">How many calls.</param>
    /// <param name="action">The call; gets its index, 0 to <paramref name="count"/> - 1.</param>
    /// <returns>The results, by index.</returns>
    public static async Task<T[]> RunAsync<T>(int count, Func<int, Task<T>> action)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentNullException.ThrowIfNull(action);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var allWaiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var notYetWaiting = count;
        var tasks = new Task<T>[count];
        for (var i = 0; i < count; i++)
        {
            var index = i;
            tasks[i] = Task.Run(async () =>
            {
                if (Interlocked.Decrement(ref notYetWaiting) == 0)
                {
                    allWaiting.SetResult();
                }

                await gate.Task;
                return await action(index);
            });
        }

        // Open the gate only once every call sits at it, so they really start together.
        await allWaiting.Task;
        gate.SetResult();
        return await Task.WhenAll(tasks);
    }
}
