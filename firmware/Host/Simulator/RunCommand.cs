using System;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using NanoPhone.App.Config;
using NanoPhone.App.Phone;
using NanoPhone.Host.Storage;

namespace NanoPhone.Host.Simulator;

/// <summary>
/// <c>nanophone run</c>: the phone app on the desktop. Reads console lines from stdin (the serial
/// console's commands, the phone's <c>call</c>, <c>hangup</c>, <c>hold</c> and <c>resume</c>, plus
/// <c>offhook</c>, <c>onhook</c>, <c>key K</c> and <c>quit</c>) and runs
/// each on the loop thread; prints event lines, console answers and the SIP log on stdout. At the
/// end of input, <c>quit</c>, Ctrl-C or SIGTERM it ends a call, unregisters (waiting at most
/// <see cref="UnregisterWaitMs"/>) and exits 0. Exit 2: bad command line or unreadable config
/// file (one line on stderr); exit 1: the socket could not be bound.
/// </summary>
public sealed class RunCommand
{
    /// <summary>How long the phone waits for the registrar to confirm the un-REGISTER at exit.</summary>
    public const int UnregisterWaitMs = 2000;
    /// <summary>How long the end of input waits for the last typed actions (key presses, hook) to be done.</summary>
    public const int InputSettleWaitMs = 3000;

    private readonly TextReader _in;
    private readonly TextWriter _out;
    private readonly TextWriter _err;
    private readonly bool _statusLine;
    private readonly bool _interactive;
    private readonly object _gate = new();
    private PhoneSession? _session;
    private bool _endOfInput;
    private bool _interrupted;
    private StopReason? _request;

    /// <param name="statusLine">Draw the ringer and lamps on a status line on stderr (a terminal).</param>
    /// <param name="interactive">stdin is a terminal: greet the user.</param>
    public RunCommand(TextReader stdin, TextWriter stdout, TextWriter stderr, bool statusLine, bool interactive)
    {
        _in = stdin;
        _out = stdout;
        _err = stderr;
        _statusLine = statusLine;
        _interactive = interactive;
    }

    /// <summary>Ctrl-C or SIGTERM: stop as at the end of input.</summary>
    public void Interrupt()
    {
        lock (_gate)
        {
            _interrupted = true;
            Monitor.PulseAll(_gate);
        }
    }

    public int Run(string[] args)
    {
        RunOptions? options = RunOptions.Parse(args, out string? error);
        if (options == null) return Fail(error!);
        if (options.Help)
        {
            _out.Write(RunOptions.Usage);
            return 0;
        }
        if (!TryLoadConfig(options, out PhoneConfig config, out ConfigStore? store, out int localPort, out error)) return Fail(error!);

        var output = new EventOutput(_out, _statusLine ? _err : null);
        if (_interactive) _err.WriteLine("nanophone: the phone is running; 'help' lists commands, Ctrl-D quits");
        var reader = new Thread(ReadInput) { IsBackground = true, Name = "stdin" };
        bool readerStarted = false;
        while (true)
        {
            PhoneSession session;
            try
            {
                session = new PhoneSession(config, store, localPort, options.Capacity, output, _err, RequestStop);
            }
            catch (SocketException e)
            {
                _err.WriteLine("nanophone: cannot listen on UDP port " + localPort + ": " + e.Message);
                return 1;
            }
            session.Start();
            lock (_gate)
            {
                _request = null;
                _session = session;
            }
            if (!readerStarted)
            {
                reader.Start();
                readerStarted = true;
            }
            StopReason reason = WaitForStop();
            if (reason == StopReason.EndOfInput) Settle(session);
            lock (_gate) _session = null;
            session.Shutdown(UnregisterWaitMs);
            if (reason != StopReason.Reboot) return 0;
            if (!TryLoadConfig(options, out config, out store, out localPort, out error))
            {
                _err.WriteLine("nanophone: " + error);
                return 1;
            }
        }
    }

    private int Fail(string error)
    {
        _err.WriteLine("nanophone run: " + error);
        _err.Flush();
        return 2;
    }

