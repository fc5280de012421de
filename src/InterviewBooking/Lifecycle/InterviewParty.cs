namespace InterviewBooking;

/// <summary>Who acted on an interview (canceled it, say): the policies depend on who was at fault.</summary>
public enum InterviewParty
{
    /// <summary>The candidate who booked.</summary>
    Candidate = 0,

    /// <summary>The interviewer booked.</summary>
    Interviewer = 1,

    /// <summary>The marketplace's operator (support staff, an admin tool).</summary>
    Operator = 2,
}
