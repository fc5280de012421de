using BenchmarkDotNet.Running;
using InterviewBooking.Benchmarks;

// dotnet run -c Release --project bench/InterviewBooking.Benchmarks -- --filter '*' --job short
// Matching only (README "Performance"): --filter '*Match*' --job short
// A stopwatch cross-check of the slot search's read strategies: -- slot-search-stopwatch [10000 100000]
// and of the alternatives path: -- alternatives-stopwatch [100000]
if (args is ["slot-search-stopwatch", .. var sizes])
{
    await SlotSearchStopwatch.RunAsync(sizes);
    return;
}

if (args is ["alternatives-stopwatch", .. var counts])
{
    await AlternativesStopwatch.RunAsync(counts);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
