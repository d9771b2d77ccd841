// SIPp (Debian sip-tester) runs of the scenarios in tests/peers/sipp/, on 127.0.0.1.
#nullable enable

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace NanoPhone.Tests.Peers;

/// <summary>One SIPp invocation. Remote null = a UAS that only listens.</summary>
public sealed class SippOptions
{
    /// <summary>Scenario file: a full path, or a file name under tests/peers/sipp/.</summary>
    public string Scenario { get; set; } = "";

    /// <summary>Local SIP port (always passed as -p).</summary>
    public int LocalPort { get; set; }

    /// <summary>"127.0.0.1:5070" for a UAC; null for a UAS.</summary>
    public string? Remote { get; set; }

    /// <summary>-s: the [service] user (e.g. the user to register or to call).</summary>
    public string? Service { get; set; }

    /// <summary>-au / -ap: credentials used by [authentication].</summary>
    public string? AuthUser { get; set; }
    public string? AuthPassword { get; set; }

    /// <summary>-key name value pairs ([name] in the scenario).</summary>
    public IDictionary<string, string> Keys { get; } = new Dictionary<string, string>();

    /// <summary>-m: calls before SIPp exits (default 1).</summary>
    public int Calls { get; set; } = 1;

    /// <summary>-d: pause length in ms used by &lt;pause/&gt; (default SIPp's own).</summary>
    public int? PauseMs { get; set; }

    /// <summary>Hard limit for the whole run; SIPp also gets -timeout (this minus 1 s) -timeout_error.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>-t: u1 (UDP, default), t1 (TCP).</summary>
    public string Transport { get; set; } = "u1";

    /// <summary>Anything else, appended verbatim.</summary>
    public IList<string> ExtraArgs { get; } = new List<string>();

    /// <summary>
    /// Folder for the traces; default: a new scratch folder, kept after the run so the trace
    /// paths in SippResult stay valid (PeerPaths sweeps scratch folders older than 6 h).
    /// </summary>
    public string? WorkDir { get; set; }
}

/// <summary>Outcome of a SIPp run. ExitCode 0 = every call succeeded (1 = some failed, 255 = fatal).</summary>
public sealed class SippResult
{
    public int ExitCode { get; }
    public bool TimedOut { get; }
    public string Stdout { get; }
    public string Stderr { get; }
    /// <summary>-trace_msg output: every message sent/received.</summary>
    public string MessageTracePath { get; }
    /// <summary>-trace_err output: unexpected messages and errors.</summary>
    public string ErrorTracePath { get; }
    public string CommandLine { get; }

    public bool Succeeded => ExitCode == 0 && !TimedOut;

    public string MessageTrace => ReadIfExists(MessageTracePath);
    public string ErrorTrace => ReadIfExists(ErrorTracePath);

    internal SippResult(int exitCode, bool timedOut, string stdout, string stderr, string msgPath, string errPath, string commandLine)
    {
        ExitCode = exitCode;
        TimedOut = timedOut;
        Stdout = stdout;
        Stderr = stderr;
        MessageTracePath = msgPath;
        ErrorTracePath = errPath;
        CommandLine = commandLine;
    }

    private static string ReadIfExists(string path)
    {
        try { return File.Exists(path) ? File.ReadAllText(path) : ""; }
        catch (IOException) { return ""; }
    }

    /// <summary>Everything useful for an assertion message.</summary>
    public string Describe() =>
        $"sipp exit {ExitCode}{(TimedOut ? " (killed: timeout)" : "")}\n{CommandLine}\n--- stderr\n{PeerProcess.Tail(Stderr, 20)}" +
        $"\n--- errors\n{PeerProcess.Tail(ErrorTrace, 30)}\n--- messages\n{PeerProcess.Tail(MessageTrace, 80)}";

    public override string ToString() => Describe();
}

/// <summary>A SIPp process running in the background (e.g. a UAS waiting for a call).</summary>
public sealed class SippRun : IDisposable
{
    private readonly PeerProcess _process;
    private readonly SippOptions _options;
    private readonly string _msgPath;
    private readonly string _errPath;
    private readonly DateTime _deadline;
    private SippResult? _result;

    public int Pid => _process.Pid;
    public int LocalPort => _options.LocalPort;
    public bool HasExited => _process.HasExited;
    public string MessageTracePath => _msgPath;

    internal SippRun(PeerProcess process, SippOptions options, string msgPath, string errPath)
    {
        _process = process;
        _options = options;
        _msgPath = msgPath;
        _errPath = errPath;
        _deadline = DateTime.UtcNow + options.Timeout;
    }

    /// <summary>Waits until SIPp exits, at most until its Timeout (then it is killed) or <paramref name="max"/>.</summary>
    public SippResult Wait(TimeSpan? max = null)
    {
        if (_result != null) return _result;
        TimeSpan left = _deadline - DateTime.UtcNow;
        if (max is TimeSpan m && m < left) left = m;
        if (left < TimeSpan.Zero) left = TimeSpan.Zero;
        bool exited = _process.WaitForExit(left);
        if (!exited) _process.Stop(TimeSpan.FromSeconds(2), PeerProcess.SIGTERM);
        int code = _process.ExitCode ?? -1;
        _result = new SippResult(exited ? code : -1, !exited, _process.Stdout, _process.Stderr, _msgPath, _errPath,
            "sipp " + string.Join(" ", _process.Arguments));
        return _result;
    }