    /// <summary>The file (warnings to stderr), then the --set values; sip.local.port=0 means any free port.</summary>
    private bool TryLoadConfig(RunOptions o, out PhoneConfig config, out ConfigStore? store, out int localPort, out string? error)
    {
        config = new PhoneConfig();
        store = null;
        localPort = 0;
        error = null;
        if (o.ConfigPath != null)
        {
            string full = Path.GetFullPath(o.ConfigPath);
            try
            {
                if (Directory.Exists(full)) throw new IOException("it is a folder");
                if (!File.Exists(full)) throw new IOException("no such file");
                using (File.OpenRead(full)) { }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                error = "cannot read config file " + o.ConfigPath + ": " + e.Message;
                return false;
            }
            store = new ConfigStore(new FileConfigStorage(Path.GetDirectoryName(full)!), Path.GetFileName(full));
            ConfigLoadReport report = store.Load(config);
            for (int i = 0; i < report.WarningCount; i++) _err.WriteLine("nanophone: warning: " + o.ConfigPath + ": " + report.Warning(i));
        }
        bool anyPort = false;
        foreach (string assignment in o.Sets)
        {
            int eq = assignment.IndexOf('=');
            string key = ConfigText.Trim(assignment.Substring(0, eq));
            if (ConfigKeys.Find(key) == null)
            {
                error = "--set " + (LooksLikeKey(key) ? key + ": " : "") + "unknown key" + KeySuggester.NearestHint(key);
                return false;
            }
            bool localPortKey = ConfigText.EqualsIgnoreCase(key, ConfigKeys.SipLocalPort);
            if (localPortKey && ConfigText.Trim(assignment.Substring(eq + 1)) == "0")
            {
                anyPort = true;
                continue;
            }
            if (!config.TryAssign(assignment, out string? why))
            {
                error = "--set " + why;
                return false;
            }
            if (localPortKey) anyPort = false;
        }
        localPort = anyPort ? 0 : config.GetInt(ConfigKeys.SipLocalPort, 5060);
        return true;
    }

    /// <summary>
    /// Whether a mistyped key may be repeated in the error: a word of letters, digits, dots, dashes
    /// and underscores, as keys are. Anything else (blanks, control characters, a passphrase with
    /// symbols put where the key belongs) is not repeated.
    /// </summary>
    internal static bool LooksLikeKey(string key)
    {
        if (key.Length == 0 || key.Length > KeySuggester.MaxNearestLength) return false;
        foreach (char c in key)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '.' || c == '-' || c == '_')) return false;
        }
        return true;
    }

    private void ReadInput()
    {
        try
        {
            string? line;
            while ((line = _in.ReadLine()) != null)
            {
                while (true)
                {
                    PhoneSession? session;
                    lock (_gate)
                    {
                        if (_interrupted) return;
                        session = _session;
                    }
                    if (session != null && session.Execute(line)) break;
                    Thread.Sleep(10);
                }
            }
        }
        catch (IOException)
        {
            // stdin went away: the same as its end.
        }
        catch (ObjectDisposedException)
        {
        }
        lock (_gate)
        {
            _endOfInput = true;
            Monitor.PulseAll(_gate);
        }
    }

    private void RequestStop(StopReason reason)
    {
        lock (_gate)
        {
            _request ??= reason;
            Monitor.PulseAll(_gate);
        }
    }

    private StopReason WaitForStop()
    {
        lock (_gate)
        {
            while (true)
            {
                if (_interrupted) return StopReason.Interrupt;
                if (_request != null) return _request.Value;
                if (_endOfInput) return StopReason.EndOfInput;
                Monitor.Wait(_gate);
            }
        }
    }

    /// <summary>Lets the lines read so far run, and the key presses and hook changes they asked for take effect.</summary>
    private void Settle(PhoneSession session)
    {
        DateTime deadline = DateTime.UtcNow.AddMilliseconds(InputSettleWaitMs);
        var ran = new ManualResetEventSlim();
        if (!session.Post(new SignalWork(ran)) || !ran.Wait(InputSettleWaitMs)) return;
        while (!session.InputIdle && DateTime.UtcNow < deadline && !Interrupted) Thread.Sleep(10);
    }

    private bool Interrupted
    {
        get { lock (_gate) return _interrupted; }
    }

    private sealed class SignalWork : NanoPhone.App.Runtime.ILoopWork
    {
        private readonly ManualResetEventSlim _done;

        public SignalWork(ManualResetEventSlim done) { _done = done; }

        public void Run() => _done.Set();
    }
}
