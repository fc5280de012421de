#!/usr/bin/env bash
# Packs every src/ project, then builds and runs a throwaway console outside the repository that references the packed
# packages from a local folder (as a user's project would) and runs the in-memory flow. Exit 0 only when the flow holds.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# A version of its own, so no package cached from an earlier run stands in for this build.
version="0.1.0-consume.$(date +%s)"

dotnet pack "$repo/InterviewBooking.sln" -c Release -o "$work/packages" -p:Version="$version" --nologo -v quiet
ls "$work/packages"/*.nupkg "$work/packages"/*.snupkg >/dev/null

mkdir -p "$work/consumer"
cat > "$work/consumer/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="interviewbooking-local" value="$work/packages" />
  </packageSources>
</configuration>
XML
cat > "$work/consumer/Consumer.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="InterviewBooking.InMemory" Version="$version" />
    <PackageReference Include="Microsoft.Extensions.DependencyInjection" Version="10.0.0" />
  </ItemGroup>
</Project>
XML
cat > "$work/consumer/Program.cs" <<'CS'
using InterviewBooking;
using InterviewBooking.InMemory;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

var services = new ServiceCollection();
services.AddInterviewBooking(o => o.Plans.Add(new InterviewPlan { Id = "mock-30", Name = "Mock", Duration = Duration.FromMinutes(30), PriceMinorUnits = 4900 }))
    .AddInMemoryStores(directory => directory.AddOrUpdate(new InterviewerProfile
    {
        Id = new InterviewerId("interviewer-1"),
        Name = "Ada",
        Email = "ada@example.com",
        ExperienceYears = 10,
        SkillCategories = ["Backend"],
        Skills = ["Java"],
        TimeZone = DateTimeZone.Utc,
        WeeklyAvailability = Enum.GetValues<IsoDayOfWeek>().Where(d => d != IsoDayOfWeek.None)
            .Select(d => new WeeklyWindow(d, LocalTime.Midnight, LocalTime.Midnight)).ToArray(),
    }))
    .AddSimulatedPayments();
using var provider = services.BuildServiceProvider();

var start = SystemClock.Instance.GetCurrentInstant().InUtc().Date.PlusDays(2).AtMidnight().InUtc().ToInstant() + Duration.FromHours(10);
var started = await provider.GetRequiredService<BookingService>().StartAsync(new InterviewRequest
{
    CandidateId = new CandidateId("candidate-1"),
    CandidateName = "Casey",
    CandidateEmail = "casey@example.org",
    ExperienceYears = 3,
    SkillCategories = ["Backend"],
    Skills = ["Java"],
    RequestedSlot = new Interval(start, start + Duration.FromMinutes(30)),
    CandidateTimeZone = DateTimeZone.Utc,
    PlanId = "mock-30",
});
var paid = provider.GetRequiredService<SimulatedPaymentGateway>().CompleteCheckout(started.Session!.Id);
var events = provider.GetRequiredService<PaymentEventProcessor>();
await events.ProcessAsync(paid);
await events.ProcessAsync(paid);
var interviews = provider.GetRequiredService<RecordingInterviewScheduler>().Interviews;
var ok = interviews.Count == 1 && interviews[0].InterviewerId == started.Session.InterviewerId;
Console.WriteLine(ok ? $"consumer: booked {interviews[0].InterviewerId} once from the packed packages" : "consumer: FAILED");
return ok ? 0 : 1;
CS

cd "$work/consumer"
dotnet run -c Release --nologo -v quiet
