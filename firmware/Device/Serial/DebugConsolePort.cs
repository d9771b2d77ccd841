using NanoPhone.App.Console;
using NanoPhone.App.Runtime;

namespace NanoPhone.Device.Serial;

/// <summary>
/// The console's lines when COM2 could not be opened: nanoFramework's debug output
/// (System.Console.WriteLine, which goes over the board's USB port to Visual Studio's Output
/// window), in Release builds too. Nothing can be typed here; the phone runs on its settings.
/// </summary>
public sealed class DebugConsolePort : IConsolePort
{
    public void WriteLine(string line)
    {
        try
        {
            System.Console.WriteLine(line);
        }
        catch (System.Exception)
        {
            // Nowhere left to say it: the line is dropped, the phone goes on.
        }
    }

    public void StartReading(SerialConsole console, PhoneLoop loop)
    {
    }
}
