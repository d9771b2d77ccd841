using System;
using System.Collections.Generic;
using System.Text;
using NanoPhone.App.Config;
using NanoPhone.App.Phone;
using NanoPhone.Hal;
using NanoPhone.Sip.Agent;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Timing;
using NanoPhone.Sip.Transport;

namespace NanoPhone.App.Tests.Phone;

/// <summary>A datagram the phone sent, with when and where.</summary>
public sealed record Sent(long AtMs, byte[] Bytes, string To)
{
    public string Text => Encoding.UTF8.GetString(Bytes);

    public string FirstLine => Text.Split("\r\n")[0];

    public SipMessage Parse()
    {
        var m = new SipMessage();
        byte[] copy = (byte[])Bytes.Clone();
        var st = new SipParser().Parse(copy, 0, copy.Length, m);
        if (st != ParseStatus.Ok && st != ParseStatus.KeepAlive) throw new InvalidOperationException("phone sent a malformed message: " + m.Error + "\n" + Text);
        return m;
    }

    /// <summary>A header's value (first occurrence), or "".</summary>
    public string Header(HeaderId id)
    {
        var m = Parse();
        int i = m.IndexOf(id);
        return i < 0 ? "" : Encoding.UTF8.GetString(m.Buffer, m.ValueOffsetAt(i), m.ValueLengthAt(i));
    }
}

public sealed class ToneRecorder : IToneOutput
{
    public List<string> Log { get; } = new();
    public bool On { get; private set; }
    public void ToneOn(int frequencyHz) { On = true; Log.Add("on " + frequencyHz); }
    public void ToneOff() { On = false; Log.Add("off"); }
}

public sealed class LampRecorder : ILampOutput
{
    private readonly bool[] _lit = new bool[Indicators.Count];
    public bool IsLit(Indicator lamp) => _lit[(int)lamp];
    public void SetLamp(Indicator which, bool lit) => _lit[(int)which] = lit;
}

public sealed class FakePlatform : IPhonePlatform
{
    public int Reboots;
    public bool? SipLog;
    public long FreeMemoryBytes { get; set; } = 65536;
    public void Reboot() => Reboots++;
    public void SetSipLog(bool on) => SipLog = on;
}

/// <summary>The door relay's coil: every change, with the level.</summary>
public sealed class RelayRecorder : IRelayOutput
{
    public readonly List<bool> Changes = new();
    public bool Energised;

    public void SetRelay(bool energised)
    {
        Energised = energised;
        Changes.Add(energised);
    }

    /// <summary>Times the coil was energised.</summary>
    public int Pulses => Changes.FindAll(c => c).Count;
}

/// <summary>
/// A PhoneApp on a manual clock, over the HAL's own logic (PhoneHardware: Keypad, HookSwitch, Ringer,
/// Indicators) fed directly, with a recording network: the test plays the registrar and the caller
/// by feeding datagrams, the person at the phone by feeding raw key and hook levels, and advances
/// time instead of sleeping.
/// </summary>
public sealed class PhoneRig : IDatagramSender, IPhoneEventSink
{
    public readonly NanoPhone.Sip.Timing.ManualClock Clock = new(1_000_000);
    public readonly PhoneConfig Config = new();
    public readonly ToneRecorder Tone = new();
    public readonly LampRecorder Lamps = new();
    public readonly RelayRecorder Relay = new();
    public readonly PhoneHardware Hw;
    public readonly FakePlatform Platform = new();
    public readonly List<Sent> Out = new();
    public readonly List<string> Events = new();
    /// <summary>When each of <see cref="Events"/> came (the loop clock).</summary>
    public readonly List<long> EventTimes = new();
    public readonly Endpoint Registrar = new("127.0.0.1", 5070);
    public readonly Endpoint Local;
    public readonly PhoneApp App;

    public PhoneRig(Action<PhoneConfig>? configure = null, string localHost = "127.0.0.1", int localPort = 5062,
        AgentCapacity? capacity = null, NanoPhone.Sip.Sdp.IMediaPorts? mediaPorts = null)
    {
        Set(ConfigKeys.SipServer, "127.0.0.1");
        Set(ConfigKeys.SipPort, "5070");
        Set(ConfigKeys.SipUser, "linda");
        Set(ConfigKeys.SipPassword, "linda-secret");
        Set(ConfigKeys.SipDomain, "nanophone.test");
        configure?.Invoke(Config);
        Hw = new PhoneHardware(new HalClock(Clock), new HalSettings(), Tone, Lamps, Relay);
        Local = new Endpoint(localHost, localPort);
        App = new PhoneApp(Config, Hw, Clock, this, Local, 42, capacity ?? AgentCapacity.Device(), mediaPorts) { Events = this, Platform = Platform };
    }

