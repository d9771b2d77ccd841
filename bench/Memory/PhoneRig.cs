using System;
using System.Text;
using NanoPhone.Sip.Agent;
using NanoPhone.Sip.Call;
using NanoPhone.Sip.Context;
using NanoPhone.Sip.Registration;
using NanoPhone.Sip.Timing;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Bench.Memory;

/// <summary>
/// One NanoPhone UserAgent on a manual clock, wired to an in-memory peer that allocates nothing:
/// the phone's datagrams are copied into preallocated slots, and the peer (registrar, caller,
/// callee at the proxy's address) answers with pre-encoded messages, echoing the phone's Via,
/// From, To, Call-ID and CSeq byte by byte and patching the phone's 8-hex-digit To tag into its
/// ACK and BYE. So whatever a benchmark or counter around a scenario allocates, the phone did.
/// Each scenario ends with every timer it started run out (the clock jumps from timer to timer),
/// so it leaves the phone as it found it and can be repeated forever.
/// </summary>
public sealed class PhoneRig : IDatagramSender, IAgentEvents
{
    public const int Capacity = 8;
    private const int MaxOut = 32;
    private const int Slot = 4096;

    public readonly ManualClock Clock = new(1_000_000);
    public readonly AgentSettings Settings = new();
    public readonly UserAgent Agent;
    public readonly Endpoint PhoneAt = new("127.0.0.1", 5062);
    public readonly Endpoint ProxyAt = new("127.0.0.1", 5070);

    // What the phone sent, not yet seen by the peer.
    private readonly byte[][] _out = new byte[MaxOut][];
    private readonly int[] _outLen = new int[MaxOut];
    private int _outHead, _outCount;

    // The peer's messages, pre-encoded; copied into _rx before delivery (the phone parses in place).
    private readonly byte[] _rx = new byte[Slot];
    private readonly byte[] _reply = new byte[Slot];
    private readonly byte[] _invite, _cancel, _ack487, _ack200, _bye;
    private readonly int _ack487Tag, _ack200Tag, _byeTag;
    private readonly byte[] _tag = new byte[8];
    private readonly byte[] _calleeTag = Encoding.ASCII.GetBytes("callee01");
    private readonly byte[] _calleeContact = Encoding.ASCII.GetBytes("Contact: <sip:bob@127.0.0.1:5070>\r\n");
    private readonly byte[] _registrarContact;
    private readonly byte[] _sdpAnswer;

    /// <summary>Datagrams the phone sent (all kinds); of them, CRLF keep-alives, and copies of the datagram sent just before (retransmissions).</summary>
    public long Sent;
    public long KeepAlivesSent;
    public long Retransmissions;
    private readonly byte[] _last = new byte[Slot];
    private int _lastLen;
    public int LastCallNumber;
    public CallEventKind LastCallEvent;
    public RegistrationState LastRegistrationState;

