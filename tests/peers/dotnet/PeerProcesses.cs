// Process plumbing shared by the SIP peer helpers (Kamailio, SIPp, baresip,
// tshark): start with logs captured to files, stop by PID with bounded waits,
// find free loopback ports, locate tests/peers/ on disk.
// Plain C#, no packages; Linux only (uses kill(2) and /proc).
#nullable enable

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;

namespace NanoPhone.Tests.Peers;

/// <summary>The fixed test accounts known to tests/peers/kamailio/registrar.cfg.</summary>
public static class TestUsers
{
    public const string Domain = "nanophone.test";
    public const string Linda = "linda";
    public const string LindaPassword = "linda-secret";
    public const string Graham = "graham";
    public const string GrahamPassword = "graham-secret";
    public const string Alice = "alice";
    public const string AlicePassword = "alice-secret";

    /// <summary>Password of a known test user (linda, graham, alice).</summary>
    public static string PasswordOf(string user) => user switch
    {
        Linda => LindaPassword,
        Graham => GrahamPassword,
        Alice => AlicePassword,
        _ => throw new ArgumentException($"'{user}' is not a test user", nameof(user)),
    };
}

/// <summary>Where tests/peers/ is: $NANOPHONE_PEERS_DIR, else found from this source file or the test binaries.</summary>
public static class PeerPaths
{
    private static string? _root;

    public static string Root => _root ??= Locate();

    public static string KamailioConfig => Path.Combine(Root, "kamailio", "registrar.cfg");

    /// <summary>Full path of a scenario under tests/peers/sipp/ (e.g. "register_auth.xml").</summary>
    public static string SippScenario(string fileName) => Path.Combine(Root, "sipp", fileName);

    /// <summary>Parent of all scratch folders: $TMPDIR/nanophone-peers.</summary>
    public static string ScratchRoot => Path.Combine(Path.GetTempPath(), "nanophone-peers");

    /// <summary>NANOPHONE_KEEP_PEER_FILES=1 keeps every run dir, log and capture after the tests (for debugging).</summary>
    public static bool KeepAllFiles => Environment.GetEnvironmentVariable("NANOPHONE_KEEP_PEER_FILES") == "1";

    private static int _swept;