    /// <summary>Stops it now (by PID) and returns what it did so far.</summary>
    public SippResult Stop()
    {
        if (_result != null) return _result;
        bool wasRunning = !_process.HasExited;
        _process.Stop(TimeSpan.FromSeconds(2), PeerProcess.SIGTERM);
        _result = new SippResult(_process.ExitCode ?? -1, wasRunning, _process.Stdout, _process.Stderr, _msgPath, _errPath,
            "sipp " + string.Join(" ", _process.Arguments));
        return _result;
    }

    public void Dispose()
    {
        Stop();
        _process.Dispose();
    }
}

public static class Sipp
{
    /// <summary>Runs SIPp to completion (bounded by options.Timeout) and returns the result.</summary>
    public static SippResult Run(SippOptions options)
    {
        using (var run = Start(options))
            return run.Wait();
    }

    /// <summary>Runs a scenario: <paramref name="args"/> are extra SIPp arguments (e.g. "-s", "linda").</summary>
    public static SippResult Run(string scenario, int localPort, string? remote, TimeSpan timeout, params string[] args)
    {
        var o = new SippOptions { Scenario = scenario, LocalPort = localPort, Remote = remote, Timeout = timeout };
        foreach (string a in args) o.ExtraArgs.Add(a);
        return Run(o);
    }

    /// <summary>Starts SIPp in the background; Wait() or Stop() the returned run.</summary>
    public static SippRun Start(SippOptions options)
    {
        if (string.IsNullOrEmpty(options.Scenario)) throw new ArgumentException("Scenario is required");
        if (options.LocalPort <= 0) throw new ArgumentException("LocalPort is required (sipp is always run with -p)");
        string scenario = File.Exists(options.Scenario) ? Path.GetFullPath(options.Scenario) : PeerPaths.SippScenario(options.Scenario);
        if (!File.Exists(scenario)) throw new FileNotFoundException("SIPp scenario not found", scenario);

        string dir = options.WorkDir ?? PeerPaths.NewScratchDir($"sipp-{options.LocalPort}");
        Directory.CreateDirectory(dir);
        string name = Path.GetFileNameWithoutExtension(scenario);
        string msgPath = Path.Combine(dir, $"{name}-{options.LocalPort}-messages.log");
        string errPath = Path.Combine(dir, $"{name}-{options.LocalPort}-errors.log");

        var args = new List<string>();
        if (options.Remote != null) args.Add(options.Remote);
        args.AddRange(new[] { "-sf", scenario, "-i", "127.0.0.1", "-p", options.LocalPort.ToString(CultureInfo.InvariantCulture) });
        args.AddRange(new[] { "-m", options.Calls.ToString(CultureInfo.InvariantCulture), "-t", options.Transport });
        if (options.Service != null) args.AddRange(new[] { "-s", options.Service });
        if (options.AuthUser != null) args.AddRange(new[] { "-au", options.AuthUser });
        if (options.AuthPassword != null) args.AddRange(new[] { "-ap", options.AuthPassword });
        if (options.PauseMs is int d) args.AddRange(new[] { "-d", d.ToString(CultureInfo.InvariantCulture) });
        foreach (var kv in options.Keys) args.AddRange(new[] { "-key", kv.Key, kv.Value });
        int sippTimeout = Math.Max(1, (int)options.Timeout.TotalSeconds - 1);
        args.AddRange(new[] { "-timeout", sippTimeout.ToString(CultureInfo.InvariantCulture), "-timeout_error" });
        args.AddRange(new[] { "-nostdin", "-trace_msg", "-message_file", msgPath, "-trace_err", "-error_file", errPath });
        args.AddRange(options.ExtraArgs);

        var process = PeerProcess.Start("sipp", args,
            Path.Combine(dir, $"{name}-{options.LocalPort}.stdout.log"),
            Path.Combine(dir, $"{name}-{options.LocalPort}.stderr.log"), dir);
        return new SippRun(process, options, msgPath, errPath);
    }

    /// <summary>
    /// Registers <paramref name="user"/> (digest auth, password from TestUsers unless given) through
    /// tests/peers/sipp/register_auth.xml; the Contact is sip:user@127.0.0.1:localPort.
    /// </summary>
    public static SippResult Register(string proxyHostPort, int localPort, string user, string? password = null,
        int expires = 300, TimeSpan? timeout = null)
    {
        var o = new SippOptions
        {
            Scenario = "register_auth.xml",
            LocalPort = localPort,
            Remote = proxyHostPort,
            Service = user,
            AuthUser = user,
            AuthPassword = password ?? TestUsers.PasswordOf(user),
            Timeout = timeout ?? TimeSpan.FromSeconds(10),
        };
        o.Keys["expires"] = expires.ToString(CultureInfo.InvariantCulture);
        o.Keys["domain"] = TestUsers.Domain;
        return Run(o);
    }
}