    public void Set(string key, string value)
    {
        if (!Config.TrySet(key, value, out string? error)) throw new InvalidOperationException(error);
    }

    public bool Send(byte[] buf, int off, int len, Endpoint to)
    {
        byte[] copy = new byte[len];
        Array.Copy(buf, off, copy, 0, len);
        Out.Add(new Sent(Clock.NowMs, copy, to.ToString()));
        return true;
    }

    public void PhoneEvent(string line)
    {
        Events.Add(line);
        EventTimes.Add(Clock.NowMs);
    }

    /// <summary>Events since the mark (an index into Events).</summary>
    public List<string> EventsSince(int mark) => Events.GetRange(mark, Events.Count - mark);

    /// <summary>Advances time in steps of 10 ms as the loop thread would: timers, then the phone's Poll.</summary>
    public void Run(long ms)
    {
        long end = Clock.NowMs + ms;
        while (Clock.NowMs < end)
        {
            Clock.Advance(Math.Min(10, end - Clock.NowMs));
            App.Agent.Tick();
            App.Poll();
        }
    }

    /// <summary>A datagram from the registrar (or from <paramref name="from"/>).</summary>
    public void Deliver(string text, Endpoint? from = null)
    {
        byte[] b = Encoding.UTF8.GetBytes(text.Replace("\r\n", "\n").Replace("\n", "\r\n"));
        App.Agent.Receive(b, 0, b.Length, from ?? Registrar);
    }

    public List<Sent> Requests(string method) => Out.FindAll(s => s.Text.StartsWith(method + " "));

    public Sent Last(string method) => Requests(method)[^1];

    public List<Sent> Responses(int code) => Out.FindAll(s => s.Text.StartsWith("SIP/2.0 " + code + " "));

    /// <summary>Starts the phone and answers its REGISTER with 200 (our Contact, 3600 s).</summary>
    public void StartRegistered()
    {
        App.Start();
        AcceptRegister();
    }

    /// <summary>Answers the last REGISTER with 200 listing its Contact.</summary>
    public void AcceptRegister(int expires = 3600)
    {
        Sent register = Last("REGISTER");
        string contact = register.Header(HeaderId.Contact);
        int semi = contact.IndexOf(';');
        if (semi >= 0) contact = contact.Substring(0, semi);
        Deliver(RegistrarReplies.Reply(register, 200, "OK", "Contact: " + contact + ";expires=" + expires));
    }

    /// <summary>The handset lifted (true) or put down, held until the hook switch has debounced it.</summary>
    public void Hook(bool offHook)
    {
        Hw.HookLogic.Feed(offHook, Clock.NowMs);
        Run(HookSwitch.DefaultDebounceMs + 20);
    }

    /// <summary>One key pressed and released, each held past the keypad's debounce.</summary>
    public void Press(PhoneKey key)
    {
        Hw.KeypadLogic.Feed(key, true, Clock.NowMs);
        Run(50);
        Hw.KeypadLogic.Feed(key, false, Clock.NowMs);
        Run(50);
    }

    public LampMode Lamp(Indicator lamp) => Hw.Indicators.Get(lamp);
}

/// <summary>Builds a registrar's responses to a request the phone sent.</summary>
public static class RegistrarReplies
{
    /// <summary>A response copying Via, From, To (+tag), Call-ID and CSeq, plus extra header lines.</summary>
    public static string Reply(Sent request, int code, string reason, params string[] extra)
    {
        var m = request.Parse();
        var sb = new StringBuilder();
        sb.Append("SIP/2.0 ").Append(code).Append(' ').Append(reason).Append("\r\n");
        for (int i = m.IndexOf(HeaderId.Via); i >= 0; i = m.IndexOf(HeaderId.Via, i + 1))
            sb.Append("Via: ").Append(Value(m, i)).Append("\r\n");
        sb.Append("From: ").Append(Value(m, m.IndexOf(HeaderId.From))).Append("\r\n");
        sb.Append("To: ").Append(Value(m, m.IndexOf(HeaderId.To))).Append(";tag=reg1\r\n");
        sb.Append("Call-ID: ").Append(Value(m, m.IndexOf(HeaderId.CallId))).Append("\r\n");
        sb.Append("CSeq: ").Append(Value(m, m.IndexOf(HeaderId.CSeq))).Append("\r\n");
        foreach (string e in extra) sb.Append(e).Append("\r\n");
        sb.Append("Content-Length: 0\r\n\r\n");
        return sb.ToString();
    }

