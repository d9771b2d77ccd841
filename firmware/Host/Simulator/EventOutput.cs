using System;
using System.IO;
using System.Threading;
using NanoPhone.App.Console;
using NanoPhone.App.Phone;

namespace NanoPhone.Host.Simulator;

/// <summary>
/// The simulator's stdout: event lines, console answers and the SIP log, one whole line at a time
/// from any thread. A line is flushed at once, so a script reading the pipe sees it at once, except
/// the lines of the thread that asked to hold its lines back (<see cref="HoldLinesOfThisThread"/>:
/// the loop thread, whose turn may write several lines): those wait for <see cref="Flush"/>, which
/// that thread calls before it waits for the next datagram (<see cref="SipSocket"/> does), so they
/// leave in one write per turn instead of one per line; at most <see cref="MaxHeldLines"/> are held.
/// When stderr is a terminal it also keeps a status line there (ringer and lamps), cleared before
/// and redrawn after every line; then nothing is held back.
/// </summary>
public sealed class EventOutput : IPhoneEventSink, IConsoleOutput
{
    /// <summary>Most lines held back before they are written anyway.</summary>
    public const int MaxHeldLines = 64;

    private readonly object _gate = new();
    private readonly TextWriter _out;
    private readonly TextWriter? _statusTerminal;
    private string _status = "";
    private volatile Thread? _holder;
    private volatile bool _holding;     // lines written and not yet flushed
    private int _held;
    private long _heldSinceMs;

    /// <param name="statusTerminal">Where the status line goes (a terminal), or null for none.</param>
    public EventOutput(TextWriter stdout, TextWriter? statusTerminal)
    {
        _out = stdout;
        _statusTerminal = statusTerminal;
    }

    /// <summary>True when a status line is kept on a terminal (<see cref="SetStatus"/> does something).</summary>
    public bool HasStatusLine => _statusTerminal != null;

    /// <summary>True while lines wait for <see cref="Flush"/>.</summary>
    public bool HoldsLines => _holding;

    /// <summary>How long the oldest line held back has waited (0 when none is).</summary>
    public long HeldForMs => _holding ? Environment.TickCount64 - _heldSinceMs : 0;

    /// <summary>
    /// From now on the calling thread's lines are held back until <see cref="Flush"/> (up to
    /// <see cref="MaxHeldLines"/>); the thread must flush before it waits. One thread at a time: the
    /// previous one's held lines are written now. Ignored when a status line is kept on a terminal.
    /// </summary>
    public void HoldLinesOfThisThread()
    {
        if (_statusTerminal != null) return;
        lock (_gate)
        {
            FlushLocked();
            _holder = Thread.CurrentThread;
        }
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
            if (_holder == Thread.CurrentThread && _held < MaxHeldLines - 1)
            {
                if (_held++ == 0) _heldSinceMs = Environment.TickCount64;
                _holding = true;
            }
            else
            {
                FlushLocked();
            }
            DrawStatus();
        }
    }

    /// <summary>Writes out the lines held back (any thread).</summary>
    public void Flush()
    {
        lock (_gate) FlushLocked();
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

    private void FlushLocked()
    {
        _out.Flush();
        _held = 0;
        _holding = false;
    }

    private void DrawStatus()
    {
        if (_statusTerminal == null || _status.Length == 0) return;
        _statusTerminal.Write("\r\u001b[K" + _status);
        _statusTerminal.Flush();
    }
}
