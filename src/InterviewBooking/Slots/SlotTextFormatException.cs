namespace InterviewBooking;

/// <summary>Slot text that <see cref="SlotText.Parse"/> cannot read; the message says what is wrong.</summary>
public sealed class SlotTextFormatException : FormatException
{
    /// <summary>Creates the error.</summary>
    public SlotTextFormatException() { }

    /// <summary>Creates the error with a message.</summary>
    public SlotTextFormatException(string message) : base(message) { }

    /// <summary>Creates the error with a message and its cause.</summary>
    public SlotTextFormatException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the error for a text and its problem.</summary>
    public SlotTextFormatException(string? text, string problem)
        : base($"Cannot read slot \"{text}\": {problem}.")
    {
        Text = text;
        Problem = problem;
    }

    /// <summary>Creates the error for a text whose local time the zone skips or repeats.</summary>
    public SlotTextFormatException(string? text, string problem, SlotTextTransition transition)
        : this(text, problem) => Transition = transition;

    /// <summary>The text that was read.</summary>
    public string? Text { get; }

    /// <summary>What is wrong with it.</summary>
    public string? Problem { get; }

    /// <summary>
    /// The zone's transition when a local time of the text does not exist (a gap) or occurs twice without an offset saying which;
    /// otherwise <see langword="null"/>.
    /// </summary>
    public SlotTextTransition? Transition { get; }
}
