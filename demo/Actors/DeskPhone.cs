using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using NanoPhone.Tests.Peers;

namespace NanoPhone.Demo.Actors;

/// <summary>A line the simulator printed on stdout, and when the demo read it.</summary>
public sealed record PhoneLine(int Index, DateTime AtUtc, string Text)
{
    public override string ToString() => Text;
}

/// <summary>
/// Linda's desk phone: this firmware in the simulator, <c>dotnet nanophone.dll run --set ...</c>, as a
/// child process. Commands go to its stdin (the console, <c>key K</c>, <c>quit</c>); its event lines
/// (REGISTERED, RINGING, RINGER ON/OFF, ANSWERED ELSEWHERE, ...) are read from stdout with the time
/// they arrived. Stopped by PID: <c>quit</c> (it un-registers), then SIGTERM, then SIGKILL, each wait bounded.
/// </summary>
public sealed class DeskPhone : IDisposable
{
    private readonly Process _process;
    private readonly object _gate = new();
    private readonly List<PhoneLine> _lines = new();
    private readonly StreamWriter _log;
    private readonly Thread _outReader;
    private readonly Thread _errReader;
    private bool _outDone;
    private bool _stopped;

    public int Pid { get; }
    public string LogPath { get; }

    private DeskPhone(Process process, string logPath)
    {
        _process = process;
        Pid = process.Id;
        LogPath = logPath;
        _log = new StreamWriter(new FileStream(logPath, FileMode.Create, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        _outReader = Reader(process.StandardOutput, isError: false);
        _errReader = Reader(process.StandardError, isError: true);
    }

    /// <summary>Starts the simulator with <c>--set</c> for each of <paramref name="settings"/>.</summary>
    public static DeskPhone Start(string hostDll, IEnumerable<string> settings, string logPath)
    {
        if (!File.Exists(hostDll))
            throw new FileNotFoundException($"the desktop host is not built ({hostDll}); ./nanophone demo builds it", hostDll);
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is string p && File.Exists(p)
            ? p : PeerProcess.ResolveTool("dotnet");
        var psi = new ProcessStartInfo(dotnet)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
        };
        psi.ArgumentList.Add(hostDll);
        psi.ArgumentList.Add("run");
        foreach (string s in settings) { psi.ArgumentList.Add("--set"); psi.ArgumentList.Add(s); }
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start the simulator");
        process.StandardInput.AutoFlush = true;
        process.StandardInput.NewLine = "\n";
        return new DeskPhone(process, logPath);
    }

    public bool HasExited
    {
        get { try { return _process.HasExited; } catch (InvalidOperationException) { return true; } }
    }

    /// <summary>The index the next stdout line will get: pass it to <see cref="WaitFor"/> or <see cref="LinesFrom"/>.</summary>
    public int Mark { get { lock (_gate) return _lines.Count; } }

    public IReadOnlyList<PhoneLine> LinesFrom(int index)
    {
        lock (_gate) return _lines.Skip(index).ToList();
    }

    /// <summary>Types a line on the phone's console.</summary>
    public void Type(string line)
    {
        lock (_gate) _log.WriteLine("> " + line);
        try { _process.StandardInput.WriteLine(line); }
        catch (IOException e) { throw new InvalidOperationException("the desk phone is gone: " + e.Message, e); }
    }

    /// <summary>
    /// The first stdout line at or after <paramref name="from"/> that matches; waits for it, bounded.
    /// Throws TimeoutException naming <paramref name="what"/> and the last lines.
    /// </summary>
    public PhoneLine WaitFor(int from, Func<string, bool> match, TimeSpan timeout, string what, CancellationToken cancel)
    {
        var found = TryWaitFor(from, match, timeout, cancel);
        if (found != null) return found;
        throw new TimeoutException($"the desk phone did not say {what} within {timeout.TotalSeconds:0} s; it said:\n  " +
            string.Join("\n  ", LinesFrom(Math.Max(0, from - 2)).Select(l => l.Text).TakeLast(15)));
    }

    /// <summary>As <see cref="WaitFor"/>, but null on timeout.</summary>
    public PhoneLine? TryWaitFor(int from, Func<string, bool> match, TimeSpan timeout, CancellationToken cancel)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        lock (_gate)
        {
            int next = from;
            while (true)
            {
                for (; next < _lines.Count; next++)
                    if (match(_lines[next].Text)) return _lines[next];
                cancel.ThrowIfCancellationRequested();
                TimeSpan left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || _outDone) return null;
                Monitor.Wait(_gate, left < TimeSpan.FromMilliseconds(100) ? left : TimeSpan.FromMilliseconds(100));
            }
        }
    }

    /// <summary>Lines on stderr are logged; the demo shows the log's path when something went wrong.</summary>
    private Thread Reader(StreamReader from, bool isError)
    {
        var t = new Thread(() =>
        {
            try
            {
                string? line;
                while ((line = from.ReadLine()) != null)
                {
                    lock (_gate)
                    {
                        _log.WriteLine((isError ? "! " : "< ") + line);
                        if (!isError) _lines.Add(new PhoneLine(_lines.Count, DateTime.UtcNow, line));
                        Monitor.PulseAll(_gate);
                    }
                }
            }
            catch (IOException) { }
            catch (ObjectDisposedException) { }
            lock (_gate)
            {
                if (!isError) _outDone = true;
                Monitor.PulseAll(_gate);
            }
        }) { IsBackground = true, Name = isError ? "desk phone stderr" : "desk phone stdout" };
        t.Start();
        return t;
    }

    /// <summary>quit (un-REGISTER, at most 2 s in the phone), then SIGTERM, then SIGKILL; every wait bounded.</summary>
    public void Stop()
    {
        if (_stopped) return;
        _stopped = true;
        if (!HasExited)
        {
            try
            {
                _process.StandardInput.WriteLine("quit");
                _process.StandardInput.Close();
            }
            catch (IOException) { }
            catch (ObjectDisposedException) { }
            if (!_process.WaitForExit(6000))
            {
                PeerSignal(PeerProcess.SIGTERM);
                if (!_process.WaitForExit(3000))
                {
                    try { _process.Kill(); } catch (InvalidOperationException) { } catch (Win32Exception) { }
                    _process.WaitForExit(5000);
                }
            }
        }
        _outReader.Join(2000);
        _errReader.Join(2000);
    }

    private void PeerSignal(int signal)
    {
        if (!HasExited) NativeMethods.Kill(Pid, signal);
    }

    public void Dispose()
    {
        Stop();
        lock (_gate) _log.Dispose();
        _process.Dispose();
    }

    private static class NativeMethods
    {
        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
        public static extern int Kill(int pid, int sig);
    }
}
