namespace InterviewBooking.Sample.Web;

/// <summary>
/// The sample's own settings (section <c>Sample</c>): which stores it runs on, and whether it adds the sample interviewers to the directory.
/// </summary>
/// <param name="UsesPostgreSql">Whether <c>InterviewBooking:PostgreSql:ConnectionString</c> is set: the PostgreSQL stores and directory, shared by every instance on that database.</param>
/// <param name="SeedInterviewers">Adds the sample interviewers at start-up (<c>Sample:SeedInterviewers</c>, default on); the load run turns it off and writes its own.</param>
public sealed record SampleSettings(bool UsesPostgreSql, bool SeedInterviewers)
{
    /// <summary>Reads the settings from the host's configuration.</summary>
    /// <param name="configuration">The host's configuration.</param>
    public static SampleSettings From(IConfiguration configuration) => new(
        !string.IsNullOrWhiteSpace(configuration["InterviewBooking:PostgreSql:ConnectionString"]),
        configuration.GetValue("Sample:SeedInterviewers", defaultValue: true));
}
