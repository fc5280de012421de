namespace InterviewBooking.Sample;

/// <summary>Twenty-four interviewers in eight time zones, each with weekday hours in their own zone.</summary>
internal static class SampleInterviewers
{
    private static readonly (string Zone, int From, int To)[] Zones =
    [
        ("America/New_York", 9, 17),
        ("Europe/London", 9, 18),
        ("Europe/Berlin", 10, 19),
        ("Asia/Kolkata", 13, 22),
        ("Asia/Tokyo", 18, 23),
        ("America/Los_Angeles", 6, 14),
        ("America/Sao_Paulo", 9, 17),
        ("Australia/Sydney", 7, 12),
    ];

    private static readonly (string Name, string Company, int Years, string[] Categories, string[] Skills)[] People =
    [
        ("John Doe", "Tech Corp", 12, ["Backend", "System Design"], ["Java", "Spring", "Kubernetes"]),
        ("Priya Raman", "Cloudscale", 9, ["Backend"], ["Go", "Kubernetes", "PostgreSQL"]),
        ("Lena Fischer", "Datenwerk", 14, ["Backend", "Data"], ["Java", "Kafka", "PostgreSQL"]),
        ("Kenji Sato", "Kaisha Systems", 7, ["Backend"], ["Java", "Kotlin"]),
        ("Maria Silva", "Pagamentos", 11, ["Backend", "System Design"], ["C#", ".NET", "Azure"]),
        ("Tom Becker", "Streamline", 5, ["Frontend"], ["JavaScript", "React", "TypeScript"]),
        ("Aisha Khan", "Finlytics", 16, ["Backend", "System Design"], ["Java", "Kubernetes", "AWS"]),
        ("Oliver Brown", "Ledgerly", 8, ["Backend"], ["Python", "Django"]),
        ("Sofia Rossi", "Appetito", 6, ["Mobile"], ["Swift", "Kotlin"]),
        ("Liam Walsh", "Harbour Tech", 13, ["Backend", "Algorithms"], ["Java", "C++"]),
        ("Chen Wei", "Pixel Labs", 10, ["Frontend", "System Design"], ["TypeScript", "React"]),
        ("Ana Costa", "Mercado Dados", 4, ["Data"], ["Python", "Spark"]),
        ("Ravi Iyer", "Bharat Cloud", 15, ["Backend", "System Design"], ["Java", "Spring", "Kafka"]),
        ("Emma Wilson", "Northwind", 9, ["Backend"], ["C#", ".NET", "SQL Server"]),
        ("Yuki Tanaka", "Sakura Soft", 12, ["Backend", "Algorithms"], ["Go", "Rust"]),
        ("Noah Smith", "Blue Harbor", 3, ["Backend"], ["Java"]),
        ("Isabella Garcia", "Soluciones", 8, ["Frontend"], ["JavaScript", "Vue"]),
        ("Hannah Müller", "Bauhaus Digital", 17, ["System Design", "Backend"], ["Java", "Scala", "Kafka"]),
        ("Arjun Mehta", "Quantum Ledger", 6, ["Data", "Backend"], ["Python", "PostgreSQL"]),
        ("Grace Lee", "Harborline", 11, ["Backend"], ["Java", "Kubernetes", "GCP"]),
        ("Lucas Martin", "Paris Fintech", 10, ["Backend", "System Design"], ["Kotlin", "Java", "Kubernetes"]),
        ("Mia Johnson", "Evergreen", 7, ["Mobile", "Frontend"], ["React Native", "TypeScript"]),
        ("Ethan Davis", "Summit Systems", 19, ["Backend", "System Design"], ["Java", "Spring", "AWS"]),
        ("Zara Ahmed", "Crescent AI", 8, ["Data", "Machine Learning"], ["Python", "PyTorch"]),
    ];

    public static IEnumerable<InterviewerProfile> All()
    {
        var weekdays = new[] { IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday };
        for (var i = 0; i < People.Length; i++)
        {
            var person = People[i];
            var (zone, from, to) = Zones[i % Zones.Length];
            yield return new InterviewerProfile
            {
                Id = new InterviewerId($"interviewer-{i + 101}"),
                Name = person.Name,
                Email = person.Name.ToLowerInvariant().Replace(' ', '.').Replace('ü', 'u') + "@" + person.Company.ToLowerInvariant().Replace(' ', '-') + ".example",
                Company = person.Company,
                ExperienceYears = person.Years,
                SkillCategories = person.Categories,
                Skills = person.Skills,
                TimeZone = DateTimeZoneProviders.Tzdb[zone],
                WeeklyAvailability = weekdays.Select(d => new WeeklyWindow(d, new LocalTime(from, 0), new LocalTime(to, 0))).ToArray(),
            };
        }
    }
}
