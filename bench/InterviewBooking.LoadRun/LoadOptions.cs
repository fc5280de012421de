using System.Globalization;
using InterviewBooking.Stress;

namespace InterviewBooking.LoadRun;

/// <summary>The load run's bounds and shape, from the command line.</summary>
internal sealed record LoadOptions
{
    public const string Usage =
        "usage: load-run [--store inmemory|postgres] [--instances N] [--requests N] [--warmup N] [--duration SECONDS] [--concurrency N] "
        + "[--interviewers N] [--seed N] [--connection CONNECTION_STRING]";

    public StoreKind Store { get; init; } = StoreKind.InMemory;

    /// <summary>Host instances on the one store (in memory: one process's state, so 1 unless asked).</summary>
    public int? InstancesGiven { get; init; }

    public int Instances => InstancesGiven ?? (Store == StoreKind.Postgres ? 2 : 1);

    /// <summary>At most this many start requests (the candidates, each trying up to <see cref="LoadGenerator.MaxStartAttempts"/> slots, stop here).</summary>
    public int Requests { get; init; } = 2000;

    /// <summary>Start requests before the measured run (not timed), by as many candidates.</summary>
    public int Warmup { get; init; } = 100;

    /// <summary>No new start after this much wall-clock time; what is under way finishes.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Candidates in flight at once (each runs its start and its webhook deliveries in turn).</summary>
    public int Concurrency { get; init; } = 16;

    public int Interviewers { get; init; } = 100;

    public int Seed { get; init; } = 7;

    public string? ConnectionString { get; init; }

    /// <exception cref="ArgumentException">An unknown option, or a value out of range.</exception>
    public static LoadOptions Parse(IReadOnlyList<string> args)
    {
        var options = new LoadOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            int Int(int min, int max)
            {
                var text = Value();
                return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
                    ? value
                    : throw new ArgumentException($"{name} must be a whole number from {min} to {max}, not '{text}'.");
            }

            options = name switch
            {
                "--store" => options with
                {
                    Store = Value() switch
                    {
                        "inmemory" => StoreKind.InMemory,
                        "postgres" => StoreKind.Postgres,
                        var other => throw new ArgumentException($"--store must be inmemory or postgres, not '{other}'."),
                    },
                },
                "--instances" => options with { InstancesGiven = Int(1, 8) },
                "--requests" => options with { Requests = Int(1, 200_000) },
                "--warmup" => options with { Warmup = Int(0, 10_000) },
                "--duration" => options with { Duration = TimeSpan.FromSeconds(Int(1, 600)) },
                "--concurrency" => options with { Concurrency = Int(1, 256) },
                "--interviewers" => options with { Interviewers = Int(1, 10_000) },
                "--seed" => options with { Seed = Int(0, int.MaxValue) },
                "--connection" => options with { ConnectionString = Value() },
                _ => throw new ArgumentException($"Unknown option '{name}'."),
            };
        }

        return options.Store == StoreKind.InMemory && options.Instances > 1
            ? throw new ArgumentException("--store inmemory runs one instance (its state is one process's); more instances need --store postgres.")
            : options;
    }
}
