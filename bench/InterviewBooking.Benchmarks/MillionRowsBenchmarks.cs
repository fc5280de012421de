namespace InterviewBooking.Benchmarks;

public class MillionRowsBenchmarks
{
    public const int Sessions = 1_000_000;
    public const string FullSchema = "ib_bench_million";
}