    /// <param name="capacity">The agent's tables: null for <see cref="Capacity"/> server and client transactions and 2 call slots.</param>
    public PhoneRig(int keepAliveSeconds = 0, int expires = 3600, AgentCapacity? capacity = null)
    {
        for (int i = 0; i < MaxOut; i++) _out[i] = new byte[Slot];
        Settings.User = "linda";
        Settings.Password = "linda-secret";
        Settings.Domain = "nanophone.test";
        Settings.Server.CopyFrom(ProxyAt);
        Settings.Expires = expires;
        Settings.KeepAliveSeconds = keepAliveSeconds;
        Agent = capacity == null
            ? new UserAgent(Settings, Clock, this, this, new Randomness(4242), PhoneAt, Capacity)
            : new UserAgent(Settings, Clock, this, this, new Randomness(4242), PhoneAt, capacity);

        string sdp = "v=0\r\no=graham 1 1 IN IP4 192.0.2.7\r\ns=-\r\nc=IN IP4 192.0.2.7\r\nt=0 0\r\nm=audio 49170 RTP/AVP 0 8 101\r\na=rtpmap:101 telephone-event/8000\r\n";
        const string dialog = "From: \"Graham\" <sip:graham@nanophone.test>;tag=86aee210\r\nCall-ID: bench-1@graham.example\r\n";
        _invite = Ascii(
            "INVITE sip:linda@127.0.0.1:5062 SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKbench1\r\n" +
            "Max-Forwards: 69\r\n" + dialog +
            "To: <sip:linda@nanophone.test>\r\n" +
            "CSeq: 1 INVITE\r\n" +
            "Contact: <sip:graham@127.0.0.1:5070>\r\n" +
            "Content-Type: application/sdp\r\n" +
            "Content-Length: " + sdp.Length + "\r\n\r\n" + sdp);
        _cancel = Ascii(
            "CANCEL sip:linda@127.0.0.1:5062 SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKbench1\r\n" +
            "Max-Forwards: 70\r\n" + dialog +
            "To: <sip:linda@nanophone.test>\r\n" +
            "CSeq: 1 CANCEL\r\n" +
            "Content-Length: 0\r\n\r\n");
        _ack487 = Ascii(
            "ACK sip:linda@127.0.0.1:5062 SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKbench1\r\n" +
            "Max-Forwards: 70\r\n" + dialog +
            "To: <sip:linda@nanophone.test>;tag=TTTTTTTT\r\n" +
            "CSeq: 1 ACK\r\n" +
            "Content-Length: 0\r\n\r\n");
        _ack200 = Ascii(
            "ACK sip:linda@127.0.0.1:5062 SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKbench1ack\r\n" +
            "Max-Forwards: 70\r\n" + dialog +
            "To: <sip:linda@nanophone.test>;tag=TTTTTTTT\r\n" +
            "CSeq: 1 ACK\r\n" +
            "Content-Length: 0\r\n\r\n");
        _bye = Ascii(
            "BYE sip:linda@127.0.0.1:5062 SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKbench1bye\r\n" +
            "Max-Forwards: 70\r\n" + dialog +
            "To: <sip:linda@nanophone.test>;tag=TTTTTTTT\r\n" +
            "CSeq: 2 BYE\r\n" +
            "Content-Length: 0\r\n\r\n");
        _ack487Tag = IndexOf(_ack487, "TTTTTTTT");
        _ack200Tag = IndexOf(_ack200, "TTTTTTTT");
        _byeTag = IndexOf(_bye, "TTTTTTTT");
        _registrarContact = Ascii("Contact: <sip:linda@127.0.0.1:5062>;expires=" + expires + "\r\n");
        _sdpAnswer = Ascii("v=0\r\no=bob 1 1 IN IP4 192.0.2.9\r\ns=-\r\nc=IN IP4 192.0.2.9\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\n");
    }

    /// <summary>The rig's own datagram buffers (a parsed message keeps pointing into the buffer it came in): footprint walks stop here.</summary>
    public bool Owns(object o)
    {
        if (ReferenceEquals(o, _rx) || ReferenceEquals(o, _reply)) return true;
        foreach (byte[] b in _out)
        {
            if (ReferenceEquals(o, b)) return true;
        }
        return false;
    }

    private static byte[] Ascii(string s) => Encoding.ASCII.GetBytes(s);

    private static int IndexOf(byte[] b, string s)
    {
        for (int i = 0; i + s.Length <= b.Length; i++)
        {
            int k = 0;
            while (k < s.Length && b[i + k] == (byte)s[k]) k++;
            if (k == s.Length) return i;
        }
        throw new InvalidOperationException(s + " not found");
    }

    // ---- The phone's side -------------------------------------------------------------------------

