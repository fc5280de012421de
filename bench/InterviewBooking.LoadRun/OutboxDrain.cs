using System.Diagnostics;

namespace InterviewBooking.LoadRun;

/// <summary>Waits for the hosts' outbox workers to send everything due (twice in a row nothing due on every instance's store).</summary>
internal static class OutboxDrain
{
    public static async Task<bool> WaitAsync(IReadOnlyList<IOutboxStore> outboxes, TimeSpan bound)
    {
        var waited = Stopwatch.StartNew();
        var quiet = 0;
        while (waited.Elapsed < bound)
        {
            var due = 0L;
            foreach (var outbox in outboxes)
            {
                due += (await outbox.GetBacklogAsync()).DueCount;
            }

            quiet = due == 0 ? quiet + 1 : 0;
            if (quiet == 2)
            {
                return true;
            }

            await Task.Delay(500);
        }

        return false;
    }
}
