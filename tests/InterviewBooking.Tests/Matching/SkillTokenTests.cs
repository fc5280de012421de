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
    public void Matches_agrees_with_comparing_normalized_tokens(string? skill, string token, bool expected)
    {
        Assert.Equal(expected, SkillToken.Matches(skill, token));
        Assert.Equal(expected, SkillToken.Normalize(skill) == token);
    }
}
