using InterviewBooking.LoadRun;
using InterviewBooking.Stress;

// The web API under load (bash bench/load-run.sh runs both): the web sample on 127.0.0.1, Stripe's API faked on 127.0.0.1.
// dotnet run -c Release --project bench/InterviewBooking.LoadRun -- --store inmemory --requests 3000 --duration 60
// PostgreSQL, 2 instances on one database: --store postgres --instances 2 (--connection, or INTERVIEWBOOKING_TEST_POSTGRES)
// Exit code: 0 no error and every invariant held; 1 an error or a violation; 2 bad options (or no PostgreSQL server named).
LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
    if (options.Store == StoreKind.Postgres && options.ConnectionString is null && Environment.GetEnvironmentVariable(StoreFactories.PostgresVariable) is not { Length: > 0 })
    {
        throw new ArgumentException($"--store postgres needs a server: pass --connection, or set {StoreFactories.PostgresVariable}.");
    }
}
catch (ArgumentException exception)
{
    Console.Error.WriteLine(exception.Message);
    Console.Error.WriteLine(LoadOptions.Usage);
    return 2;
}

var result = await LoadRunner.RunAsync(options, options.ConnectionString ?? Environment.GetEnvironmentVariable(StoreFactories.PostgresVariable), Console.Out);
return result.Succeeded ? 0 : 1;
