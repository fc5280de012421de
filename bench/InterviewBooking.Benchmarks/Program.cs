using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/InterviewBooking.Benchmarks -- --filter '*' --job short
// Matching only (README "Performance"): --filter '*Match*' --job short
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
