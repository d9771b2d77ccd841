// baresip 1.0.0 as a headless second phone on 127.0.0.1, driven through ctrl_tcp.
#nullable enable

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;

namespace NanoPhone.Tests.Peers;

public sealed class BaresipOptions
{
    /// <summary>Account user (AoR sip:User@Domain); default linda.</summary>
    public string User { get; set; } = TestUsers.Linda;

    /// <summary>Digest password; default the TestUsers password of User.</summary>
    public string? Password { get; set; }

    public string Domain { get; set; } = TestUsers.Domain;

    /// <summary>SIP port on 127.0.0.1 (UDP+TCP; baresip also takes SipPort+1 for TLS).</summary>
    public int SipPort { get; set; } = 5080;

    /// <summary>Registrar/outbound proxy port on 127.0.0.1; 0 = no proxy and no registration.</summary>
    public int ProxyPort { get; set; } = 5070;

    /// <summary>ctrl_tcp port on 127.0.0.1.</summary>
    public int CtrlPort { get; set; } = 5180;

    /// <summary>Registration interval in seconds ("regint"); 0 = do not register.</summary>
    public int RegisterInterval { get; set; } = 60;

    /// <summary>q value of the registered contact ("regq"), e.g. 0.5 for serial-forking tests.</summary>
    public double? RegisterQ { get; set; }

    /// <summary>"manual" (default: answer only via Accept()) or "auto".</summary>
    public string AnswerMode { get; set; } = "manual";

    /// <summary>RTP port range; default 40 ports derived from SipPort.</summary>
    public int? RtpPortMin { get; set; }
    public int? RtpPortMax { get; set; }

    /// <summary>The audio source ("audio_source"): default a 440 Hz sine, "ausine,440".</summary>
    public string AudioSource { get; set; } = "ausine,440";

    /// <summary>The codecs of the account in preference order ("audio_codecs").</summary>
    public string AudioCodecs { get; set; } = "PCMU,PCMA";

    /// <summary>More accounts in the same baresip, each a whole line of the accounts file.</summary>
    public IList<string> ExtraAccounts { get; } = new List<string>();

    /// <summary>A directory where the sndfile module records every call's audio (dump-*-enc.wav sent, dump-*-dec.wav heard); null: no recording.</summary>
    public string? RecordDir { get; set; }

    /// <summary>Start waits until registered (or only until ctrl_tcp answers when not registering).</summary>
    public TimeSpan ReadyTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Extra lines for the config file / extra ";name=value" account parameters.</summary>
    public IList<string> ExtraConfigLines { get; } = new List<string>();
    public IList<string> ExtraAccountParams { get; } = new List<string>();

    /// <summary>Keep the config dir and log after Dispose.</summary>
    public bool KeepFiles { get; set; }
}

/// <summary>An event pushed by ctrl_tcp, e.g. Type "CALL_INCOMING", "CALL_ESTABLISHED", "CALL_CLOSED", "REGISTER_OK".</summary>
public sealed class BaresipEvent
{
    public string Type { get; }
    public string Class { get; }
    public string? AccountAor { get; }
    public string? PeerUri { get; }
    public string? CallId { get; }
    public string? Param { get; }
    public string Json { get; }
    public DateTime ReceivedUtc { get; }

    internal BaresipEvent(JsonElement e, string json)
    {
        Type = Str(e, "type") ?? "";
        Class = Str(e, "class") ?? "";
        AccountAor = Str(e, "accountaor");
        PeerUri = Str(e, "peeruri");
        CallId = Str(e, "id");
        Param = Str(e, "param");
        Json = json;
        ReceivedUtc = DateTime.UtcNow;
    }

    internal static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public override string ToString() => Json;
}

/// <summary>Reply to a ctrl_tcp command: {"response":true,"ok":...,"data":"...","token":"..."}.</summary>
public sealed class BaresipResponse
{
    public bool Ok { get; }
    public string Data { get; }
    public string? Token { get; }
    public string Json { get; }

    internal BaresipResponse(bool ok, string data, string? token, string json)
    {
        Ok = ok;
        Data = data;
        Token = token;
        Json = json;
    }

    public override string ToString() => Json;
}

/// <summary>
/// baresip with a generated config dir (accounts, config), started as "baresip -f DIR".
/// Commands go over ctrl_tcp as netstrings: LEN ":" JSON ","  with
/// {"command":"accept","params":"...","token":"..."}; events arrive the same way.
/// </summary>
public sealed class Baresip : IDisposable
{
    private static readonly Regex Ansi = new Regex(@"\x1B\[[0-9;]*m", RegexOptions.Compiled);

