using NanoPhone.App.Config;
using NanoPhone.App.Console;
using NanoPhone.App.Phone;
using NanoPhone.App.Time;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Timing;
using NanoPhone.Sip.Transport;

namespace NanoPhone.App.Logging;

/// <summary>
/// Remote log: passes every event line on (to the console or stdout) and, while <c>log.syslog</c>
/// names a server, also sends it as one RFC 5424 syslog message over UDP (RFC 5426):
/// <c>&lt;PRI&gt;1 TIMESTAMP HOST nanophone - MSGID - MSG</c>, facility local0, severity warning
/// for WARNING lines and informational for the others, TIMESTAMP from the wall clock or "-" before
/// the first sync (never 1970), MSGID the line's keyword, MSG the line (UTF-8 with a BOM when it is
/// not ASCII), at most <see cref="MaxMessage"/> bytes. Rate-limited: a burst of <see cref="Burst"/>,
/// then one every <see cref="RefillMs"/> ms; what is dropped is counted and reported in a message
/// once the rate allows. Thread-safe (lines come from the loop and from the host's threads).
/// </summary>
public sealed class SyslogSink : IPhoneEventSink, IConsoleOutput, IConfigListener
{
    public const int Burst = 20;
    public const int RefillMs = 200;
    public const int MaxMessage = 1024;
    /// <summary>local0 (RFC 5424 §6.2.1 facility 16).</summary>
    public const int Facility = 16;

    private readonly IPhoneEventSink _next;
    private readonly PhoneConfig _config;
    private readonly IDatagramSender _sender;
    private readonly IClock _clock;
    private readonly object _gate = new object();
    private readonly SipWriter _w = new SipWriter(MaxMessage + 64);
    private Endpoint _target;
    private int _tokens = Burst;
    private long _refilledAtMs;
    private int _dropped;

    public SyslogSink(IPhoneEventSink next, PhoneConfig config, IDatagramSender sender, IClock clock)
    {
        _next = next;
        _config = config;
        _sender = sender;
        _clock = clock;
        _refilledAtMs = clock.NowMs;
        Retarget();
        config.AddListener(this);
    }

    /// <summary>Dates the messages once set; "-" before.</summary>
    public WallClock WallClock { get; set; }

    /// <summary>HOSTNAME of the messages: the phone's IP address (or "-").</summary>
    public string HostName { get; set; }

    /// <summary>Messages sent, and lines dropped by the rate limit, since start.</summary>
    public int Sent { get; private set; }
    public int Dropped { get; private set; }

    public void PhoneEvent(string line)
    {
        if (_next != null) _next.PhoneEvent(line);
        Log(line);
    }

    public void WriteLine(string line) { PhoneEvent(line); }

    public void ConfigChanged(string key)
    {
        if (key == ConfigKeys.LogSyslog) Retarget();
    }

    private void Retarget()
    {
        string value = _config.Get(ConfigKeys.LogSyslog);
        Endpoint target = null;
        if (value != null)
        {
            target = new Endpoint();
            if (!target.TryParse(value, 514)) target = null;
        }
        lock (_gate) _target = target;
    }

    private void Log(string line)
    {
        lock (_gate)
        {
            if (_target == null || line == null) return;
            long now = _clock.NowMs;
            long earned = (now - _refilledAtMs) / RefillMs;
            if (earned > 0)
            {
                _tokens = (int)(_tokens + earned > Burst ? Burst : _tokens + earned);
                _refilledAtMs += earned * RefillMs;
            }
            if (_tokens == 0)
            {
                _dropped++;
                Dropped++;
                return;
            }
            if (_dropped > 0)
            {
                if (_tokens < 2) { _dropped++; Dropped++; return; }
                Send(6, "syslog", "syslog: " + _dropped + " lines dropped (rate limit)", now);
                _tokens--;
                _dropped = 0;
            }
            bool warning = ConfigText.StartsWith(line, "WARNING") || ConfigText.StartsWith(line, "error");
            Send(warning ? 4 : 6, Keyword(line), line, now);
            _tokens--;
        }
    }

    private void Send(int severity, string msgId, string message, long now)
    {
        _w.Reset();
        Format(_w, Facility * 8 + severity, WallClock == null ? -1 : WallClock.UnixMsAt(now), HostName, msgId, message);
        if (_sender.Send(_w.Buffer, 0, _w.Length, _target)) Sent++;
    }

    /// <summary>One RFC 5424 message into <paramref name="w"/> (unixMs -1: no timestamp).</summary>
    public static void Format(SipWriter w, int pri, long unixMs, string host, string msgId, string message)
    {
        w.Byte((byte)'<').Number(pri).Text(">1 ");
        w.Text(unixMs < 0 ? "-" : DateText.Rfc3339(unixMs)).Byte((byte)' ');
        w.Text(Printable(host, 255)).Text(" nanophone - ").Text(Printable(msgId, 32)).Text(" - ");
        bool ascii = true;
        for (int i = 0; i < message.Length && ascii; i++) ascii = message[i] < 0x80;
        if (!ascii) w.Byte(0xEF).Byte(0xBB).Byte(0xBF);
        int start = w.Length;
        w.Text(PhoneText.OneLine(message));
        if (w.Length - start > MaxMessage)
        {
            int cut = start + MaxMessage;
            while (cut > start && (w.Buffer[cut] & 0xC0) == 0x80) cut--;   // not inside a UTF-8 sequence
            w.Truncate(cut);
        }
    }

    /// <summary>The line's first word (its event keyword).</summary>
    private static string Keyword(string line)
    {
        int sp = line.IndexOf(' ');
        return sp < 0 ? line : line.Substring(0, sp);
    }

    /// <summary>PRINTUSASCII only (RFC 5424 header fields), at most <paramref name="max"/> characters; "-" when empty.</summary>
    private static string Printable(string s, int max)
    {
        if (s == null || s.Length == 0) return "-";
        int n = s.Length > max ? max : s.Length;
        char[] c = new char[n];
        for (int i = 0; i < n; i++) c[i] = s[i] > ' ' && s[i] < (char)0x7F ? s[i] : '_';
        return new string(c);
    }
}
