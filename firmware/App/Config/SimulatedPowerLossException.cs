namespace NanoPhone.App.Config;

/// <summary>Thrown by <see cref="MemoryConfigStorage"/> where it simulates the power going off.</summary>
public sealed class SimulatedPowerLossException : System.Exception
{
    public SimulatedPowerLossException(string message) : base(message) { }
}