    private readonly PeerProcess _process;
    private readonly BaresipOptions _options;
    private readonly object _gate = new object();
    private readonly List<BaresipEvent> _events = new List<BaresipEvent>();
    private readonly HashSet<BaresipEvent> _taken = new HashSet<BaresipEvent>();
    private readonly Dictionary<string, BaresipResponse> _responses = new Dictionary<string, BaresipResponse>();
    private TcpClient? _ctrl;
    private NetworkStream? _stream;
    private Thread? _reader;
    private int _tokenSeq;
    private bool _stopped;

    public string ConfigDir { get; }
    public string LogPath => _process.StdoutPath;
    public int Pid => _process.Pid;
    public int SipPort => _options.SipPort;
    public int CtrlPort => _options.CtrlPort;
    public string User => _options.User;
    public string Aor => $"sip:{_options.User}@{_options.Domain}";
    public bool HasExited => _process.HasExited;

    /// <summary>baresip's Contact user is "&lt;user&gt;-0x...", not the plain user.</summary>
    public string ContactUserPrefix => _options.User + "-0x";

    /// <summary>baresip's console output so far (stdout + stderr).</summary>
    public string Log => _process.Stdout + _process.Stderr;

    /// <summary>Every ctrl_tcp event received so far, oldest first.</summary>
    public IReadOnlyList<BaresipEvent> Events { get { lock (_gate) return _events.ToList(); } }

    private Baresip(PeerProcess process, BaresipOptions options, string configDir)
    {
        _process = process;
        _options = options;
        ConfigDir = configDir;
    }

    /// <summary>Starts baresip as <paramref name="user"/> registering through 127.0.0.1:<paramref name="proxyPort"/>.</summary>
    public static Baresip Start(string user, int sipPort, int proxyPort, int ctrlPort, int registerInterval = 60)
        => Start(new BaresipOptions { User = user, SipPort = sipPort, ProxyPort = proxyPort, CtrlPort = ctrlPort, RegisterInterval = registerInterval });

    /// <summary>Writes the config dir, starts baresip, connects ctrl_tcp and waits (bounded) for registration.</summary>
    public static Baresip Start(BaresipOptions options)
    {
        string dir = PeerPaths.NewScratchDir($"baresip-{options.SipPort}");
        WriteConfig(dir, options);
        var process = PeerProcess.Start("baresip", new[] { "-f", dir },
            Path.Combine(dir, "baresip.log"), Path.Combine(dir, "baresip.stderr.log"), dir);
        var b = new Baresip(process, options, dir);
        try
        {
            b.ConnectCtrl(options.ReadyTimeout);
            if (options.ProxyPort > 0 && options.RegisterInterval > 0)
                b.WaitRegistered(options.ReadyTimeout);
        }
        catch
        {
            b.Dispose();
            throw;
        }
        return b;
    }

    private static void WriteConfig(string dir, BaresipOptions o)
    {
        string password = o.Password ?? TestUsers.PasswordOf(o.User);
        int rtpMin = o.RtpPortMin ?? 10000 + (o.SipPort % 1000) * 40;
        int rtpMax = o.RtpPortMax ?? rtpMin + 39;
        var inv = CultureInfo.InvariantCulture;

        var account = new StringBuilder();
        account.Append($"<sip:{o.User}@{o.Domain}>;auth_user={o.User};auth_pass={password}");
        if (o.ProxyPort > 0) account.Append($";outbound=\"sip:127.0.0.1:{o.ProxyPort}\"");
        account.Append($";regint={(o.ProxyPort > 0 ? o.RegisterInterval : 0)}");
        if (o.RegisterQ is double q) account.Append(";regq=" + q.ToString("0.0##", inv));
        account.Append($";answermode={o.AnswerMode}");
        account.Append(";audio_codecs=" + o.AudioCodecs);
        foreach (string p in o.ExtraAccountParams) account.Append(';').Append(p.TrimStart(';'));
        foreach (string extra in o.ExtraAccounts) account.Append('\n').Append(extra);
        File.WriteAllText(Path.Combine(dir, "accounts"), account + "\n");

        // Headless: sine-wave source (ausine needs 48 kHz stereo; baresip resamples),
        // a null-ish player (aubridge), no sound card, no console, no DNS off-box.
        var lines = new List<string>
        {
            "poll_method\t\tepoll",
            $"sip_listen\t\t127.0.0.1:{o.SipPort}",
            "net_interface\t\t127.0.0.1",
            "dns_server\t\t127.0.0.1:53",
            "call_local_timeout\t120",
            "call_max_calls\t\t4",
            "audio_player\t\taubridge,nanophone",
            "audio_source\t\t" + o.AudioSource,
            "audio_alert\t\taubridge,nanophone",
            "ausrc_srate\t\t48000",
            "ausrc_channels\t\t2",
            "auplay_srate\t\t48000",
            "auplay_channels\t\t1",
            $"rtp_ports\t\t{rtpMin}-{rtpMax}",
            "rtp_stats\t\tno",
            "module_path\t\t/usr/lib/baresip/modules",
            "module\t\t\tg711.so",
            "module\t\t\tausine.so",
            "module\t\t\taubridge.so",
            "module_tmp\t\taccount.so",
            "module_app\t\tmenu.so",
            "module_app\t\tctrl_tcp.so",
            $"ctrl_tcp_listen\t\t127.0.0.1:{o.CtrlPort}",
        };
        if (o.RecordDir != null)
        {
            lines.Add("module\t\t\tsndfile.so");
            lines.Add("snd_path\t\t" + o.RecordDir);
        }
        lines.AddRange(o.ExtraConfigLines);
        File.WriteAllText(Path.Combine(dir, "config"), string.Join("\n", lines) + "\n");
    }

