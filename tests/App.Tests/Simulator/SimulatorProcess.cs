using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using NanoPhone.Sip.Tests;

namespace NanoPhone.App.Tests.Simulator;

/// <summary>
/// The real desktop host, <c>dotnet nanophone.dll run ...</c>, as a child process: the test types
/// lines on its stdin and waits (bounded) for lines on its stdout. Disposing closes stdin and kills
/// the process if it has not exited by then.
/// </summary>
public sealed class SimulatorProcess : IDisposable
{
    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly object _gate = new();
    private readonly List<string> _out = new();
    private readonly List<string> _err = new();
    private readonly Thread _outReader;
    private readonly Thread _errReader;
    private int _next;

    public SimulatorProcess(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(HostDll);
        foreach (string a in args) start.ArgumentList.Add(a);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        _process.StandardInput.AutoFlush = true;
        _process.StandardInput.NewLine = "\n";
        _outReader = Reader(_process.StandardOutput, _out);
        _errReader = Reader(_process.StandardError, _err);
    }

    /// <summary>The host built next to this test assembly's configuration (Debug or Release).</summary>
    public static string HostDll
    {
        get
        {
            string configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
            string dll = RepoPaths.Of(Path.Combine("firmware", "Host", "bin", configuration, "net10.0", "nanophone.dll"));
            if (!File.Exists(dll)) throw new FileNotFoundException("the desktop host is not built: dotnet build firmware/Host", dll);
            return dll;
        }
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Everything printed on stdout so far.</summary>
    public List<string> Output { get { lock (_gate) return _out.ToList(); } }

    /// <summary>Everything printed on stderr so far.</summary>
    public List<string> Errors { get { lock (_gate) return _err.ToList(); } }

    /// <summary>Types a line.</summary>
    public void Type(string line) => _process.StandardInput.WriteLine(line);

    /// <summary>Ends stdin (Ctrl-D).</summary>
    public void CloseInput() => _process.StandardInput.Close();

    /// <summary>
    /// Waits for the next stdout line (after those already taken by earlier waits) that matches,
    /// and returns it; lines before it are skipped. Fails with the whole output on timeout.
    /// </summary>
    public string WaitFor(string regex, TimeSpan? timeout = null)
    {
        var re = new Regex(regex);
        DateTime deadline = DateTime.UtcNow + (timeout ?? DefaultWait);
        lock (_gate)
        {
            while (true)
            {
                for (; _next < _out.Count; _next++)
                {
                    if (re.IsMatch(_out[_next])) return _out[_next++];
                }
                TimeSpan left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || (_process.HasExited && _outDone))
                    throw new TimeoutException("no line matching /" + regex + "/ on the simulator's stdout.\nstdout:\n  "
                        + string.Join("\n  ", _out) + "\nstderr:\n  " + string.Join("\n  ", _err));
                Monitor.Wait(_gate, left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
            }
        }
    }

    /// <summary>Waits for the process to exit and returns its status; fails on timeout.</summary>
    public int WaitForExit(TimeSpan? timeout = null)
    {
        if (!_process.WaitForExit((int)(timeout ?? DefaultWait).TotalMilliseconds))
            throw new TimeoutException("the simulator did not exit.\nstdout:\n  " + string.Join("\n  ", Output));
        _process.WaitForExit();
        _outReader.Join(2000);
        _errReader.Join(2000);
        return _process.ExitCode;
    }

    private volatile bool _outDone;

    private Thread Reader(StreamReader from, List<string> into)
    {
        var t = new Thread(() =>
        {
            string? line;
            while ((line = from.ReadLine()) != null)
            {
                lock (_gate)
                {
                    into.Add(line);
                    Monitor.PulseAll(_gate);
                }
            }
            lock (_gate)
            {
                if (into == _out) _outDone = true;
                Monitor.PulseAll(_gate);
            }
        }) { IsBackground = true };
        t.Start();
        return t;
    }

    public void Dispose()
    {
        try { _process.StandardInput.Close(); } catch (Exception) { }
        if (!_process.WaitForExit(3000))
        {
            try { _process.Kill(entireProcessTree: true); } catch (Exception) { }
            _process.WaitForExit(3000);
        }
        _process.Dispose();
    }
}
