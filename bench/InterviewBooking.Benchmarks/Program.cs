using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/InterviewBooking.Benchmarks -- --filter '*' --job short
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
