using System.Globalization;

namespace InterviewBooking.Stress;

/// <summary>Which store adapter the simulated hosts share.</summary>
internal enum StoreKind
{
    InMemory,
    Postgres,
}

/// <summary>The command line: <c>--store inmemory|postgres --instances K --candidates M --fault-rate R --seed S --json FILE</c>.</summary>
internal sealed record StressOptions
{
    public const string Usage =
        "usage: InterviewBooking.Stress [--store inmemory|postgres] [--instances K] [--candidates M] [--interviewers N] "
        + "[--fault-rate 0..0.5] [--seed S] [--parallelism P] [--json FILE] [--connection NPGSQL-CONNECTION-STRING]";

    public StoreKind Store { get; init; } = StoreKind.InMemory;

    /// <summary>Host instances: separate service providers over one shared store.</summary>
    public int Instances { get; init; } = 1;

    public int Candidates { get; init; } = 1000;

    /// <summary>Interviewers; by default one for every 20 candidates (at least 12).</summary>
    public int? Interviewers { get; init; }

    /// <summary>The share of store, scheduler, notifier and Stripe API calls that fail transiently.</summary>
    public double FaultRate { get; init; } = 0.05;

    public int Seed { get; init; } = 7;

    /// <summary>How many simulated calls run at once within one instant of simulated time.</summary>
    public int Parallelism { get; init; } = Math.Max(4, Environment.ProcessorCount * 4);

    public string? JsonPath { get; init; }

    /// <summary>For <c>--store postgres</c>; by default the <c>INTERVIEWBOOKING_TEST_POSTGRES</c> variable.</summary>
    public string? ConnectionString { get; init; }

    public int InterviewerCount => Interviewers ?? Math.Max(12, Candidates / 20);

    /// <exception cref="ArgumentException">An option is unknown, lacks its value, or is out of range.</exception>
    public static StressOptions Parse(IReadOnlyList<string> args)
    {
        var options = new StressOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            int Int(int min, int max)
            {
                var text = Value();
                return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
                    ? value
                    : throw new ArgumentException($"{name} must be a whole number from {min} to {max} (got \"{text}\").");
            }

            options = name switch
            {
                "--store" => options with
                {
                    Store = Value() switch
                    {
                        "inmemory" => StoreKind.InMemory,
                        "postgres" => StoreKind.Postgres,
                        var other => throw new ArgumentException($"--store must be inmemory or postgres (got \"{other}\")."),
                    },
                },
                "--instances" => options with { Instances = Int(1, 16) },
                "--candidates" => options with { Candidates = Int(1, 200_000) },
                "--interviewers" => options with { Interviewers = Int(1, 100_000) },
                "--seed" => options with { Seed = Int(int.MinValue, int.MaxValue) },
                "--parallelism" => options with { Parallelism = Int(1, 1024) },
                "--fault-rate" => options with { FaultRate = Rate(name, Value()) },
                "--json" => options with { JsonPath = Value() },
                "--connection" => options with { ConnectionString = Value() },
                _ => throw new ArgumentException($"Unknown option \"{name}\"."),
            };
        }

        return options;
    }

    private static double Rate(string name, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) && rate is >= 0 and <= 0.5
            ? rate
            : throw new ArgumentException($"{name} must be a number from 0 to 0.5 (got \"{text}\").");
}