    public bool Send(byte[] buf, int off, int len, Endpoint to)
    {
        if (_outCount == MaxOut) throw new InvalidOperationException("the phone sent more than " + MaxOut + " datagrams at once");
        int i = (_outHead + _outCount) % MaxOut;
        Buffer.BlockCopy(buf, off, _out[i], 0, len);
        _outLen[i] = len;
        _outCount++;
        Sent++;
        if (len == 4 && buf[off] == (byte)'\r')
        {
            KeepAlivesSent++;
            return true;
        }
        if (len == _lastLen && buf.AsSpan(off, len).SequenceEqual(_last.AsSpan(0, len))) Retransmissions++;
        Buffer.BlockCopy(buf, off, _last, 0, len);
        _lastLen = len;
        return true;
    }

    public void OnRegistration(RegistrationState state, string contact, int expires, string detail) => LastRegistrationState = state;

    public void OnCall(CallEvent e)
    {
        LastCallNumber = e.Number;
        LastCallEvent = e.Kind;
    }

    // ---- The peer ------------------------------------------------------------------------------

    /// <summary>Sends a pre-encoded message to the phone (copied first: the phone parses in place).</summary>
    public void Deliver(byte[] message)
    {
        Buffer.BlockCopy(message, 0, _rx, 0, message.Length);
        Agent.Receive(_rx, 0, message.Length, ProxyAt);
        Pump();
    }

    /// <summary>The peer reads what the phone sent and answers, until the phone has nothing more to say.</summary>
    public void Pump()
    {
        while (_outCount > 0)
        {
            byte[] m = _out[_outHead];
            int len = _outLen[_outHead];
            _outHead = (_outHead + 1) % MaxOut;
            _outCount--;
            React(m, len);
        }
    }

    /// <summary>The caller sends no ACK for the phone's final responses (so the phone retransmits them).</summary>
    public bool WithholdAcks;
    /// <summary>The registrar does not answer (so the phone retransmits its REGISTER).</summary>
    public bool WithholdRegisterReply;
    /// <summary>The callee does not answer the phone's INVITE (so the phone retransmits it, Timer A).</summary>
    public bool WithholdInviteReply;

    private void React(byte[] m, int len)
    {
        if (len == 4 && m[0] == (byte)'\r') return;   // keep-alive
        if (StartsWith(m, "SIP/2.0 "))
        {
            // A response to our INVITE: remember the phone's tag; ACK a final one.
            int code = (m[8] - '0') * 100 + (m[9] - '0') * 10 + (m[10] - '0');
            if (CSeqIs(m, len, "INVITE") && code > 100) CopyToTag(m, len);
            if (!CSeqIs(m, len, "INVITE")) return;
            if (WithholdAcks) return;
            if (code >= 300) { Patch(_ack487, _ack487Tag); Deliver(_ack487); }
            else if (code == 200) { Patch(_ack200, _ack200Tag); Deliver(_ack200); }
            return;
        }
        if (StartsWith(m, "REGISTER "))
        {
            if (WithholdRegisterReply) return;
            int n = Echo(m, len, "200 OK", null, _registrarContact, null);
            Agent.Receive(_reply, 0, n, ProxyAt);
            return;
        }
        if (StartsWith(m, "INVITE "))
        {
            if (WithholdInviteReply) return;
            int n = Echo(m, len, "180 Ringing", _calleeTag, _calleeContact, null);
            Agent.Receive(_reply, 0, n, ProxyAt);
            n = Echo(m, len, "200 OK", _calleeTag, _calleeContact, _sdpAnswer);
            Agent.Receive(_reply, 0, n, ProxyAt);
            return;
        }
        if (StartsWith(m, "BYE ") || StartsWith(m, "CANCEL "))
        {
            int n = Echo(m, len, "200 OK", null, null, null);
            Agent.Receive(_reply, 0, n, ProxyAt);
        }
        // ACK: nothing to answer.
    }

    private void Patch(byte[] message, int at) => Buffer.BlockCopy(_tag, 0, message, at, 8);

