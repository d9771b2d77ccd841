using NanoPhone.App.Console;
using NanoPhone.App.Runtime;

namespace NanoPhone.Device.Serial;

/// <summary>
/// Where the device's console lines go and its typed lines come from: the serial console on COM2
/// (<see cref="SerialConsolePort"/>), or, when that cannot be opened, nanoFramework's debug output
/// (<see cref="DebugConsolePort"/>, no input).
/// </summary>
public interface IConsolePort : IConsoleOutput
{
    /// <summary>Starts taking typed lines and posting each to <paramref name="loop"/>, where <paramref name="console"/> runs it.</summary>
    void StartReading(SerialConsole console, PhoneLoop loop);
}
