using NanoPhone.App.Console;
using NanoPhone.App.Phone;

namespace NanoPhone.Device.Serial;

/// <summary>The phone's event lines (RINGING, REGISTERED, KEY ...) on the serial console, as they happen.</summary>
public sealed class ConsoleEventSink : IPhoneEventSink
{
    private readonly IConsoleOutput _out;

    public ConsoleEventSink(IConsoleOutput output)
    {
        _out = output;
    }

    public void PhoneEvent(string line)
    {
        _out.WriteLine(line);
    }
}
