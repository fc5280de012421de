namespace InterviewBooking.Tests.Matching;

public sealed class ScoringFormulaTests
{
    [Theory]
    [InlineData(5, 5, 20)]   // peer
    [InlineData(5, 8, 23)]   // 20 + gap
    [InlineData(5, 15, 30)]  // gap capped at 10
    [InlineData(5, 40, 30)]
    [InlineData(5, 4, 15)]   // 20 - 5 * 1
    [InlineData(5, 2, 5)]    // 20 - 5 * 3
    [InlineData(5, 1, 0)]    // 20 - 5 * 4
    [InlineData(30, 0, 0)]   // never negative
    [InlineData(0, 0, 20)]
    [InlineData(-3, 0, 20)]  // negative years count as none
    public void Experience_with_seniority_preference(int candidate, int interviewer, int expected) =>
        Assert.Equal(expected, ScoringInterviewerMatcher.ScoreExperience(candidate, interviewer, preferSenior: true));

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 2)]
    [InlineData(7, 14)]
    [InlineData(15, 30)]
    [InlineData(50, 30)]
    [InlineData(-2, 0)]
    public void Experience_without_seniority_preference_counts_the_interviewers_years(int interviewer, int expected)
    {
        Assert.Equal(expected, ScoringInterviewerMatcher.ScoreExperience(candidateYears: 40, interviewer, preferSenior: false));
        Assert.Equal(expected, ScoringInterviewerMatcher.ScoreExperience(candidateYears: 0, interviewer, preferSenior: false));
    }

    [Theory]
    [InlineData(new[] { "backend" }, new string[0], new[] { "Backend" }, new string[0], 40)]
    [InlineData(new[] { "backend", "data", "cloud" }, new string[0], new[] { "Backend" }, new string[0], 13)]          // 40/3 = 13.3
    [InlineData(new[] { "backend", "data", "cloud" }, new string[0], new[] { "Backend", "Data" }, new string[0], 27)]  // 80/3 = 26.7
    [InlineData(new[] { "backend", "data" }, new string[0], new[] { "Backend" }, new string[0], 20)]
    [InlineData(new[] { "backend" }, new[] { "java" }, new[] { "Backend" }, new[] { "JavaScript" }, 20)]
    [InlineData(new[] { "backend" }, new[] { "java" }, new[] { "Backend" }, new[] { "java" }, 40)]
    [InlineData(new[] { "backend" }, new[] { "java" }, new[] { "Frontend" }, new[] { "Java" }, 20)]
    [InlineData(new[] { "backend" }, new[] { "java", "go", "sql" }, new[] { "Backend" }, new[] { "Go" }, 27)]         // 20 + 20/3
    [InlineData(new[] { "backend", "data" }, new[] { "c#", "python", "sql" }, new[] { "Backend" }, new[] { "C#" }, 17)] // 10 + 6.7
    [InlineData(new[] { "backend" }, new[] { "java" }, new string[0], new string[0], 0)]
    public void Skills_score_coverage_of_what_was_asked(string[] categories, string[] skills, string[] offeredCategories, string[] offeredSkills, int expected) =>
        Assert.Equal(expected, ScoringInterviewerMatcher.ScoreSkills(categories, skills, offeredCategories, offeredSkills));

    [Fact]
    public void Skills_tolerate_an_interviewer_without_lists() =>
        Assert.Equal(0, ScoringInterviewerMatcher.ScoreSkills(["backend"], ["java"], null, null));

    [Theory]
    [InlineData(0, 6, 30)]
    [InlineData(1, 6, 25)]
    [InlineData(3, 6, 15)]
    [InlineData(5, 6, 5)]
    [InlineData(1, 4, 23)] // 22.5 rounds half up
    [InlineData(2, 3, 10)]
    [InlineData(0, 1, 30)]
    public void Availability_falls_with_the_days_load(int active, int max, int expected) =>
        Assert.Equal(expected, ScoringInterviewerMatcher.ScoreAvailability(active, max));

    [Theory]
    [InlineData(5, 8, 60, 46)]  // 23 of 30 -> 46 of 60
    [InlineData(5, 5, 10, 7)]   // 20 of 30 -> 6.67 -> 7
    [InlineData(5, 15, 0, 0)]
    [InlineData(5, 1, 100, 0)]
    public void Experience_scales_to_its_weight(int candidate, int interviewer, int weight, int expected) =>
        Assert.Equal(expected, ScoringInterviewerMatcher.ScoreExperience(candidate, interviewer, preferSenior: true, weight));

    [Theory]
    [InlineData(1, 1, 0, 0, 70, 70)]
    [InlineData(1, 2, 1, 3, 70, 29)]  // 70 * (1/2 + 1/3) / 2 = 29.17
    [InlineData(0, 1, 2, 2, 20, 10)]
    [InlineData(1, 3, 0, 0, 50, 17)]  // 16.67
    public void Skills_scale_to_their_weight(int categoriesCovered, int categoriesAsked, int skillsCovered, int skillsAsked, int weight, int expected) =>
        Assert.Equal(expected, ScoringInterviewerMatcher.SkillPoints(categoriesCovered, categoriesAsked, skillsCovered, skillsAsked, weight));

    [Theory]
    [InlineData(1, 4, 10, 8)]  // 7.5 rounds half up
    [InlineData(0, 3, 50, 50)]
    [InlineData(2, 3, 0, 0)]
    public void Availability_scales_to_its_weight(int active, int max, int weight, int expected) =>
        Assert.Equal(expected, ScoringInterviewerMatcher.AvailabilityPoints(active, max, weight));

    [Fact]
    public void A_score_takes_any_split_of_100_points_but_never_more()
    {
        var score = new MatchScore(60, 20, 20);
        Assert.Equal(100, score.Total);
        Assert.Throws<ArgumentOutOfRangeException>(() => new MatchScore(50, 40, 11));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MatchScore(-1, 40, 30));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MatchScore(int.MaxValue, int.MaxValue, 2));
    }

    [Fact]
    public async Task The_matcher_uses_the_configured_weights()
    {
        var fixture = new MatcherFixture();
        fixture.Options.ExperienceWeight = 10;
        fixture.Options.SkillsWeight = 70;
        fixture.Options.AvailabilityWeight = 20;
        fixture.Interviewers.Add(MatcherFixture.Interviewer("a", skills: ["Java"], years: 8));
        fixture.Reservations.Add(MatcherFixture.Confirmed("a", Instant.FromUtc(2026, 1, 12, 9, 0), Duration.FromHours(1)));

        var match = Assert.Single((await fixture.MatchBothWaysAsync(MatcherFixture.Request(skills: ["Java", "Kafka"], years: 5))).Matches);

        Assert.Equal(8, match.Score.Experience);    // 23 of 30 -> 7.67 of 10
        Assert.Equal(53, match.Score.Skills);       // 70 * (1/2 + 1/4) = 52.5
        Assert.Equal(17, match.Score.Availability); // 20 * 5/6 = 16.67
    }
}
