using NanoPhone.Sip.Agent;
using NanoPhone.Sip.Call;
using NanoPhone.Sip.Context;
using NanoPhone.Sip.Registration;
using NanoPhone.Sip.Text;
using NanoPhone.Sip.Timing;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Bench.Nano.Phone;

/// <summary>
/// The world around the phone's user agent as an ESP32 runs it (<see cref="NewAgent"/>: the
/// device's tables, 12 server and 8 client transactions, two live calls): a manual clock, the
/// application's settings and events, and an in-memory peer that is both the proxy forwarding
/// Graham's call and Linda's registrar. The peer's messages are encoded once; it answers from
/// preallocated buffers, so whatever a scenario allocates, the agent did. Each scenario ends with
/// the timers it started run out (the clock jumps from timer to timer), so it leaves the agent as
/// it found it and can be repeated for ever.
/// </summary>
public sealed class DeviceRig : IDatagramSender, IAgentEvents, IStreamSockets
{
    // Small, so that the rig and a device agent fit an ESP32's heap together (18 KB + 62 KB): the
    // phone sends at most 2 datagrams before the peer reads them, none longer than its 1536-byte writer.
    private const int MaxOut = 8;
    private const int Slot = 1536;

    public readonly ManualClock Clock = new ManualClock(1000000);
    public readonly AgentSettings Settings = new AgentSettings();
    public readonly Endpoint PhoneAt = new Endpoint("127.0.0.1", 5062);
    public readonly Endpoint ProxyAt = new Endpoint("127.0.0.1", 5070);

    // What the phone sent and the peer has not read yet.
    private readonly byte[][] _out = new byte[MaxOut][];
    private readonly int[] _outLen = new int[MaxOut];
    private int _outHead, _outCount;

    private readonly byte[] _rx = new byte[Slot];
    private readonly byte[] _reply = new byte[Slot];
    /// <summary>Graham calls the phone; Bob calls while Graham's call is answered (call waiting).</summary>
    private readonly Caller _graham, _bob;
    /// <summary>The callee's 200 to the phone's INVITE or re-INVITE: Contact and SDP (recvonly when the phone holds).</summary>
    private readonly byte[] _calleeContact, _calleeAnswer, _calleeAnswerHeld;
    private readonly byte[] _registrarContact;
    private readonly byte[] _registrarContactTcp;
    /// <summary>The agent registers over a TCP connection (handle 1) instead of UDP: its messages are written, the registrar's arrive as stream data.</summary>
    private bool _overConnection;

    /// <summary>The status codes of the responses the phone sent during the last scenario (0 for a request), in order.</summary>
    public readonly int[] SentCodes = new int[MaxOut];
    /// <summary>How many datagrams the phone sent during the last scenario.</summary>
    public int SentCount;
    /// <summary>REGISTERs the phone sent with an Authorization header during the last scenario.</summary>
    public int AuthorizedRegisters;
    public CallEventKind LastCallEvent;
    public int LastCallNumber;
    public RegistrationState LastRegistrationState;

    /// <summary>Everything but the agent (<see cref="NewAgent"/>), so the heap figures can weigh the agent alone.</summary>
    public DeviceRig()
    {
        for (int i = 0; i < MaxOut; i++) _out[i] = new byte[Slot];
        Settings.User = "linda";
        Settings.Password = "linda-secret";
        Settings.Domain = "nanophone.test";
        Settings.Server.CopyFrom(ProxyAt);
        Settings.Expires = 3600;

        _graham = new Caller("Graham", "graham", "86aee210", 1);
        _bob = new Caller("Bob", "bob", "4c21f9a0", 2);
        const string answer = "v=0\r\no=graham 2 2 IN IP4 192.0.2.7\r\ns=-\r\nc=IN IP4 192.0.2.7\r\nt=0 0\r\n"
            + "m=audio 49172 RTP/AVP 0 101\r\na=rtpmap:101 telephone-event/8000\r\n";
        const string answerHeld = answer + "a=recvonly\r\n";
        const string contact = "Contact: <sip:graham@127.0.0.1:5070>\r\nContent-Type: application/sdp\r\n";
        _calleeAnswer = Ascii.Utf8Bytes(contact + "Content-Length: " + answer.Length + "\r\n\r\n" + answer);
        _calleeAnswerHeld = Ascii.Utf8Bytes(contact + "Content-Length: " + answerHeld.Length + "\r\n\r\n" + answerHeld);
        _registrarContact = Ascii.Utf8Bytes("Contact: <sip:linda@127.0.0.1:5062>;expires=3600\r\n");
        _calleeContact = Ascii.Utf8Bytes("Contact: <sip:graham@127.0.0.1:5070>\r\n");
        _registrarContactTcp = Ascii.Utf8Bytes("Contact: <sip:linda@127.0.0.1:5062;transport=tcp>;expires=3600\r\n");
    }