    private static bool StartsWith(byte[] m, string s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            if (m[i] != (byte)s[i]) return false;
        }
        return true;
    }

    /// <summary>Index of the line starting with name (after a CRLF), or -1.</summary>
    private static int Line(byte[] m, int len, string name)
    {
        for (int i = 0; i + 2 + name.Length < len; i++)
        {
            if (m[i] != (byte)'\r' || m[i + 1] != (byte)'\n') continue;
            if (m[i + 2] == (byte)'\r') return -1;   // end of headers
            int k = 0;
            while (k < name.Length && m[i + 2 + k] == (byte)name[k]) k++;
            if (k == name.Length) return i + 2;
        }
        return -1;
    }

    private static int LineEnd(byte[] m, int p)
    {
        while (m[p] != (byte)'\r') p++;
        return p;
    }

    private static bool CSeqIs(byte[] m, int len, string method)
    {
        int p = Line(m, len, "CSeq: ");
        if (p < 0) return false;
        int e = LineEnd(m, p);
        int s = e - method.Length;
        for (int i = 0; i < method.Length; i++)
        {
            if (m[s + i] != (byte)method[i]) return false;
        }
        return m[s - 1] == (byte)' ';
    }

    private void CopyToTag(byte[] m, int len)
    {
        int p = Line(m, len, "To: ");
        int e = LineEnd(m, p);
        for (int i = p; i + 4 < e; i++)
        {
            if (m[i] == (byte)'t' && m[i + 1] == (byte)'a' && m[i + 2] == (byte)'g' && m[i + 3] == (byte)'=')
            {
                if (e - (i + 4) < 8) throw new InvalidOperationException("a To tag shorter than 8");
                Buffer.BlockCopy(m, i + 4, _tag, 0, 8);
                return;
            }
        }
    }

    /// <summary>A response to request m in _reply (§8.2.6: Via, From, To [+ tag], Call-ID, CSeq echoed).</summary>
    private int Echo(byte[] m, int len, string status, byte[]? toTag, byte[]? extra, byte[]? sdp)
    {
        int n = Put("SIP/2.0 ", 0);
        n = Put(status, n);
        n = Put("\r\n", n);
        for (int p = 0; p < len; p++)
        {
            if (m[p] != (byte)'\r') continue;
            int s = p + 2;
            if (s >= len || m[s] == (byte)'\r') break;
            bool via = Is(m, s, "Via: "), to = Is(m, s, "To: ");
            if (!via && !to && !Is(m, s, "From: ") && !Is(m, s, "Call-ID: ") && !Is(m, s, "CSeq: ")) continue;
            int e = LineEnd(m, s);
            Buffer.BlockCopy(m, s, _reply, n, e - s);
            n += e - s;
            if (to && toTag != null)
            {
                n = Put(";tag=", n);
                Buffer.BlockCopy(toTag, 0, _reply, n, toTag.Length);
                n += toTag.Length;
            }
            n = Put("\r\n", n);
        }
        if (extra != null)
        {
            Buffer.BlockCopy(extra, 0, _reply, n, extra.Length);
            n += extra.Length;
        }
        if (sdp != null) n = Put("Content-Type: application/sdp\r\n", n);
        n = Put("Content-Length: ", n);
        n = Number(sdp?.Length ?? 0, n);
        n = Put("\r\n\r\n", n);
        if (sdp != null)
        {
            Buffer.BlockCopy(sdp, 0, _reply, n, sdp.Length);
            n += sdp.Length;
        }
        return n;
    }

    private static bool Is(byte[] m, int at, string name)
    {
        for (int i = 0; i < name.Length; i++)
        {
            if (m[at + i] != (byte)name[i]) return false;
        }
        return true;
    }

    private int Put(string s, int n)
    {
        for (int i = 0; i < s.Length; i++) _reply[n++] = (byte)s[i];
        return n;
    }

    private int Number(int v, int n)
    {
        if (v >= 100) _reply[n++] = (byte)('0' + v / 100);
        if (v >= 10) _reply[n++] = (byte)('0' + v / 10 % 10);
        _reply[n++] = (byte)('0' + v % 10);
        return n;
    }

    // ---- Time ----------------------------------------------------------------------------------

    /// <summary>Jumps to the next timer and runs it (the peer answers what it caused). False if none is pending.</summary>
    public bool Step()
    {
        long due = Agent.NextDueMs;
        if (due == TimerQueue.Never) return false;
        if (due > Clock.NowMs) Clock.Set(due);
        Agent.Tick();
        Pump();
        return true;
    }

    /// <summary>Runs timers until only idleTimers remain (the registration's), every transaction ended.</summary>
    public void Drain(int idleTimers)
    {
        while (Agent.Timers.Count > idleTimers || Agent.Layer.ClientCount + Agent.Layer.ServerCount > 0)
        {
            if (!Step()) break;
        }
        if (Agent.Layer.ClientCount + Agent.Layer.ServerCount != 0 || Agent.Calls.Current != null)
            throw new InvalidOperationException("the phone is not idle after its timers ran out");
    }

    // ---- Scenarios ------------------------------------------------------------------------------

    /// <summary>Registers once (the refresh timer then stays).</summary>
    public void Register()
    {
        Agent.Registration.Start();
        Pump();
        if (Agent.Registration.State != RegistrationState.Registered) throw new InvalidOperationException("not registered");
        Drain(IdleTimers);
    }

    public int IdleTimers => (Agent.Registration.State == RegistrationState.Registered ? 1 : 0) + (Settings.KeepAliveSeconds > 0 && Agent.Registration.State == RegistrationState.Registered ? 1 : 0);

    /// <summary>INVITE → 100, 180 → CANCEL → 200, 487 → ACK; then the INVITE's and CANCEL's timers run out.</summary>
    public void IncomingCancelled()
    {
        int idle = IdleTimers;
        Deliver(_invite);
        if (LastCallEvent != CallEventKind.Ringing) throw new InvalidOperationException("not ringing: " + LastCallEvent);
        Deliver(_cancel);
        if (LastCallEvent != CallEventKind.Missed) throw new InvalidOperationException("not missed: " + LastCallEvent);
        Drain(idle);
    }

    /// <summary>INVITE → 100, 180 → answer: 200 → ACK → BYE → 200; then every timer runs out.</summary>
    public void IncomingAnswered()
    {
        int idle = IdleTimers;
        Deliver(_invite);
        if (!Agent.Calls.Answer(LastCallNumber)) throw new InvalidOperationException("cannot answer");
        Pump();
        Patch(_bye, _byeTag);
        Deliver(_bye);
        if (LastCallEvent != CallEventKind.Ended) throw new InvalidOperationException("not ended: " + LastCallEvent);
        Drain(idle);
    }

    /// <summary>Dial → INVITE → 180, 200 → ACK → hang up: BYE → 200; then every timer runs out.</summary>
    public void Outgoing()
    {
        int idle = IdleTimers;
        int n = Agent.Calls.Dial("1234", out string? error);
        if (n == 0) throw new InvalidOperationException(error);
        Pump();
        if (LastCallEvent != CallEventKind.Answered) throw new InvalidOperationException("not answered: " + LastCallEvent);
        Agent.Calls.HangUp(n);
        Pump();
        Drain(idle);
    }

    /// <summary>The refresh timer fires: REGISTER → 200 → registered; the transaction's Timer K runs out.</summary>
    public void RegisterRefresh()
    {
        int idle = IdleTimers;
        if (!Step()) throw new InvalidOperationException("no refresh timer");
        Drain(idle);
    }

    /// <summary>Rings (keeps ringing): for INVITE retransmissions.</summary>
    public void Ring() => Deliver(_invite);

    /// <summary>The caller's INVITE again while the phone rings: the phone resends its 180.</summary>
    public void InviteRetransmission() => Deliver(_invite);

    public void Cancel() => Deliver(_cancel);

    public void Answer() => Agent.Calls.Answer(LastCallNumber);
}
