using NanoPhone.App.Console;
using NanoPhone.App.Runtime;

namespace NanoPhone.Device.Serial;

/// <summary>Opens a console port on its pins (the device's: COM2, routed to them).</summary>
public interface IConsolePortOpener
{
    /// <summary>The open port; throws when it cannot be opened.</summary>
    IConsolePort Open(ConsolePins pins);
}

/// <summary>
/// The console is the first thing the device opens, so that every later problem shows there; but
/// a console that cannot be opened (pins taken, UART busy, a driver fault) must not stop the SIP
/// phone. It is then one line on the fallback (the debug output over USB), which takes the
/// console's lines from there on, and the phone goes on without input.
/// </summary>
public static class ConsoleStart
{
    /// <summary>The opened port, or <paramref name="fallback"/> after one line that says why not.</summary>
    public static IConsolePort Open(IConsolePortOpener opener, ConsolePins pins, IConsolePort fallback)
    {
        string why;
        try
        {
            IConsolePort port = opener.Open(pins);
            if (port != null) return port;
            why = "no port";
        }
        catch (System.Exception e)
        {
            why = Describe(e);
        }
        fallback.WriteLine("console: COM2 (RX GPIO" + pins.Rx.ToString() + ", TX GPIO" + pins.Tx.ToString() + ") could not be opened: "
            + why + "; the phone goes on without a console, its lines go to the debug output");
        return fallback;
    }

    /// <summary>Starts the port's reading; a failure is one line on the port and the phone goes on without input.</summary>
    public static bool StartReading(IConsolePort port, SerialConsole console, PhoneLoop loop)
    {
        try
        {
            port.StartReading(console, loop);
            return true;
        }
        catch (System.Exception e)
        {
            port.WriteLine("console: cannot read typed lines: " + Describe(e) + "; the phone goes on without console input");
            return false;
        }
    }

    /// <summary>The exception's message, or its type's name when it has none (nanoFramework's often have none).</summary>
    public static string Describe(System.Exception e)
    {
        string message = e.Message;
        return message != null && message.Length > 0 ? message : e.GetType().FullName;
    }
}
