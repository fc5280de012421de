namespace InterviewBooking.Tests.Matching;

public sealed class SkillTokenTests
{
    [Theory]
    [InlineData("Java", "java")]
    [InlineData("  System \t  Design ", "system design")]
    [InlineData("C#", "c#")]
    [InlineData("", "")]
    [InlineData("   ", "")]
    [InlineData(null, "")]
    public void Normalize_trims_lowers_and_collapses_white_space(string? input, string expected) =>
        Assert.Equal(expected, SkillToken.Normalize(input));

    [Theory]
    [InlineData("Node.js", "node js")]
    [InlineData("node-js", "node js")]
    [InlineData("  NODE  JS ", "node js")]
    [InlineData("NodeJS", "nodejs")]          // another token: only an alias joins it to Node.js
    [InlineData("CI/CD", "ci cd")]
    [InlineData("ASP.NET Core", "asp net core")]
    [InlineData("scikit_learn", "scikit learn")]
    [InlineData("Go (Golang)", "go golang")]
    [InlineData("C#", "c#")]                  // symbols that tell languages apart stay
    [InlineData("C++", "c++")]
    [InlineData("F#", "f#")]
    [InlineData(" -.- ", "")]
    public void Separator_punctuation_is_white_space_and_other_symbols_stay(string input, string expected) =>
        Assert.Equal(expected, SkillToken.Normalize(input));

    [Theory]
    [InlineData("Java", "java", true)]
    [InlineData(" JAVA ", "java", true)]
    [InlineData("JavaScript", "java", false)]
    [InlineData("Java", "javascript", false)]
    [InlineData("Jav", "java", false)]
    [InlineData("System  Design", "system design", true)]
    [InlineData("SystemDesign", "system design", false)]
    [InlineData("System Design ", "system", false)]
    [InlineData(null, "java", false)]
    [InlineData("  ", "", true)]
    [InlineData("Node.js", "node js", true)]
    [InlineData("C", "c#", false)]
    [InlineData("C++", "c", false)]
    [InlineData("C#", "c", false)]
    public void Matches_agrees_with_comparing_normalized_tokens(string? skill, string token, bool expected)
    {
        Assert.Equal(expected, SkillToken.Matches(skill, token));
        Assert.Equal(expected, SkillToken.Normalize(skill) == token);
    }
}
