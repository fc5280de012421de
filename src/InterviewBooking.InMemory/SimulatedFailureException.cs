namespace InterviewBooking.InMemory;

/// <summary>A failure a simulated adapter was told to produce (<see cref="SimulatedPaymentGateway.FailNextCheckouts"/>, say).</summary>
public sealed class SimulatedFailureException : Exception
{
    /// <summary>Creates the error.</summary>
    public SimulatedFailureException() { }

    /// <summary>Creates the error with a message.</summary>
    public SimulatedFailureException(string message) : base(message) { }

    /// <summary>Creates the error with a message and its cause.</summary>
    public SimulatedFailureException(string message, Exception innerException) : base(message, innerException) { }
}
