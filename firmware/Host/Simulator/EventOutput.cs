using System;
using System.IO;
using NanoPhone.App.Console;
using NanoPhone.App.Phone;

namespace NanoPhone.Host.Simulator;

/// <summary>
/// The simulator's stdout: event lines, console answers and the SIP log, one whole line at a time
/// from any thread, flushed after each line so a script reading the pipe sees it at once. When
/// stderr is a terminal it also keeps a status line there (ringer and lamps), cleared before and
/// redrawn after every line.
/// </summary>
public sealed class EventOutput : IPhoneEventSink, IConsoleOutput
{
    private readonly object _gate = new();
    private readonly TextWriter _out;
    private readonly TextWriter? _statusTerminal;
    private string _status = "";

    /// <param name="statusTerminal">Where the status line goes (a terminal), or null for none.</param>
    public EventOutput(TextWriter stdout, TextWriter? statusTerminal)
    {
        _out = stdout;
        _statusTerminal = statusTerminal;
    }

    public void WriteLine(string line)
    {
        lock (_gate)
        {
            if (_statusTerminal != null && _status.Length > 0)
            {
                _statusTerminal.Write("\r\u001b[K");
                _statusTerminal.Flush();
            }
            _out.WriteLine(line);
            _out.Flush();
            DrawStatus();
        }
    }

    public void PhoneEvent(string line) => WriteLine(line);

    /// <summary>Replaces the status line (terminal only).</summary>
    public void SetStatus(string status)
    {
        if (_statusTerminal == null) return;
        lock (_gate)
        {
            if (status == _status) return;
            _status = status;
            DrawStatus();
        }
    }

    /// <summary>Removes the status line, e.g. before exit.</summary>
    public void ClearStatus()
    {
        if (_statusTerminal == null) return;
        lock (_gate)
        {
            if (_status.Length == 0) return;
            _status = "";
            _statusTerminal.Write("\r\u001b[K");
            _statusTerminal.Flush();
        }
    }

    private void DrawStatus()
    {
        if (_statusTerminal == null || _status.Length == 0) return;
        _statusTerminal.Write("\r\u001b[K" + _status);
        _statusTerminal.Flush();
    }
}
