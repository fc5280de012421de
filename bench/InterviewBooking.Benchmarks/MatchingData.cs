using InterviewBooking.InMemory;
using NodaTime.Testing;

namespace InterviewBooking.Benchmarks;

/// <summary>
/// Seeded, generated marketplace data for the matching benchmarks: interviewers with realistic categories, a few hundred distinct
/// skill tokens, zones around the world, weekly schedules and dated overrides, about ten active reservations each, and requests.
/// The same seed always gives the same data.
/// </summary>
public sealed class MatchingData
{
    /// <summary>Monday 7 December 2026, 12:00 UTC: "now" in every benchmark.</summary>
    public static readonly Instant Now = Instant.FromUtc(2026, 12, 7, 12, 0);

    /// <summary>
    /// A company break: every interviewer has this day and the days either side off (so it is off in every zone), and a request
    /// that day has no match and gets alternatives.
    /// </summary>
    public static readonly LocalDate Holiday = new(2026, 12, 18);

    private const int Seed = 20_261_207;

    private static readonly (string Id, int Weight)[] Zones =
    [
        ("America/Los_Angeles", 10), ("America/Denver", 3), ("America/Chicago", 6), ("America/New_York", 14), ("America/Sao_Paulo", 5),
        ("Europe/London", 10), ("Europe/Berlin", 9), ("Europe/Warsaw", 5), ("Europe/Kyiv", 3), ("Africa/Lagos", 3), ("Asia/Dubai", 3),
        ("Asia/Kolkata", 14), ("Asia/Singapore", 5), ("Asia/Shanghai", 4), ("Asia/Tokyo", 3), ("Australia/Sydney", 3),
    ];

    private static readonly string[] Categories =
    [
        "Backend", "Frontend", "Full Stack", "Mobile", "Data Engineering", "Machine Learning", "DevOps", "Site Reliability Engineering",
        "System Design", "Algorithms", "Security", "QA Automation", "Embedded", "Engineering Management",
    ];

    private static readonly string[] NamedSkills =
    [
        "Java", "JavaScript", "TypeScript", "Python", "Go", "Rust", "C#", "C++", "C", "Kotlin", "Swift", "Scala", "Ruby", "PHP", "Elixir",
        "Haskell", "Clojure", "Dart", "R", "SQL", "Spring Boot", "ASP.NET Core", "Node.js", "Express", "Django", "Flask", "FastAPI", "Rails",
        "React", "Angular", "Vue.js", "Svelte", "Next.js", "Redux", "GraphQL", "gRPC", "REST", "Kafka", "RabbitMQ", "Redis", "PostgreSQL",
        "MySQL", "MongoDB", "Cassandra", "DynamoDB", "Elasticsearch", "Snowflake", "BigQuery", "Spark", "Flink", "Airflow", "dbt", "Hadoop",
        "Pandas", "NumPy", "PyTorch", "TensorFlow", "scikit-learn", "LLMs", "Computer Vision", "NLP", "Kubernetes", "Docker", "Terraform",
        "Ansible", "AWS", "GCP", "Azure", "Linux", "Prometheus", "Grafana", "CI/CD", "GitHub Actions", "Jenkins", "iOS", "Android",
        "React Native", "Flutter", "Jetpack Compose", "SwiftUI", "Selenium", "Cypress", "Playwright", "OAuth", "Cryptography",
        "Penetration Testing", "Microservices", "Event Sourcing", "Distributed Systems", "Caching", "Concurrency", "Dynamic Programming",
        "Graphs", "Trees", "Hash Maps", "Sorting", "RTOS", "FreeRTOS", "Embedded C", "Verilog", "People Management", "Hiring", "Roadmaps",
    ];

    private static readonly WeeklyPattern[] Patterns =
    [
        new([IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday], 9, 8),
        new([IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday], 18, 3),
        new([IsoDayOfWeek.Monday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Friday], 8, 5),
        new([IsoDayOfWeek.Tuesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Saturday], 12, 6),
        new([IsoDayOfWeek.Saturday, IsoDayOfWeek.Sunday], 10, 6),
    ];

    private MatchingData(InterviewerProfile[] interviewers, string[] skills, InterviewRequest[] requests, InterviewRequest[] holidayRequests)
    {
        Interviewers = interviewers;
        SkillTokens = skills;
        Requests = requests;
        HolidayRequests = holidayRequests;
    }

    public InterviewerProfile[] Interviewers { get; }

    /// <summary>Every distinct skill name used (a few hundred).</summary>
    public string[] SkillTokens { get; }

    /// <summary>Requests for slots in the coming week (Backend, Frontend, ... weighted like the interviewers).</summary>
    public InterviewRequest[] Requests { get; }

    /// <summary>Requests for slots on <see cref="Holiday"/>, when nobody is free.</summary>
    public InterviewRequest[] HolidayRequests { get; }

