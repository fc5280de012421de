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

    /// <summary>The text that was read.</summary>
    public string? Text { get; }

    /// <summary>What is wrong with it.</summary>
    public string? Problem { get; }
}
