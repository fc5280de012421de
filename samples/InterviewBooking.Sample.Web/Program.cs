// An ASP.NET Core host embedding InterviewBooking: offline on the simulated gateway by default, on Stripe when keys are configured.
// Run: dotnet run --project samples/InterviewBooking.Sample.Web
//      (Stripe: set Stripe__SecretKey, Stripe__WebhookSecret, Stripe__SuccessUrl, Stripe__CancelUrl in the environment)
using InterviewBooking.Sample.Web;

await SampleWebApp.Create(args).RunAsync();