    /// <summary>A new agent wired to this rig, as the firmware makes it: the device's tables, nothing registered.</summary>
    public UserAgent NewAgent()
    {
        return new UserAgent(Settings, Clock, this, this, new Randomness(4242), PhoneAt, AgentCapacity.Device());
    }

    /// <summary>An agent that registers over TCP (sip.transport tcp, no RFC 5626): the rig is its connection too.</summary>
    public UserAgent NewAgentOverConnection()
    {
        Settings.Server.Protocol = TransportProtocol.Tcp;
        Settings.OutboundMode = 0;
        _overConnection = true;
        return new UserAgent(Settings, Clock, this, this, new Randomness(4242), PhoneAt, AgentCapacity.Device(), null, this);
    }

    // ---- The phone's side ---------------------------------------------------------------------

    public int Open(Endpoint remote, string serverName) { return 1; }

    public bool Write(int handle, byte[] buf, int off, int len)
    {
        // A keep-alive is not a message for the peer.
        if (len <= 4 && buf[off] == (byte)'\r') return true;
        return Send(buf, off, len, ProxyAt);
    }

    public void Close(int handle) { }

    public bool Send(byte[] buf, int off, int len, Endpoint to)
    {
        if (_outCount == MaxOut) throw new System.InvalidOperationException("the phone sent more than " + MaxOut + " datagrams at once");
        int i = (_outHead + _outCount) % MaxOut;
        System.Array.Copy(buf, off, _out[i], 0, len);
        _outLen[i] = len;
        _outCount++;
        if (SentCount < MaxOut) SentCodes[SentCount] = Wire.StatusCode(_out[i], len);
        SentCount++;
        return true;
    }

    public void OnRegistration(RegistrationState state, string contact, int expires, string detail)
    {
        LastRegistrationState = state;
    }

    public void OnCall(CallEvent e)
    {
        LastCallEvent = e.Kind;
        LastCallNumber = e.Number;
    }

    // ---- The peer -----------------------------------------------------------------------------

    /// <summary>Sends one of the peer's messages to the phone (copied first: the phone parses in place), then lets the peer answer.</summary>
    private void Deliver(UserAgent agent, byte[] message)
    {
        System.Array.Copy(message, _rx, message.Length);
        agent.Receive(_rx, 0, message.Length, ProxyAt);
        Pump(agent);
    }

    /// <summary>The peer reads what the phone sent and answers, until the phone has nothing more to say.</summary>
    private void Pump(UserAgent agent)
    {
        while (_outCount > 0)
        {
            byte[] m = _out[_outHead];
            int len = _outLen[_outHead];
            _outHead = (_outHead + 1) % MaxOut;
            _outCount--;
            React(agent, m, len);
        }
    }