    /// <summary>
    /// A new, empty scratch folder under ScratchRoot (short path: unix sockets live there).
    /// The first call in a process also removes scratch folders older than 6 hours.
    /// </summary>
    public static string NewScratchDir(string prefix)
    {
        if (Interlocked.Exchange(ref _swept, 1) == 0) SweepOld(TimeSpan.FromHours(6));
        string dir = Path.Combine(ScratchRoot, $"{prefix}-{Guid.NewGuid().ToString("N").Substring(0, 8)}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Deletes scratch folders whose last write is older than <paramref name="age"/> (at most 500 per call).</summary>
    public static void SweepOld(TimeSpan age)
    {
        try
        {
            if (!Directory.Exists(ScratchRoot)) return;
            foreach (string d in Directory.GetDirectories(ScratchRoot).Take(500))
            {
                try
                {
                    if (DateTime.UtcNow - Directory.GetLastWriteTimeUtc(d) > age) Directory.Delete(d, true);
                }
                catch (IOException) { }
                catch (UnauthorizedAccessException) { }
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>Removes a scratch folder unless files are to be kept; never throws.</summary>
    public static void DeleteScratchDir(string dir, bool keep)
    {
        if (keep || KeepAllFiles) return;
        try { Directory.Delete(dir, true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private static string Locate([CallerFilePath] string thisFile = "")
    {
        var candidates = new List<string>();
        string? env = Environment.GetEnvironmentVariable("NANOPHONE_PEERS_DIR");
        if (!string.IsNullOrEmpty(env)) candidates.Add(env);
        if (!string.IsNullOrEmpty(thisFile))
        {
            string? dir = Path.GetDirectoryName(thisFile); // .../tests/peers/dotnet
            if (dir != null) candidates.Add(Path.GetFullPath(Path.Combine(dir, "..")));
        }
        foreach (string start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            var d = new DirectoryInfo(start);
            for (int i = 0; i < 12 && d != null; i++, d = d.Parent)
                candidates.Add(Path.Combine(d.FullName, "tests", "peers"));
        }
        foreach (string c in candidates)
            if (File.Exists(Path.Combine(c, "kamailio", "registrar.cfg"))) return Path.GetFullPath(c);
        throw new InvalidOperationException(
            "tests/peers not found; set NANOPHONE_PEERS_DIR. Looked in: " + string.Join(", ", candidates));
    }
}

/// <summary>Free loopback ports for peers (UDP and TCP both free on 127.0.0.1).</summary>
public static class PeerPorts
{
    private static readonly object Gate = new object();
    private static readonly HashSet<int> Handed = new HashSet<int>();
    private static readonly Random Rng = new Random();

    /// <summary>
    /// Returns a base port P such that P .. P+count-1 are free for UDP and TCP on 127.0.0.1
    /// and were not handed out before by this process. Bounded search in 20000-59999.
    /// </summary>
    public static int GetFree(int count = 1)
    {
        if (count < 1 || count > 100) throw new ArgumentOutOfRangeException(nameof(count));
        lock (Gate)
        {
            for (int attempt = 0; attempt < 500; attempt++)
            {
                int basePort = 20000 + Rng.Next(0, 40000 - count);
                bool ok = true;
                for (int p = basePort; p < basePort + count && ok; p++)
                    ok = !Handed.Contains(p) && IsFree(p);
                if (!ok) continue;
                for (int p = basePort; p < basePort + count; p++) Handed.Add(p);
                return basePort;
            }
        }
        throw new InvalidOperationException($"no {count} consecutive free loopback ports found");
    }

    /// <summary>True if the port can be bound on 127.0.0.1 for both UDP and TCP right now.</summary>
    public static bool IsFree(int port)
    {
        try
        {
            using (var u = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
            using (var t = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
            {
                u.Bind(new IPEndPoint(IPAddress.Loopback, port));
                t.Bind(new IPEndPoint(IPAddress.Loopback, port));
            }
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Waits (bounded) until the port can be bound again, e.g. after a peer stopped.</summary>
    public static bool WaitUntilFree(int port, TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < timeout)
        {
            if (IsFree(port)) return true;
            Thread.Sleep(50);
        }
        return IsFree(port);
    }
}

/// <summary>
/// A child process whose stdout and stderr go to log files; stopped by PID with
/// SIGTERM first, then SIGKILL, every wait bounded. Direct children the process
/// forked (e.g. Kamailio workers, dumpcap) are killed too if they outlive it.
/// </summary>
public sealed class PeerProcess : IDisposable
{
    public const int SIGINT = 2;
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;

    private readonly Process _process;
    private readonly StreamWriter _stdout;
    private readonly StreamWriter _stderr;
    private readonly object _logGate = new object();
    private readonly StringBuilder _stdoutText = new StringBuilder();
    private readonly StringBuilder _stderrText = new StringBuilder();
    private readonly Dictionary<int, string> _children = new Dictionary<int, string>();
    private bool _disposed;

    public string FileName { get; }
    public IReadOnlyList<string> Arguments { get; }
    public int Pid { get; }
    public string StdoutPath { get; }
    public string StderrPath { get; }

    private PeerProcess(Process process, string fileName, IReadOnlyList<string> args, string stdoutPath, string stderrPath)
    {
        _process = process;
        FileName = fileName;
        Arguments = args;
        StdoutPath = stdoutPath;
        StderrPath = stderrPath;
        _stdout = new StreamWriter(new FileStream(stdoutPath, FileMode.Create, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        _stderr = new StreamWriter(new FileStream(stderrPath, FileMode.Create, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        Pid = process.Id;
    }

    /// <summary>Starts <paramref name="fileName"/> (looked up in PATH) with stdin closed.</summary>
    public static PeerProcess Start(string fileName, IEnumerable<string> args, string stdoutPath, string stderrPath,
        string? workingDirectory = null, IDictionary<string, string>? environment = null)
    {
        var argList = args.ToList();
        var psi = new ProcessStartInfo(ResolveTool(fileName))
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
            WorkingDirectory = workingDirectory ?? Path.GetDirectoryName(stdoutPath) ?? Path.GetTempPath(),
        };
        foreach (string a in argList) psi.ArgumentList.Add(a);
        if (environment != null)
            foreach (var kv in environment) psi.Environment[kv.Key] = kv.Value;

        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        if (!process.Start()) throw new InvalidOperationException($"could not start {fileName}");
        var pp = new PeerProcess(process, fileName, argList, stdoutPath, stderrPath);
        process.OutputDataReceived += (_, e) => pp.Append(false, e.Data);
        process.ErrorDataReceived += (_, e) => pp.Append(true, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try { process.StandardInput.Close(); } catch (IOException) { }
        return pp;
    }

    /// <summary>Full path of a tool from PATH (plus /usr/sbin, /sbin); throws a clear error if it is missing.</summary>
    public static string ResolveTool(string name)
    {
        if (name.Contains('/')) return name;
        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(new[] { "/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/sbin", "/usr/local/bin" });
        foreach (string d in dirs)
        {
            string p = Path.Combine(d, name);
            if (File.Exists(p)) return p;
        }
        throw new FileNotFoundException(
            $"'{name}' is not installed; run tests/peers/install.sh first (needs kamailio, sip-tester, baresip, tshark).", name);
    }

    private void Append(bool isErr, string? line)
    {
        if (line == null) return;
        lock (_logGate)
        {
            if (_disposed) return;
            try
            {
                if (isErr) { _stderr.WriteLine(line); _stderrText.AppendLine(line); }
                else { _stdout.WriteLine(line); _stdoutText.AppendLine(line); }
            }
            catch (ObjectDisposedException) { }
            catch (IOException) { }
        }
    }

    public string Stdout { get { lock (_logGate) return _stdoutText.ToString(); } }
    public string Stderr { get { lock (_logGate) return _stderrText.ToString(); } }

    public bool HasExited
    {
        get
        {
            try { return _process.HasExited; }
            catch (InvalidOperationException) { return true; }
        }
    }

    public int? ExitCode => HasExited ? _process.ExitCode : (int?)null;

    /// <summary>Waits (bounded) for exit; true if it exited. Also waits for the log pipes to drain.</summary>
    public bool WaitForExit(TimeSpan timeout)
    {
        bool exited = _process.WaitForExit((int)Math.Max(0, timeout.TotalMilliseconds));
        if (exited)
        {
            // Output is drained once every writer of the pipes has closed; a forked
            // child that keeps them open must not make this hang.
            var drain = System.Threading.Tasks.Task.Run(() => _process.WaitForExit());
            drain.Wait(TimeSpan.FromSeconds(2));
        }
        return exited;
    }

    /// <summary>Sends a signal to this process only (kill(2) by PID).</summary>
    public bool Signal(int signal)
    {
        if (HasExited) return false;
        return NativeKill(Pid, signal) == 0;
    }

    /// <summary>Sends a signal to this process and all its descendants (SIGSTOP/SIGCONT a server with its workers).</summary>
    public int SignalTree(int signal)
    {
        if (HasExited) return 0;
        int n = 0;
        var todo = new Stack<int>();
        todo.Push(Pid);
        while (todo.Count > 0)
        {
            int pid = todo.Pop();
            if (NativeKill(pid, signal) == 0) n++;
            foreach (int c in ChildrenOf(pid)) todo.Push(c);
        }
        return n;
    }

    public const int SIGCONT = 18;
    public const int SIGSTOP = 19;

    /// <summary>Remembers the current direct children (by /proc ppid) so Stop can reap leftovers.</summary>
    public IReadOnlyCollection<int> SnapshotChildren()
    {
        foreach (int c in ChildrenOf(Pid))
            if (!_children.ContainsKey(c)) _children[c] = CommOf(c);
        return _children.Keys.ToList();
    }

    /// <summary>
    /// Stops the process: <paramref name="firstSignal"/> (default SIGTERM), waits up to
    /// <paramref name="grace"/>, repeats the signal once (baresip needs two to stop
    /// waiting for un-REGISTER), then SIGKILL. Children seen before or now are SIGKILLed
    /// if they survive their parent. Returns true if it had to SIGKILL.
    /// </summary>
    public bool Stop(TimeSpan grace, int firstSignal = SIGTERM, bool repeatSignal = false)
    {
        bool forced = false;
        if (!HasExited)
        {
            SnapshotChildren();
            Signal(firstSignal);
            bool exited = WaitForExit(grace);
            if (!exited && repeatSignal)
            {
                Signal(firstSignal);
                exited = WaitForExit(grace);
            }
            if (!exited)
            {
                SnapshotChildren();
                forced = true;
                try { _process.Kill(); } catch (InvalidOperationException) { } catch (System.ComponentModel.Win32Exception) { }
                WaitForExit(TimeSpan.FromSeconds(5));
            }
        }
        foreach (var child in _children)
        {
            var sw = Stopwatch.StartNew();
            while (IsOurChild(child.Key, child.Value) && sw.Elapsed < TimeSpan.FromSeconds(2)) Thread.Sleep(20);
            if (IsOurChild(child.Key, child.Value)) { NativeKill(child.Key, SIGKILL); forced = true; }
        }
        return forced;
    }

    public void Dispose()
    {
        Stop(TimeSpan.FromSeconds(3));
        lock (_logGate)
        {
            if (_disposed) return;
            _disposed = true;
            _stdout.Dispose();
            _stderr.Dispose();
        }
        _process.Dispose();
    }

    /// <summary>Direct children of a PID, read from /proc/*/stat (bounded to what /proc lists).</summary>
    public static IReadOnlyList<int> ChildrenOf(int pid)
    {
        var result = new List<int>();
        string[] entries;
        try { entries = Directory.GetDirectories("/proc"); } catch (IOException) { return result; }
        foreach (string dir in entries)
        {
            if (!int.TryParse(Path.GetFileName(dir), out int p)) continue;
            if (ParentOf(p) == pid) result.Add(p);
        }
        return result;
    }

    private static int ParentOf(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            int close = stat.LastIndexOf(')');
            string[] f = stat.Substring(close + 2).Split(' ');
            return int.Parse(f[1]);
        }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is FormatException || e is IndexOutOfRangeException)
        {
            return -1;
        }
    }

    // Still the process we saw (same name, parent is us or it was orphaned to init), alive.
    private bool IsOurChild(int pid, string comm)
    {
        if (!IsAlive(pid)) return false;
        int parent = ParentOf(pid);
        return (parent == Pid || parent == 1) && CommOf(pid) == comm;
    }

    private static string CommOf(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/comm").Trim(); }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException) { return ""; }
    }

    /// <summary>True if the PID exists and is not a zombie.</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            int close = stat.LastIndexOf(')');
            char state = stat[close + 2];
            return state != 'Z' && state != 'X';
        }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is IndexOutOfRangeException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int NativeKill(int pid, int sig);

    /// <summary>Runs a short-lived tool to completion (bounded) and returns exit code and output.</summary>
    public static (int ExitCode, string Stdout, string Stderr) RunTool(string fileName, IEnumerable<string> args, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo(ResolveTool(fileName))
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            CreateNoWindow = true,
        };
        foreach (string a in args) psi.ArgumentList.Add(a);
        using (var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {fileName}"))
        {
            try { p.StandardInput.Close(); } catch (IOException) { }
            var so = p.StandardOutput.ReadToEndAsync();
            var se = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit((int)timeout.TotalMilliseconds))
            {
                try { p.Kill(); } catch (InvalidOperationException) { }
                p.WaitForExit(5000);
                throw new TimeoutException($"{fileName} {string.Join(" ", args)} did not finish in {timeout.TotalSeconds:0.#} s");
            }
            so.Wait(TimeSpan.FromSeconds(5));
            se.Wait(TimeSpan.FromSeconds(5));
            return (p.ExitCode, so.IsCompleted ? so.Result : "", se.IsCompleted ? se.Result : "");
        }
    }

    /// <summary>The last lines of a text, for error messages.</summary>
    public static string Tail(string text, int lines = 40)
    {
        var all = text.Split('\n');
        return string.Join("\n", all.Skip(Math.Max(0, all.Length - lines)));
    }
}
