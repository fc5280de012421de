// An ASP.NET Core host embedding InterviewBooking: the candidate's booking site (Razor Pages) beside the package's JSON API, offline on
// the simulated gateway by default, on Stripe when keys are configured.
// Run: dotnet run --project samples/InterviewBooking.Sample.Web      then open http://127.0.0.1:5080/
//      (Stripe: set Stripe__SecretKey, Stripe__WebhookSecret, Stripe__SuccessUrl, Stripe__CancelUrl in the environment;
//       PostgreSQL stores and directory for several instances: set InterviewBooking__PostgreSql__ConnectionString)
using InterviewBooking.Sample.Web;

await SampleWebApp.Create(args).RunAsync();
