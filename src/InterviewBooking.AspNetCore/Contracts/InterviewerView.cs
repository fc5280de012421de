namespace InterviewBooking.AspNetCore.Contracts;

/// <summary>The interviewer as the candidate sees them: never their email.</summary>
/// <param name="Id">The interviewer's id.</param>
/// <param name="Name">Their name.</param>
/// <param name="Company">Their company, when given.</param>
public sealed record InterviewerView(string Id, string Name, string? Company);