    private void React(UserAgent agent, byte[] m, int len)
    {
        int code = Wire.StatusCode(m, len);
        if (code >= 200)
        {
            // The proxy ACKs the phone's final response to the INVITE (§17.1.1.3) with its To tag,
            // which the phone writes last on the To line: 8 hex digits after "tag=". A 2xx gets an ACK
            // of its own, and the tag goes into the BYE too.
            int cseq = Wire.Line(m, len, 'C', 'S', 'e');
            int cseqEnd = cseq < 0 ? -1 : Wire.LineEnd(m, cseq, len);
            if (cseqEnd < 0 || m[cseqEnd - 6] != (byte)'I' || m[cseqEnd - 1] != (byte)'E') return;   // "CSeq: n INVITE"
            int to = Wire.Line(m, len, 'T', 'o', ':');
            int end = to < 0 ? -1 : Wire.LineEnd(m, to, len);
            if (end < 0 || m[end - 9] != (byte)'=') throw new System.InvalidOperationException("the phone's To tag is not 8 characters at the end of its To line");
            Caller caller = CallerOf(m, len);
            if (code >= 300)
            {
                caller.Refused(m, end - 8);
                Deliver(agent, caller.Ack);
                return;
            }
            caller.Answered(m, end - 8);
            Deliver(agent, caller.Ack2xx);
            return;
        }
        if (code == 0 && m[0] == (byte)'I' && m[1] == (byte)'N' && m[2] == (byte)'V')
        {
            // The phone calls Graham, or re-INVITEs a call (hold, resume): a new call rings first;
            // the 200 answers the offer, recvonly to the phone's hold. The phone's ACK needs nothing.
            bool fresh = !ToHasTag(m, len);
            int n;
            if (fresh)
            {
                n = Answer(m, len, Ringing, true, _calleeContact, NoBody);
                agent.Receive(_reply, 0, n, ProxyAt);
            }
            n = Answer(m, len, Ok, fresh, Contains(m, len, SendOnly) ? _calleeAnswerHeld : _calleeAnswer, Nothing);
            agent.Receive(_reply, 0, n, ProxyAt);
            return;
        }
        if (code == 0 && m[0] == (byte)'B' && m[1] == (byte)'Y' && m[2] == (byte)'E')
        {
            agent.Receive(_reply, 0, Answer(m, len, Ok, false, NoBody, Nothing), ProxyAt);
            return;
        }
        if (code == 0 && m[0] == (byte)'R' && m[1] == (byte)'E' && m[2] == (byte)'G')
        {
            bool authorized = Wire.Line(m, len, 'A', 'u', 't') >= 0;
            if (authorized) AuthorizedRegisters++;
            int n = authorized ? Answer(m, len, Ok, true, _overConnection ? _registrarContactTcp : _registrarContact, NoBody)
                : Answer(m, len, Unauthorized, true, Challenge, NoBody);
            if (_overConnection) agent.Flows.OnData(1, _reply, 0, n);
            else agent.Receive(_reply, 0, n, ProxyAt);
        }
    }

    private const string CalleeUri = "sip:graham@nanophone.test";

    private static readonly byte[] Ok = Ascii.Utf8Bytes("SIP/2.0 200 OK\r\n");
    private static readonly byte[] Ringing = Ascii.Utf8Bytes("SIP/2.0 180 Ringing\r\n");
    private static readonly byte[] Nothing = new byte[0];
    private static readonly byte[] SendOnly = Ascii.Utf8Bytes("a=sendonly");
    private static readonly byte[] TagParam = Ascii.Utf8Bytes(";tag=");
    private static readonly byte[] Unauthorized = Ascii.Utf8Bytes("SIP/2.0 401 Unauthorized\r\n");
    private static readonly byte[] RegistrarTag = Ascii.Utf8Bytes(";tag=reg0a1b2");
    private static readonly byte[] NoBody = Ascii.Utf8Bytes("Content-Length: 0\r\n\r\n");
    private static readonly byte[] Challenge = Ascii.Utf8Bytes(
        "WWW-Authenticate: Digest realm=\"nanophone.test\", nonce=\"5f1a9c3e7b2d4a6081c3e5f7a9b1d3f5\", qop=\"auth\", algorithm=MD5\r\n");

    /// <summary>
    /// The peer's response to request m in _reply (§8.2.6): the status line, the request's Via,
    /// From, To (+ the peer's tag if tag), Call-ID and CSeq lines copied, then extra and end.
    /// </summary>
    private int Answer(byte[] m, int len, byte[] status, bool tag, byte[] extra, byte[] end)
    {
        int n = Put(status, 0);
        int lf = Wire.NextLf(m, 0, len);
        while (lf >= 0 && lf + 3 < len && m[lf + 1] != (byte)'\r')
        {
            int s = lf + 1;
            lf = Wire.NextLf(m, s, len);
            byte a = m[s], b = m[s + 1], c = m[s + 2];
            bool to = a == (byte)'T' && b == (byte)'o' && c == (byte)':';
            bool copy = to || (a == (byte)'V' && b == (byte)'i') || (a == (byte)'F' && b == (byte)'r')
                || (a == (byte)'C' && (b == (byte)'a' || b == (byte)'S'));
            if (!copy) continue;
            int e = lf - 1;   // the CR
            System.Array.Copy(m, s, _reply, n, e - s);
            n += e - s;
            if (to && tag) n = Put(RegistrarTag, n);
            _reply[n++] = (byte)'\r';
            _reply[n++] = (byte)'\n';
        }
        n = Put(extra, n);
        return Put(end, n);
    }

