using NanoPhone.Sip.Message;
using NanoPhone.Sip.Timing;
using NanoPhone.Sip.Transaction;
using NanoPhone.Sip.Transport;

namespace NanoPhone.NFUnitTest.Support
{
    /// <summary>
    /// A transaction layer on a manual clock with a recording transport and a recording TU, as in
    /// tests/Sipua.Tests/Transaction/TransactionHarness, without generics: fixed arrays and counts.
    /// RunUntil steps the clock from timer to timer, as the loop thread sleeps until NextDueMs.
    /// </summary>
    public sealed class TransactionRig : IDatagramSender, ITransactionUser, IRandom
    {
        public const string LocalBranch = "z9hG4bKnashds8";
        public const string PeerBranch = "z9hG4bK776asdhds";
        public const string CallId = "a84b4c76e66710@pc33.atlanta.example.com";
        private const int Capacity = 128;

        public readonly ManualClock Clock = new ManualClock();
        public readonly TimerQueue Timers = new TimerQueue(64);
        public readonly TransactionLayer Layer;
        /// <summary>Where client requests go and server requests come from.</summary>
        public readonly Endpoint Peer = new Endpoint("192.0.2.20", 5070);

        private readonly long[] _sentAt = new long[Capacity];
        private readonly string[] _sentStartLine = new string[Capacity];
        private readonly string[] _events = new string[Capacity];
        private uint _random = 0x1000;

        public int SentCount;
        public int EventCount;
        /// <summary>When true, the transport refuses to send.</summary>
        public bool Fail;
        /// <summary>When true, the TU answers every INVITE with 100 Trying at once.</summary>
        public bool SendTryingForInvite;
        public SipTransaction LastServerTx;

        public TransactionRig() : this(new TimerSettings()) { }

        public TransactionRig(TimerSettings settings)
        {
            Layer = new TransactionLayer(Clock, Timers, this, this, this, settings, 4, 4);
        }

        public string Event(int i) { return _events[i]; }

        /// <summary>Times of the sends whose start line begins with prefix.</summary>
        public long[] SendTimes(string prefix)
        {
            int n = 0;
            for (int i = 0; i < SentCount; i++) if (_sentStartLine[i].StartsWith(prefix)) n++;
            long[] t = new long[n];
            n = 0;
            for (int i = 0; i < SentCount; i++) if (_sentStartLine[i].StartsWith(prefix)) t[n++] = _sentAt[i];
            return t;
        }

        public void RunUntil(long ms)
        {
            while (Timers.NextDueMs <= ms)
            {
                Clock.Set(Timers.NextDueMs);
                Timers.RunDue(Clock.NowMs);
            }
            Clock.Set(ms);
        }

        public static SipMessage Parse(string text)
        {
            byte[] b = Bytes.Of(text);
            SipMessage m = new SipMessage();
            if (new SipParser().Parse(b, 0, b.Length, m) != ParseStatus.Ok) throw new System.Exception("test message does not parse: " + m.Error);
            return m;
        }

        public RequestOutcome Receive(string request) { return Layer.OnRequest(Parse(request), Peer); }

        public bool ReceiveResponse(string response) { return Layer.OnResponse(Parse(response), Peer); }

        /// <summary>Starts a client transaction for a request.</summary>
        public SipTransaction Send(SipMethod method, string request)
        {
            byte[] b = Bytes.Of(request);
            byte[] branch = Bytes.Of(LocalBranch);
            return Layer.SendRequest(method, branch, 0, branch.Length, b, 0, b.Length, Peer);
        }

        public bool Respond(SipTransaction tx, string response)
        {
            byte[] b = Bytes.Of(response);
            return Layer.SendResponse(tx, b, 0, b.Length);
        }

        // ---- Messages, modelled on RFC 3261 §24.2: we are 192.0.2.10, the peer 192.0.2.20:5070 ----