    private static string Value(SipMessage m, int i) => Encoding.UTF8.GetString(m.Buffer, m.ValueOffsetAt(i), m.ValueLengthAt(i));

    public const string Challenge = "WWW-Authenticate: Digest realm=\"nanophone.test\", nonce=\"n1\", qop=\"auth\", algorithm=MD5";
}

/// <summary>A caller's messages, as the proxy (127.0.0.1:5070) forwards them to the phone (127.0.0.1:5062).</summary>
public sealed class CallerScript
{
    public string CallId = "call-1@graham.example";
    public string FromTag = "86aee210";
    public long CSeq = 1;
    public string Branch = "z9hG4bKinv1";
    public string Sdp = "v=0\no=graham 1 1 IN IP4 192.0.2.7\ns=-\nc=IN IP4 192.0.2.7\nt=0 0\nm=audio 49170 RTP/AVP 0 8 101\na=rtpmap:101 telephone-event/8000\n";

    public const string Peer = "Graham <sip:graham@nanophone.test>";

    /// <summary>The INVITE, with extra header lines (each ending in CRLF) before its Content-Type.</summary>
    public string Invite(string extra = "")
    {
        string body = Sdp.Replace("\n", "\r\n");
        return "INVITE sip:linda@127.0.0.1:5062 SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=" + Branch + "\r\n" +
            "Record-Route: <sip:127.0.0.1:5070;lr>\r\n" +
            "Max-Forwards: 69\r\n" +
            "From: \"Graham\" <sip:graham@nanophone.test>;tag=" + FromTag + "\r\n" +
            "To: <sip:linda@nanophone.test>\r\n" +
            "Call-ID: " + CallId + "\r\n" +
            "CSeq: " + CSeq + " INVITE\r\n" +
            "Contact: <sip:graham@192.0.2.7:5060>\r\n" +
            extra +
            "Content-Type: application/sdp\r\n" +
            "Content-Length: " + body.Length + "\r\n\r\n" + body;
    }

    public string Cancel(string? reason = null) =>
        "CANCEL sip:linda@127.0.0.1:5062 SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=" + Branch + "\r\n" +
        "Max-Forwards: 70\r\n" +
        "From: \"Graham\" <sip:graham@nanophone.test>;tag=" + FromTag + "\r\n" +
        "To: <sip:linda@nanophone.test>\r\n" +
        "Call-ID: " + CallId + "\r\n" +
        "CSeq: " + CSeq + " CANCEL\r\n" +
        (reason != null ? "Reason: " + reason + "\r\n" : "") +
        "Content-Length: 0\r\n\r\n";

    public string InDialog(string method, string toTag, long cseq, string branch, string body = "") =>
        method + " sip:linda@127.0.0.1:5062 SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=" + branch + "\r\n" +
        "Max-Forwards: 70\r\n" +
        "From: \"Graham\" <sip:graham@nanophone.test>;tag=" + FromTag + "\r\n" +
        "To: <sip:linda@nanophone.test>;tag=" + toTag + "\r\n" +
        "Call-ID: " + CallId + "\r\n" +
        "CSeq: " + cseq + " " + method + "\r\n" +
        (body.Length > 0 ? "Content-Type: application/sdp\r\n" : "") +
        "Content-Length: " + body.Replace("\n", "\r\n").Length + "\r\n\r\n" + body.Replace("\n", "\r\n");

    /// <summary>The To tag the phone put on a response.</summary>
    public static string ToTagOf(Sent response)
    {
        var m = response.Parse();
        return Encoding.UTF8.GetString(m.Buffer, m.ToTagOffset, m.ToTagLength);
    }
}
