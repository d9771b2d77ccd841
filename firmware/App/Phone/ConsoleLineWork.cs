using NanoPhone.App.Console;
using NanoPhone.App.Runtime;

namespace NanoPhone.App.Phone;

/// <summary>
/// One console line to run on the loop thread: the thread that reads the serial port (or stdin)
/// posts it, so that <c>set</c>, <c>status</c> and <c>register</c> touch the configuration and the
/// SIP state only from the loop.
/// </summary>
public sealed class ConsoleLineWork : ILoopWork
{
    private readonly SerialConsole _console;
    private readonly string _line;

    public ConsoleLineWork(SerialConsole console, string line)
    {
        _console = console;
        _line = line;
    }

    public void Run()
    {
        _console.Execute(_line);
    }
}