    /// <summary>The caller whose Call-ID the phone's message m carries.</summary>
    private Caller CallerOf(byte[] m, int len)
    {
        int line = Wire.Line(m, len, 'C', 'a', 'l');
        if (line < 0) throw new System.InvalidOperationException("the phone's response has no Call-ID");
        return m[line + Caller.IdAt] == _bob.Id ? _bob : _graham;
    }

    /// <summary>True if the To line of m has a tag: a request inside a dialog.</summary>
    private static bool ToHasTag(byte[] m, int len)
    {
        int to = Wire.Line(m, len, 'T', 'o', ':');
        return to >= 0 && Contains(m, Wire.LineEnd(m, to, len), TagParam, to);
    }

    private static bool Contains(byte[] m, int len, byte[] part)
    {
        return Contains(m, len, part, 0);
    }

    /// <summary>True if part occurs in m between from and len.</summary>
    private static bool Contains(byte[] m, int len, byte[] part, int from)
    {
        for (int i = from; i + part.Length <= len; i++)
        {
            int k = 0;
            while (k < part.Length && m[i + k] == part[k]) k++;
            if (k == part.Length) return true;
        }
        return false;
    }

    private int Put(byte[] b, int n)
    {
        System.Array.Copy(b, 0, _reply, n, b.Length);
        return n + b.Length;
    }

    // ---- Time ---------------------------------------------------------------------------------

    /// <summary>Jumps to the next timer and runs it (the peer answers what it caused). False if none is pending.</summary>
    private bool Step(UserAgent agent)
    {
        long due = agent.NextDueMs;
        if (due == TimerQueue.Never) return false;
        if (due > Clock.NowMs) Clock.Set(due);
        agent.Tick();
        Pump(agent);
        return true;
    }

    /// <summary>Runs timers until every transaction has ended and only the registration's refresh timer (if registered) is left.</summary>
    private void Drain(UserAgent agent)
    {
        int idle = agent.Registration.State == RegistrationState.Registered ? 1 : 0;
        while (agent.Timers.Count > idle || agent.Layer.ClientCount + agent.Layer.ServerCount > 0)
        {
            if (!Step(agent)) break;
        }
        if (agent.Layer.ClientCount + agent.Layer.ServerCount != 0 || agent.Calls.Current != null)
            throw new System.InvalidOperationException("the phone is not idle after its timers ran out");
    }

    private void BeginScenario()
    {
        SentCount = 0;
        AuthorizedRegisters = 0;
    }

    // ---- Scenarios ----------------------------------------------------------------------------

    /// <summary>
    /// One incoming call the caller gives up on: INVITE → 100, 180; CANCEL → 200, 487; ACK; then
    /// the INVITE's Timer I and the CANCEL's Timer J end both transactions.
    /// </summary>
    public void IncomingCall(UserAgent agent)
    {
        BeginScenario();
        Ring(agent);
        GiveUp(agent);
        if (SentCount != 4) throw new System.InvalidOperationException("incoming call: the phone sent " + SentCount + " datagrams, not 4");
    }

    /// <summary>The first half of <see cref="IncomingCall"/>: INVITE → 100, 180; the phone rings.</summary>
    public void Ring(UserAgent agent)
    {
        Deliver(agent, _graham.Invite);
        if (LastCallEvent != CallEventKind.Ringing) throw new System.InvalidOperationException("incoming call: not ringing");
        _graham.Number = LastCallNumber;
    }

    /// <summary>The second half: CANCEL → 200, 487; ACK; the timers end both transactions.</summary>
    public void GiveUp(UserAgent agent)
    {
        Deliver(agent, _graham.Cancel);
        if (LastCallEvent != CallEventKind.Missed) throw new System.InvalidOperationException("incoming call: not missed");
        Drain(agent);
    }

    /// <summary>The user answers the ringing call: 200 with the phone's SDP; the caller ACKs it.</summary>
    public void Answer(UserAgent agent)
    {
        if (!agent.Calls.Answer(LastCallNumber)) throw new System.InvalidOperationException("answer: no call to answer");
        Pump(agent);
        if (LastCallEvent != CallEventKind.Answered) throw new System.InvalidOperationException("answer: not answered");
    }