    public static MatchingData Generate(int interviewerCount, int requestCount = 256)
    {
        var random = new Random(Seed);
        var skills = NamedSkills.Concat(Enumerable.Range(1, 300 - NamedSkills.Length).Select(i => $"Library {i:D3}")).ToArray();
        var zones = Zones.Select(z => (Zone: DateTimeZoneProviders.Tzdb[z.Id], z.Weight)).ToArray();
        var interviewers = new InterviewerProfile[interviewerCount];
        for (var i = 0; i < interviewerCount; i++)
        {
            var zone = Weighted(random, zones);
            var pattern = Patterns[random.Next(Patterns.Length)];
            var startHour = Math.Clamp(pattern.StartHour + random.Next(-2, 3), 0, 24 - pattern.Hours);
            var windows = pattern.Days.Select(d => new WeeklyWindow(d, new LocalTime(startHour, 0), startHour + pattern.Hours == 24 ? LocalTime.Midnight : new LocalTime(startHour + pattern.Hours, 0))).ToArray();
            List<AvailabilityOverride> overrides = [AvailabilityOverride.DayOff(Holiday.PlusDays(-1)), AvailabilityOverride.DayOff(Holiday), AvailabilityOverride.DayOff(Holiday.PlusDays(1))];
            if (random.Next(10) == 0)
            {
                overrides.Add(AvailabilityOverride.DayOff(Now.InZone(zone).Date.PlusDays(random.Next(1, 14))));
            }

            if (random.Next(20) == 0)
            {
                overrides.Add(AvailabilityOverride.ExtraWindow(Now.InZone(zone).Date.PlusDays(random.Next(1, 14)), new LocalTime(7, 0), new LocalTime(9, 0)));
            }

            interviewers[i] = new InterviewerProfile
            {
                Id = new InterviewerId($"interviewer-{i:D6}"),
                Name = $"Interviewer {i}",
                Email = $"interviewer{i}@example.com",
                Company = $"Company {random.Next(500)}",
                ExperienceYears = 2 + random.Next(20),
                SkillCategories = Pick(random, Categories, 1 + random.Next(3), skew: 1.2),
                Skills = Pick(random, skills, 4 + random.Next(5), skew: 0.9),
                TimeZone = zone,
                WeeklyAvailability = windows,
                AvailabilityOverrides = overrides,
                BufferBefore = Duration.FromMinutes(5 * random.Next(3)),
                BufferAfter = Duration.FromMinutes(5 * random.Next(4)),
                MinimumNotice = Duration.FromHours(random.Next(25)),
                BookingHorizon = Duration.FromDays(30 + random.Next(60)),
                MaxInterviewsPerDay = 3 + random.Next(6),
            };
        }

        var requests = Enumerable.Range(0, requestCount).Select(_ => Request(random, skills, Now + Duration.FromDays(1 + random.Next(7)))).ToArray();
        var holiday = Holiday.AtStartOfDayInZone(DateTimeZone.Utc).ToInstant();
        var holidayRequests = Enumerable.Range(0, requestCount).Select(_ => Request(random, skills, holiday)).ToArray();
        return new MatchingData(interviewers, skills, requests, holidayRequests);
    }

    /// <summary>Gives each interviewer about ten active reservations (holds and confirmed interviews) in the coming two weeks, inside their windows.</summary>
    public async Task ReserveAsync(IReservationStore store, int perInterviewer = 10)
    {
        var random = new Random(Seed + 1);
        foreach (var interviewer in Interviewers)
        {
            var windows = interviewer.WeeklyAvailability;
            for (var n = 0; n < perInterviewer; n++)
            {
                var window = windows[random.Next(windows.Count)];
                var today = Now.InZone(interviewer.TimeZone).Date;
                var date = today.PlusDays(random.Next(15));
                while (date.DayOfWeek != window.Day)
                {
                    date = date.PlusDays(1);
                }

                var length = (window.End == LocalTime.Midnight ? 24 : window.End.Hour) - window.Start.Hour;
                var start = date.At(window.Start.PlusMinutes(30 * random.Next(Math.Max(1, (2 * length) - 1)))).InZoneLeniently(interviewer.TimeZone).ToInstant();
                var hold = await store.TryHoldAsync(new HoldRequest(interviewer.Id, new Interval(start, start + Duration.FromHours(1)), $"seed-{random.Next()}", Now + Duration.FromDays(60)));
                if (hold.Succeeded && random.Next(10) < 7)
                {
                    await store.TryConfirmAsync(hold.Reservation!.Id, hold.Reservation.Owner);
                }
            }
        }
    }

    /// <summary>A fake clock at <see cref="Now"/>.</summary>
    public static FakeClock Clock() => new(Now);

    /// <summary>A directory holding every interviewer.</summary>
    public InMemoryInterviewerDirectory Directory()
    {
        var directory = new InMemoryInterviewerDirectory();
        directory.AddOrUpdateRange(Interviewers);
        return directory;
    }

    private static InterviewRequest Request(Random random, string[] skills, Instant day)
    {
        var hour = 6 + random.Next(14);
        var start = day + Duration.FromHours(hour) + Duration.FromMinutes(30 * random.Next(2));
        return new InterviewRequest
        {
            CandidateId = new CandidateId($"candidate-{random.Next(1_000_000)}"),
            CandidateName = "Casey Candidate",
            CandidateEmail = "casey@example.org",
            ExperienceYears = random.Next(15),
            SkillCategories = Pick(random, Categories, 1 + random.Next(2), skew: 1.2),
            Skills = Pick(random, skills, 2 + random.Next(3), skew: 0.9),
            RequestedSlot = new Interval(start, start + Duration.FromHours(1)),
            CandidateTimeZone = DateTimeZoneProviders.Tzdb["Europe/London"],
            PlanId = "mock-60",
        };
    }

    private static T Weighted<T>(Random random, (T Value, int Weight)[] choices)
    {
        var roll = random.Next(choices.Sum(c => c.Weight));
        foreach (var (value, weight) in choices)
        {
            if ((roll -= weight) < 0)
            {
                return value;
            }
        }

        return choices[^1].Value;
    }

    // Distinct picks, the first items of the list more likely (a Zipf-like skew), so popular skills are common.
    private static string[] Pick(Random random, string[] from, int count, double skew)
    {
        var picked = new List<string>(count);
        while (picked.Count < count)
        {
            var index = (int)(from.Length * Math.Pow(random.NextDouble(), 1 + skew));
            if (!picked.Contains(from[index]))
            {
                picked.Add(from[index]);
            }
        }

        return [.. picked];
    }

    private sealed record WeeklyPattern(IsoDayOfWeek[] Days, int StartHour, int Hours);
}
