using System;
using NanoPhone.App.Config;
using NanoPhone.App.Phone;
using NanoPhone.Hal;
using NanoPhone.Sip.Agent;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Timing;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Host.Simulator;

/// <summary>
/// Takes the phone's incoming calls through once before the simulator listens, so that .NET has
/// compiled their code when the first real INVITE comes: without it the first call after start
/// waited ~11 ms for its 100 Trying and ~25 ms in all (the JIT compiling the parser, transactions,
/// the call machine and the app as they ran), the next ones ~0.1 ms.
/// A throwaway phone made as the real one is (its settings copied, silent hardware, a manual
/// clock, a network that keeps only the last datagram, the device's table sizes) takes an INVITE
/// cancelled while it rings, one that do-not-disturb turns away, and one answered and ended by a
/// BYE. Nothing of it stays: the real phone, its socket and its settings are not touched, and the
/// throwaway's events go nowhere.
/// Why warming and not ReadyToRun: ahead-of-time code still leaves loading the types, running
/// their static constructors and binding each call site to the first call, and it needs a build
/// per runtime identifier with the crossgen package; running the paths does all of it, for the
/// app's own code too, in a few tens of milliseconds at start.
/// </summary>
internal static class WarmUp
{
    private const string User = "warmup";
    private static readonly Endpoint Peer = new("127.0.0.1", 5999);

    public static void Run(PhoneConfig config)
    {
        var copy = new PhoneConfig();
        string[] values = config.Snapshot();
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] != null) copy.TrySet(ConfigKeys.All[i].Name, values[i], out _);
        }
        // Our user, any sender (the ghost filter admits direct calls), no forward that would turn the calls away.
        copy.TrySet(ConfigKeys.SipUser, User, out _);
        copy.TrySet(ConfigKeys.DirectCalls, "on", out _);
        copy.TrySet(ConfigKeys.Dnd, "off", out _);
        copy.Unset(ConfigKeys.ForwardAlwaysTarget);

        var clock = new ManualClock(1_000_000);
        var network = new LastDatagram();
        var silent = new Silent();
        var hardware = new PhoneHardware(new HalClock(clock), new HalSettings(), silent, silent);
        var app = new PhoneApp(copy, hardware, clock, network, new Endpoint("127.0.0.1", 5062), 1, AgentCapacity.Device())
        {
            Events = silent,
        };
        UserAgent agent = app.Agent;

        // Rings, then the caller gives up: 100, 180; CANCEL 200 and 487; ACK.
        Deliver(agent, Invite(1));
        Deliver(agent, Request("CANCEL", 1, 1, null));
        Deliver(agent, Request("ACK", 1, 1, null));

        // Do-not-disturb: 100, 486; ACK.
        copy.TrySet(ConfigKeys.Dnd, "on", out _);
        Deliver(agent, Invite(2));
        Deliver(agent, Request("ACK", 2, 1, null));
        copy.TrySet(ConfigKeys.Dnd, "off", out _);

        // Answered: 200 with the SDP answer; ACK; the caller hangs up (BYE, 200).
        Deliver(agent, Invite(3));
        if (agent.Calls.Answer(app.RingingCall) && network.ToTag(out string tag))
        {
            Deliver(agent, Request("ACK", 3, 1, tag, "z9hG4bKwarm3ack"));
            Deliver(agent, Request("BYE", 3, 2, tag, "z9hG4bKwarm3bye"));
        }
        app.Poll();
        clock.Set(clock.NowMs + 64_000);   // every timer due: the transactions end
        agent.Tick();
    }

    private static void Deliver(UserAgent agent, string text)
    {
        byte[] b = System.Text.Encoding.ASCII.GetBytes(text);
        agent.Receive(b, 0, b.Length, Peer);
    }

    private static string Invite(int n)
    {
        const string sdp = "v=0\r\no=warmup 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" +
            "m=audio 49170 RTP/AVP 0 8 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n" +
            "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\na=ptime:20\r\na=sendrecv\r\n";
        return Request("INVITE", n, 1, null, null, "Content-Type: application/sdp\r\n", sdp);
    }

    private static string Request(string method, int n, int cseq, string? toTag, string? branch = null, string extra = "", string body = "")
    {
        return method + " sip:" + User + "@127.0.0.1:5062 SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP 127.0.0.1:5999;branch=" + (branch ?? "z9hG4bKwarm" + n) + ";rport\r\n" +
            "Max-Forwards: 70\r\n" +
            "From: \"Warm Up\" <sip:caller@127.0.0.1:5999>;tag=warm" + n + "\r\n" +
            "To: <sip:" + User + "@127.0.0.1:5062>" + (toTag != null ? ";tag=" + toTag : "") + "\r\n" +
            "Call-ID: warmup-" + n + "@127.0.0.1\r\n" +
            "CSeq: " + cseq + " " + method + "\r\n" +
            "Contact: <sip:caller@127.0.0.1:5999>\r\n" +
            extra +
            "Content-Length: " + body.Length + "\r\n\r\n" + body;
    }

    /// <summary>The network of the throwaway phone: keeps the last datagram (the 200's To tag is needed for its ACK and BYE).</summary>
    private sealed class LastDatagram : IDatagramSender
    {
        private byte[] _last = new byte[0];

        public bool Send(byte[] buf, int off, int len, Endpoint to)
        {
            _last = new byte[len];
            Array.Copy(buf, off, _last, 0, len);
            return true;
        }

        public bool ToTag(out string tag)
        {
            var m = new SipMessage();
            tag = "";
            if (new SipParser().Parse(_last, 0, _last.Length, m) != ParseStatus.Ok || !m.HasToTag) return false;
            tag = System.Text.Encoding.ASCII.GetString(m.Buffer, m.ToTagOffset, m.ToTagLength);
            return true;
        }
    }

    private sealed class Silent : IToneOutput, ILampOutput, IPhoneEventSink
    {
        public void ToneOn(int frequencyHz) { }

        public void ToneOff() { }

        public void SetLamp(Indicator which, bool lit) { }

        public void PhoneEvent(string line) { }
    }
}