        /// <summary>A request our TU encoded (client side), with a Route set.</summary>
        public static string Outgoing(string method)
        {
            return method + " sip:bob@biloxi.example.com SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=" + LocalBranch + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "Route: <sip:p1.example.com;lr>\r\n"
                + "Route: <sip:p2.example.com;lr>\r\n"
                + "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
                + "To: Bob <sip:bob@biloxi.example.com>\r\n"
                + "Call-ID: " + CallId + "\r\n"
                + "CSeq: 314159 " + method + "\r\n"
                + "Contact: <sip:alice@192.0.2.10>\r\n"
                + "Content-Length: 0\r\n\r\n";
        }

        /// <summary>The peer's response to one of our requests.</summary>
        public static string ResponseTo(string method, int code, string reason)
        {
            return "SIP/2.0 " + code + " " + reason + "\r\n"
                + "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=" + LocalBranch + ";rport=5060;received=192.0.2.10\r\n"
                + "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
                + "To: Bob <sip:bob@biloxi.example.com>" + (code == 100 ? "" : ";tag=a6c85cf") + "\r\n"
                + "Call-ID: " + CallId + "\r\n"
                + "CSeq: 314159 " + method + "\r\n"
                + "Content-Length: 0\r\n\r\n";
        }

        /// <summary>A request from the peer (server side); toTag "" for none.</summary>
        public static string Incoming(string method, string toTag)
        {
            return method + " sip:alice@192.0.2.10 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 192.0.2.20:5070;branch=" + PeerBranch + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: Bob <sip:bob@biloxi.example.com>;tag=a73kszlfl\r\n"
                + "To: Alice <sip:alice@atlanta.example.com>" + (toTag.Length == 0 ? "" : ";tag=" + toTag) + "\r\n"
                + "Call-ID: " + CallId + "\r\n"
                + "CSeq: 1 " + method + "\r\n"
                + "Content-Length: 0\r\n\r\n";
        }

        /// <summary>A response our TU sends on a server transaction (To tag 314159).</summary>
        public static string Reply(string method, int code, string reason)
        {
            return "SIP/2.0 " + code + " " + reason + "\r\n"
                + "Via: SIP/2.0/UDP 192.0.2.20:5070;branch=" + PeerBranch + "\r\n"
                + "From: Bob <sip:bob@biloxi.example.com>;tag=a73kszlfl\r\n"
                + "To: Alice <sip:alice@atlanta.example.com>" + (code == 100 ? "" : ";tag=314159") + "\r\n"
                + "Call-ID: " + CallId + "\r\n"
                + "CSeq: 1 " + method + "\r\n"
                + "Content-Length: 0\r\n\r\n";
        }

        // ---- IDatagramSender ----

        public bool Send(byte[] buf, int off, int len, Endpoint to)
        {
            int end = off;
            while (end + 1 < off + len && !(buf[end] == (byte)'\r' && buf[end + 1] == (byte)'\n')) end++;
            if (SentCount < Capacity)
            {
                _sentAt[SentCount] = Clock.NowMs;
                _sentStartLine[SentCount] = Bytes.Text(buf, off, end - off);
                SentCount++;
            }
            return !Fail;
        }

        // ---- ITransactionUser: "time event detail" lines ----

        private void Note(string what)
        {
            if (EventCount < Capacity) _events[EventCount++] = Clock.NowMs + " " + what;
        }

        public void OnRequest(SipTransaction tx, SipMessage request, Endpoint source)
        {
            LastServerTx = tx;
            Note("request " + request.MethodText);
            if (SendTryingForInvite && request.Method == SipMethod.Invite) Layer.SendTrying(tx, request);
        }

        public void OnAck(SipTransaction inviteTx, SipMessage ack, Endpoint source)
        {
            Note("ack " + (inviteTx == null ? "no-transaction" : inviteTx.StateName));
        }

        public void OnResponse(SipTransaction tx, SipMessage response)
        {
            Note("response " + response.StatusCode + " " + tx.StateName);
        }

        public void OnTimeout(SipTransaction tx) { Note("timeout " + Names.Of(tx.End)); }

        public void OnTransportError(SipTransaction tx) { Note("transport-error " + tx.StateName); }

        public void OnTerminated(SipTransaction tx) { Note("terminated " + Names.Of(tx.End)); }

        // ---- IRandom: counter-based, so branches differ and repeat across runs ----

        public uint Next()
        {
            unchecked { _random += 0x9E3779B9; }
            return _random;
        }
    }
}