    /// <summary>The caller hangs up the answered call: BYE → 200; the timers end the transactions.</summary>
    public void CallerHangsUp(UserAgent agent)
    {
        Deliver(agent, _graham.Bye);
        if (LastCallEvent != CallEventKind.Ended) throw new System.InvalidOperationException("hang-up: not ended");
        Drain(agent);
    }

    /// <summary>
    /// The user dials Graham: INVITE → 180, 200 with his answer; ACK. Then hangs up: BYE → 200; the
    /// timers end the transactions.
    /// </summary>
    public void Dial(UserAgent agent)
    {
        BeginScenario();
        string error;
        int number = agent.Calls.Dial(CalleeUri, out error);
        if (number == 0) throw new System.InvalidOperationException("dial: " + error);
        Pump(agent);
        if (LastCallEvent != CallEventKind.Answered) throw new System.InvalidOperationException("dial: not answered");
        if (!agent.Calls.HangUp(number)) throw new System.InvalidOperationException("dial: no call to hang up");
        Pump(agent);
        if (LastCallEvent != CallEventKind.Ended) throw new System.InvalidOperationException("dial: not ended");
        Drain(agent);
    }

    /// <summary>
    /// Call waiting (on): Graham's call is answered; Bob calls and waits (180); the user answers Bob,
    /// which holds Graham (re-INVITE sendonly → 200 recvonly; ACK); Bob hangs up (BYE → 200); the
    /// user resumes Graham (re-INVITE → 200; ACK); Graham hangs up; the timers end the transactions.
    /// </summary>
    public void CallWaiting(UserAgent agent)
    {
        BeginScenario();
        Ring(agent);
        Answer(agent);
        Deliver(agent, _bob.Invite);
        if (LastCallEvent != CallEventKind.Ringing) throw new System.InvalidOperationException("call waiting: Bob does not wait");
        _bob.Number = LastCallNumber;
        if (!agent.Calls.Answer(_bob.Number)) throw new System.InvalidOperationException("call waiting: Bob's call not answered");
        Pump(agent);
        if (!Is(agent, _graham.Number, CallState.Confirmed, true) || !Is(agent, _bob.Number, CallState.Confirmed, false))
            throw new System.InvalidOperationException("call waiting: Graham not held while Bob talks");
        Deliver(agent, _bob.Bye);
        SipCall bob = agent.Calls.ByNumber(_bob.Number);
        if (bob != null && bob.IsLive) throw new System.InvalidOperationException("call waiting: Bob's call not ended");
        if (!agent.Calls.Hold(_graham.Number, false)) throw new System.InvalidOperationException("call waiting: Graham's call not resumed");
        Pump(agent);
        if (!Is(agent, _graham.Number, CallState.Confirmed, false)) throw new System.InvalidOperationException("call waiting: Graham's call not resumed");
        CallerHangsUp(agent);
    }

    private static bool Is(UserAgent agent, int number, CallState state, bool holding)
    {
        SipCall call = agent.Calls.ByNumber(number);
        return call != null && call.State == state && call.IsHolding == holding;
    }

    /// <summary>Registers: REGISTER → 401 with an MD5 challenge → REGISTER with credentials → 200; Timer K runs out.</summary>
    public void Register(UserAgent agent)
    {
        BeginScenario();
        agent.Registration.Start();
        if (_overConnection)
        {
            // The connection opens (the phone's end is its Contact), then the REGISTER goes on it.
            Endpoint local = new Endpoint("127.0.0.1", 5062);
            local.Protocol = TransportProtocol.Tcp;
            agent.Flows.OnOpened(1, local);
        }
        Pump(agent);
        if (agent.Registration.State != RegistrationState.Registered) throw new System.InvalidOperationException("not registered");
        Drain(agent);
    }

    /// <summary>
    /// The refresh timer fires (at 90 % of the granted hour): REGISTER with credentials for the nonce
    /// it has (nc counting up, a new cnonce: one MD5 digest) → 200; Timer K runs out.
    /// </summary>
    public void RegisterRefresh(UserAgent agent)
    {
        BeginScenario();
        if (!Step(agent)) throw new System.InvalidOperationException("register refresh: no refresh timer");
        Drain(agent);
        if (AuthorizedRegisters != 1 || SentCount != 1 || agent.Registration.State != RegistrationState.Registered)
            throw new System.InvalidOperationException("register refresh: " + SentCount + " sent, " + AuthorizedRegisters + " with credentials");
    }
}
