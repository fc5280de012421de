using static InterviewBooking.Tests.Matching.MatcherFixture;

namespace InterviewBooking.Tests.Matching;

/// <summary>Aliases (<see cref="InterviewBookingOptions.SkillAliases"/>) and punctuation in matching, through a plain directory and the index.</summary>
public sealed class SkillAliasTests
{
    private readonly MatcherFixture _fixture = new();

    private async Task<InterviewerMatch?> MatchOneAsync(InterviewRequest request) =>
        (await _fixture.MatchBothWaysAsync(request)).Matches.SingleOrDefault();

    [Theory]
    [InlineData("JS", "JavaScript")]
    [InlineData("JavaScript", "JS")]
    [InlineData("js", "JAVASCRIPT")]
    [InlineData("k8s", "Kubernetes")]
    [InlineData("Golang", "Go")]
    [InlineData("NodeJS", "node.js")]
    public async Task An_alias_and_its_usual_name_are_one_skill(string offered, string asked)
    {
        _fixture.Interviewers.Add(Interviewer("a", skills: [offered]));

        Assert.Equal(40, (await MatchOneAsync(Request(skills: [asked])))!.Score.Skills);
    }

    [Fact]
    public async Task An_alias_never_joins_tokens_it_does_not_name()
    {
        _fixture.Interviewers.Add(Interviewer("a", skills: ["JS"]));

        Assert.Equal(20, (await MatchOneAsync(Request(skills: ["Java"])))!.Score.Skills);
    }

    [Fact]
    public async Task Asking_for_an_alias_and_its_name_asks_once_and_listing_both_covers_once()
    {
        _fixture.Interviewers.Add(Interviewer("a", skills: ["JS", "JavaScript"]));

        // One distinct skill asked, covered: 40. Were "JS" and "JavaScript" two skills, this would still be 40; add one uncovered to see it.
        Assert.Equal(30, (await MatchOneAsync(Request(skills: ["JS", "JavaScript", "Rust"])))!.Score.Skills); // 40 * (1/2 + 1/4)
    }

    [Fact]
    public async Task The_primary_domain_gate_follows_aliases()
    {
        _fixture.Interviewers.Add(Interviewer("sre", categories: ["SRE"]));
        _fixture.Interviewers.Add(Interviewer("full", categories: ["Site-Reliability Engineering"]));
        _fixture.Interviewers.Add(Interviewer("ops", categories: ["DevOps"]));

        var result = await _fixture.MatchBothWaysAsync(Request(categories: ["site reliability engineering"]));

        Assert.Equal(["full", "sre"], Ids(result.Matches));
    }

    [Fact]
    public async Task Aliases_added_at_run_time_apply_to_the_next_match_without_re_indexing()
    {
        _fixture.Interviewers.Add(Interviewer("a", skills: ["ReactJS"]));
        var indexed = _fixture.CreateIndexedMatcher();
        Assert.Equal(20, (await indexed.MatchAsync(Request(skills: ["React"]), 5)).Matches[0].Score.Skills);

        _fixture.Options.SkillAliases["ReactJS"] = "React";

        Assert.Equal(40, (await indexed.MatchAsync(Request(skills: ["React"]), 5)).Matches[0].Score.Skills);
    }

    [Fact]
    public async Task Without_aliases_every_token_stands_alone()
    {
        _fixture.Options.SkillAliases.Clear();
        _fixture.Interviewers.Add(Interviewer("a", skills: ["JS"]));

        Assert.Equal(20, (await MatchOneAsync(Request(skills: ["JavaScript"])))!.Score.Skills);
    }

    [Theory]
    [InlineData("C", "C#", 20)]
    [InlineData("C++", "C", 20)]
    [InlineData("Node.js", "node js", 40)]
    [InlineData("CI/CD", "ci-cd", 40)]
    public async Task Punctuation_separates_words_but_never_merges_languages(string offered, string asked, int skills)
    {
        _fixture.Interviewers.Add(Interviewer("a", skills: [offered]));

        Assert.Equal(skills, (await MatchOneAsync(Request(skills: [asked])))!.Score.Skills);
    }
}
