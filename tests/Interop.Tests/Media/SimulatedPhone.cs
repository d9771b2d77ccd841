using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using NanoPhone.Tests.Peers;

namespace NanoPhone.Interop.Tests.Media;

/// <summary>
/// The whole phone as a user runs it: the desktop simulator (<c>dotnet nanophone.dll run --set ...</c>)
/// with its RTP sockets, its 20 ms audio clock, <c>audio.in</c> and <c>audio.out</c>. The test types
/// console lines and key presses on its stdin and waits (bounded) for its event lines on stdout.
/// Stopped by PID: <c>quit</c>, then a kill after a bounded wait.
/// </summary>
public sealed class SimulatedPhone : IDisposable
{
    private readonly Process _process;
    private readonly object _gate = new();
    private readonly List<string> _lines = new();
    private readonly List<DateTime> _times = new();
    private readonly Thread _out;
    private readonly Thread _err;
    private int _taken;

    public SimulatedPhone(IEnumerable<string> settings)
    {
        var psi = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is string p && File.Exists(p) ? p : "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.ArgumentList.Add(HostDll);
        psi.ArgumentList.Add("run");
        foreach (string s in settings)
        {
            psi.ArgumentList.Add("--set");
            psi.ArgumentList.Add(s);
        }
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        _process = Process.Start(psi) ?? throw new InvalidOperationException("could not start the simulator");
        _process.StandardInput.AutoFlush = true;
        _process.StandardInput.NewLine = "\n";
        _out = Reader(_process.StandardOutput, "");
        _err = Reader(_process.StandardError, "stderr: ");
    }

    public int Pid => _process.Id;

    /// <summary>The desktop host built beside this test assembly (same configuration).</summary>
    public static string HostDll
    {
        get
        {
            string configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "nanophone.slnx"))) dir = dir.Parent;
            if (dir == null) throw new DirectoryNotFoundException("repository root not found above " + AppContext.BaseDirectory);
            string dll = Path.Combine(dir.FullName, "firmware", "Host", "bin", configuration, "net10.0", "nanophone.dll");
            if (!File.Exists(dll)) throw new FileNotFoundException("the desktop host is not built: dotnet build firmware/Host", dll);
            return dll;
        }
    }

    public List<string> Lines { get { lock (_gate) return _lines.ToList(); } }

    public void Type(string line) => _process.StandardInput.WriteLine(line);

    /// <summary>The next line (after the ones earlier waits took) that matches; fails with everything printed on timeout.</summary>
    public Match WaitFor(string regex, TimeSpan timeout) => WaitForLine(regex, timeout).Match;

    /// <summary>As <see cref="WaitFor"/>, with when the line was read.</summary>
    public (Match Match, DateTime AtUtc) WaitForLine(string regex, TimeSpan timeout)
    {
        var re = new Regex(regex);
        var deadline = DateTime.UtcNow + timeout;
        lock (_gate)
        {
            while (true)
            {
                for (int i = _taken; i < _lines.Count; i++)
                {
                    Match m = re.Match(_lines[i]);
                    if (!m.Success) continue;
                    _taken = i + 1;
                    return (m, _times[i]);
                }
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || _process.HasExited)
                    throw new TimeoutException($"no line /{regex}/ from the phone within {timeout.TotalSeconds:0.#} s:\n" + string.Join("\n", _lines));
                Monitor.Wait(_gate, left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
            }
        }
    }

    /// <summary>Every line so far that matches (whether or not a wait took it).</summary>
    public List<string> All(string regex) => Lines.Where(l => Regex.IsMatch(l, regex)).ToList();

    private Thread Reader(StreamReader r, string prefix)
    {
        var t = new Thread(() =>
        {
            string? line;
            while ((line = r.ReadLine()) != null)
            {
                lock (_gate)
                {
                    _lines.Add(prefix + line);
                    _times.Add(DateTime.UtcNow);
                    Monitor.PulseAll(_gate);
                }
            }
        }) { IsBackground = true };
        t.Start();
        return t;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                Type("quit");
                if (!_process.WaitForExit(4000)) _process.Kill(entireProcessTree: true);
            }
        }
        catch (IOException) { }
        catch (InvalidOperationException) { }
        _process.WaitForExit(2000);
        _out.Join(2000);
        _err.Join(2000);
        _process.Dispose();
    }
}