    private void ConnectCtrl(TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        Exception? last = null;
        while (sw.Elapsed < timeout)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"baresip exited with {_process.ExitCode} during start-up:\n{PeerProcess.Tail(Log)}");
            var c = new TcpClient(AddressFamily.InterNetwork);
            try
            {
                var connect = c.ConnectAsync(IPAddress.Loopback, _options.CtrlPort);
                if (connect.Wait(TimeSpan.FromMilliseconds(500)) && c.Connected)
                {
                    _ctrl = c;
                    _stream = c.GetStream();
                    _reader = new Thread(ReadLoop) { IsBackground = true, Name = $"baresip-ctrl-{_options.CtrlPort}" };
                    _reader.Start();
                    return;
                }
            }
            catch (AggregateException e) { last = e.InnerException; }
            catch (SocketException e) { last = e; }
            c.Dispose();
            Thread.Sleep(50);
        }
        throw new TimeoutException($"baresip ctrl_tcp 127.0.0.1:{_options.CtrlPort} not reachable ({last?.Message}):\n{PeerProcess.Tail(Log)}");
    }

    private void ReadLoop()
    {
        var stream = _stream!;
        var buf = new List<byte>();
        var chunk = new byte[8192];
        try
        {
            while (true)
            {
                int n = stream.Read(chunk, 0, chunk.Length);
                if (n <= 0) return;
                buf.AddRange(chunk.Take(n));
                while (TryTakeNetstring(buf, out string? payload))
                    Dispatch(payload!);
            }
        }
        catch (IOException) { }
        catch (ObjectDisposedException) { }
        catch (InvalidOperationException) { }
    }

    private static bool TryTakeNetstring(List<byte> buf, out string? payload)
    {
        payload = null;
        int colon = buf.IndexOf((byte)':');
        if (colon <= 0) return false;
        string lenText = Encoding.ASCII.GetString(buf.GetRange(0, colon).ToArray());
        if (!int.TryParse(lenText, NumberStyles.None, CultureInfo.InvariantCulture, out int len))
        {
            buf.Clear(); // out of sync: drop
            return false;
        }
        if (buf.Count < colon + 1 + len + 1) return false;
        payload = Encoding.UTF8.GetString(buf.GetRange(colon + 1, len).ToArray());
        buf.RemoveRange(0, colon + 1 + len + 1); // payload and the trailing ','
        return true;
    }

    private void Dispatch(string json)
    {
        try
        {
            using (var doc = JsonDocument.Parse(json))
            {
                var root = doc.RootElement;
                lock (_gate)
                {
                    if (root.TryGetProperty("event", out var ev) && ev.ValueKind == JsonValueKind.True)
                    {
                        _events.Add(new BaresipEvent(root, json));
                    }
                    else if (root.TryGetProperty("response", out var r) && r.ValueKind == JsonValueKind.True)
                    {
                        bool ok = root.TryGetProperty("ok", out var okEl) && okEl.ValueKind == JsonValueKind.True;
                        string data = BaresipEvent.Str(root, "data") ?? "";
                        string? token = BaresipEvent.Str(root, "token");
                        _responses[token ?? ""] = new BaresipResponse(ok, data, token, json);
                    }
                    Monitor.PulseAll(_gate);
                }
            }
        }
        catch (JsonException) { }
    }

    /// <summary>
    /// Sends a ctrl_tcp command (e.g. "accept", "hangup", "dial" with params "sip:graham@nanophone.test",
    /// "reginfo") and waits (bounded, default 5 s) for its response.
    /// </summary>
    public BaresipResponse Command(string command, string? parameters = null, TimeSpan? timeout = null)
    {
        if (_stream == null) throw new InvalidOperationException("ctrl_tcp not connected");
        string token = "np" + Interlocked.Increment(ref _tokenSeq).ToString(CultureInfo.InvariantCulture);
        var msg = new Dictionary<string, string> { ["command"] = command, ["token"] = token };
        if (parameters != null) msg["params"] = parameters;
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(msg);
        byte[] head = Encoding.ASCII.GetBytes(json.Length.ToString(CultureInfo.InvariantCulture) + ":");
        byte[] frame = head.Concat(json).Concat(new[] { (byte)',' }).ToArray();
        lock (_gate) _stream.Write(frame, 0, frame.Length);

        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(5));
        lock (_gate)
        {
            while (true)
            {
                if (_responses.TryGetValue(token, out var resp))
                {
                    _responses.Remove(token);
                    return resp;
                }
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                    throw new TimeoutException($"baresip gave no response to '{command}':\n{PeerProcess.Tail(Log)}");
                Monitor.Wait(_gate, left);
            }
        }
    }

    /// <summary>Answers the ringing incoming call ("accept"); throws if baresip refuses.</summary>
    public BaresipResponse Accept() => Checked(Command("accept"), "accept");

    /// <summary>Hangs up the current call ("hangup").</summary>
    public BaresipResponse Hangup() => Checked(Command("hangup"), "hangup");

    /// <summary>Calls a URI, e.g. "sip:graham@nanophone.test" ("dial").</summary>
    public BaresipResponse Dial(string uri) => Checked(Command("dial", uri), "dial " + uri);

    private BaresipResponse Checked(BaresipResponse r, string what)
    {
        if (!r.Ok) throw new InvalidOperationException($"baresip refused '{what}': {r.Data}");
        return r;
    }

    /// <summary>True when "reginfo" shows the account registered (OK).</summary>
    public bool IsRegistered()
    {
        string data = Ansi.Replace(Command("reginfo").Data, "");
        return Regex.IsMatch(data, @"\bOK\b");
    }

    /// <summary>Waits (bounded) until the account is registered.</summary>
    public void WaitRegistered(TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < timeout)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"baresip exited with {_process.ExitCode}:\n{PeerProcess.Tail(Log)}");
            if (IsRegistered()) return;
            Thread.Sleep(100);
        }
        throw new TimeoutException($"baresip ({Aor}) not registered after {timeout.TotalSeconds:0.#} s:\n{PeerProcess.Tail(Log)}");
    }

    /// <summary>
    /// Waits (bounded) for an event of <paramref name="type"/> (optionally matching <paramref name="match"/>)
    /// that no earlier WaitForEvent returned; events received before the call count too.
    /// </summary>
    public BaresipEvent WaitForEvent(string type, TimeSpan timeout, Func<BaresipEvent, bool>? match = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        lock (_gate)
        {
            while (true)
            {
                foreach (var e in _events)
                {
                    if (e.Type != type || _taken.Contains(e)) continue;
                    if (match != null && !match(e)) continue;
                    _taken.Add(e);
                    return e;
                }
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                    throw new TimeoutException(
                        $"no baresip event {type} within {timeout.TotalSeconds:0.#} s; got: {string.Join(", ", _events.Select(x => x.Type))}\n{PeerProcess.Tail(Log)}");
                Monitor.Wait(_gate, left);
            }
        }
    }

    /// <summary>Stops baresip by PID: SIGTERM (it un-REGISTERs), a second SIGTERM, then SIGKILL; each wait bounded.</summary>
    public void Stop()
    {
        if (_stopped) return;
        _stopped = true;
        _process.Stop(TimeSpan.FromSeconds(2), PeerProcess.SIGTERM, repeatSignal: true);
        try { _ctrl?.Dispose(); } catch (SocketException) { }
        _reader?.Join(TimeSpan.FromSeconds(2));
    }

    public void Dispose()
    {
        Stop();
        _process.Dispose();
        PeerPaths.DeleteScratchDir(ConfigDir, _options.KeepFiles);
    }
}
