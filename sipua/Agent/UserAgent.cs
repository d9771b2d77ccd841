using NanoPhone.Sip.Call;
using NanoPhone.Sip.Context;
using NanoPhone.Sip.Dns;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Registration;
using NanoPhone.Sip.Sdp;
using NanoPhone.Sip.Subscription;
using NanoPhone.Sip.Text;
using NanoPhone.Sip.Timing;
using NanoPhone.Sip.Transaction;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Sip.Agent;

/// <summary>
/// The user agent core: datagrams in (Receive), datagrams out (through IDatagramSender), time in
/// (Tick). It parses each datagram in place, answers what RFC 3261 §8.2 rejects statelessly,
/// runs the transaction layer and hands requests and responses to registration and calls. It is
/// the one part that knows both; they get the <see cref="UaContext"/> it builds (layer, timers,
/// clock, scratch, settings, random source) and their own events interface. One loop thread calls
/// Receive and Tick; nothing here locks, sleeps or touches a socket.
/// </summary>
public sealed class UserAgent : ITransactionUser, IDatagramReceiver
{
    private readonly SipParser _parser = new SipParser();
    private readonly SipMessage _rx = new SipMessage();
    // One of each scratch object for the whole agent (the transaction layer, registration, calls):
    // on the one loop thread every use builds or parses, then sends or copies what it needs, before
    // the next use begins, so none of them needs its own (about 14 KB on the device).
    private readonly SipWriter _writer = new SipWriter(1536);
    private readonly Endpoint _replyTarget = new Endpoint();
    private readonly ByteField _tag = new ByteField(16);
    private readonly UaContext _context;

    /// <summary>An agent with transactionCapacity server and client transactions and two call slots (tests).</summary>
    public UserAgent(AgentSettings settings, IClock clock, IDatagramSender sender, IAgentEvents events,
        Randomness random, Endpoint localContact, int transactionCapacity)
        : this(settings, clock, sender, events, random, localContact,
            new AgentCapacity(transactionCapacity < 4 ? 4 : transactionCapacity, transactionCapacity < 4 ? 4 : transactionCapacity, 2))
    {
    }

    /// <summary>An agent whose calls all receive RTP on the configured port (CallSettings.Media.RtpPort).</summary>
    public UserAgent(AgentSettings settings, IClock clock, IDatagramSender sender, IAgentEvents events,
        Randomness random, Endpoint localContact, AgentCapacity capacity)
        : this(settings, clock, sender, events, random, localContact, capacity, null)
    {
    }

    /// <param name="ports">Where each call receives RTP; null: the configured port for every call (<see cref="ConfiguredMediaPort"/>).</param>
    public UserAgent(AgentSettings settings, IClock clock, IDatagramSender sender, IAgentEvents events,
        Randomness random, Endpoint localContact, AgentCapacity capacity, IMediaPorts ports)
        : this(settings, clock, sender, events, random, localContact, capacity, ports, null)
    {
    }

    /// <param name="sender">The platform's UDP socket.</param>
    /// <param name="streams">The platform's TCP and TLS connections (their events go to <see cref="Flows"/>); null: UDP only.</param>
    public UserAgent(AgentSettings settings, IClock clock, IDatagramSender sender, IAgentEvents events,
        Randomness random, Endpoint localContact, AgentCapacity capacity, IMediaPorts ports, IStreamSockets streams)
    {
        if (capacity == null) throw new System.ArgumentNullException("capacity");
        Settings = settings;
        Clock = clock;
        Events = events;
        Random = random;
        Capacity = capacity;
        Timers = new TimerQueue(capacity.Timers);
        SipMessage scratch = new SipMessage();
        Flows = new SipFlows(sender, clock, Timers, capacity.Connections, capacity.MaxStreamMessage);
        Flows.Streams = streams;
        Flows.Receiver = this;
        Layer = new TransactionLayer(clock, Timers, Flows, this, random, settings.Timers,
            capacity.ClientTransactions, capacity.ServerTransactions, _parser, scratch, _writer);
        Flows.Layer = Layer;
        SipResolver resolver = new SipResolver(clock, Timers, Flows, random, null);
        Locator = new ServerLocator(settings, resolver);
        resolver.Events = Locator;
        Endpoint contact = new Endpoint();
        contact.CopyFrom(localContact);
        _context = new UaContext(settings, clock, Timers, Layer, random, _writer, _parser, scratch, contact, Flows, Locator);
        Registration = new RegistrationClient(_context, events);
        Flows.Events = Registration;
        Locator.Listener = Registration;
        Calls = new CallManager(_context, CallSettings, events, ports != null ? ports : new ConfiguredMediaPort(CallSettings.Media), capacity.Calls);
        _context.LiveCalls = Calls;
        Mwi = new MwiClient(_context, MwiSettings, events as IMwiEvents);
    }

    /// <summary>The connections and datagrams the agent sends on; the platform gives it its connections' events (IStreamEvents).</summary>
    public SipFlows Flows { get; }

    /// <summary>The servers for requests outside a dialog (RFC 3263) and the DNS client that finds them.</summary>
    public ServerLocator Locator { get; }

    /// <summary>The sizes of the tables, fixed at construction.</summary>
    public AgentCapacity Capacity { get; }

    public AgentSettings Settings { get; }

    public IClock Clock { get; }

    public TimerQueue Timers { get; }

    public TransactionLayer Layer { get; }

    public IAgentEvents Events { get; }

    public Randomness Random { get; }

    public RegistrationClient Registration { get; }

    public CallManager Calls { get; }

    /// <summary>
    /// Message waiting (RFC 3842): the message-summary subscription and unsolicited NOTIFYs. Events
    /// go to the agent's events object when it also implements <see cref="IMwiEvents"/>.
    /// </summary>
    public MwiClient Mwi { get; }

    /// <summary>mwi.subscribe, mwi.uri, mwi.expires.</summary>
    public MwiSettings MwiSettings { get; } = new MwiSettings();

    /// <summary>Forwarding, do-not-disturb, ghost filter, media.</summary>
    public CallSettings CallSettings { get; } = new CallSettings();

    /// <summary>The address REGISTER responses come from: the registrar's, or the outbound proxy's when one is set (it may differ from a configured name).</summary>
    public Endpoint RegistrarSeen { get { return _context.RegistrarSeen; } }

    /// <summary>The address this phone receives on, as written into Via and Contact.</summary>
    public Endpoint LocalContact { get { return _context.LocalContact; } }

    /// <summary>What registration and calls are given of the agent.</summary>
    public UaContext Context { get { return _context; } }

    /// <summary>
    /// The shared writer for every message the agent and its parts build (requests, responses, the
    /// layer's 100 Trying and ACKs): used within one call, never kept; each message is sent or copied
    /// before the next is begun.
    /// </summary>
    public SipWriter Writer { get { return _writer; } }


    /// <summary>Datagrams received that were not SIP (or broken beyond an answer), dropped.</summary>
    public int Dropped { get; private set; }

    /// <summary>Requests answered statelessly with an error (400, 405, 416, 420, 501, 503...).</summary>
    public int Rejected { get; private set; }

    /// <summary>When Tick next has work: the earliest timer (TimerQueue.Never if none).</summary>
    public long NextDueMs { get { return Timers.NextDueMs; } }

    /// <summary>Runs every timer that is due. Returns how many fired.</summary>
    public int Tick()
    {
        return Timers.RunDue(Clock.NowMs);
    }

    /// <summary>
    /// The transport bound to a new address or port, or the network came back: registration moves
    /// the binding to it.
    /// </summary>
    public void SetLocalContact(Endpoint now)
    {
        _context.DatagramContact.CopyFrom(now);
        if (TransportProtocols.IsReliable(_context.LocalContact.Protocol))
        {
            // The connection's end moved with the address: registration opens a new one.
            Registration.NetworkChanged();
            return;
        }
        _context.LocalContact.CopyFrom(now);
        Registration.ContactChanged(now);
    }

    /// <summary>A message framed from a connection (SipFlows): as a datagram.</summary>
    public void OnDatagram(byte[] buf, int off, int len, Endpoint source)
    {
        Receive(buf, off, len, source);
    }

    /// <summary>One datagram from the network. buf is parsed in place and may be changed.</summary>
    public void Receive(byte[] buf, int off, int len, Endpoint source)
    {
        // The DNS server's answers come in on this socket too.
        if (source.Protocol == TransportProtocol.Udp && Locator.Resolver.OnDatagram(buf, off, len, source)) return;
        ParseStatus status = _parser.Parse(buf, off, len, _rx);
        if (status == ParseStatus.KeepAlive) return;
        UaContext.SetSource(_rx, source);
        string reason;
        int verdict = RequestCheck.Answer(_rx, out reason);
        if (!_rx.IsRequest)
        {
            if (verdict != 0 || !Layer.OnResponse(_rx, source)) Dropped++;
            else if (_rx.CSeqMethod == SipMethod.Register) RegistrarSeen.CopyFrom(source);
            return;
        }
        if (verdict > 0)
        {
            // An ACK is never answered (§17.1.1.3); a broken one is dropped.
            if (_rx.Method == SipMethod.Ack || !RejectStatelessly(verdict, reason, source)) Dropped++;
            return;
        }
        if (IsStray(_rx) && !Layer.IsRetransmission(_rx))
        {
            // A CANCEL for no INVITE, or an in-dialog request for no dialog: 481 without a
            // transaction, so strays cannot take the slots kept for requests that matter.
            if (!RejectStatelessly(481, "Call/Transaction Does Not Exist", source)) Dropped++;
            return;
        }
        if (IsNewWork(_rx) && Layer.ServerCount >= Layer.ServerCapacity - ReservedServerSlots)
        {
            // Overload: the last slots are kept for CANCEL, BYE and in-dialog requests, so calls the
            // phone already has can still end while a flood of new requests is shed (unless this one
            // is a retransmission the layer absorbs).
            if (!Layer.IsRetransmission(_rx))
            {
                if (!RejectStatelessly(503, "Service Unavailable", source)) Dropped++;
                return;
            }
        }
        RequestOutcome outcome = Layer.OnRequest(_rx, source);
        if (outcome == RequestOutcome.Refused)
        {
            // Overload: the transaction pool is full. Shed the request, tell the peer when to retry.
            if (!RejectStatelessly(503, "Service Unavailable", source)) Dropped++;
        }
        else if (outcome == RequestOutcome.Invalid)
        {
            Dropped++;
        }
    }

    private bool RejectStatelessly(int code, string reason, Endpoint source)
    {
        if (!ResponseBuilder.CanAnswer(_rx)) return false;
        NewTag(_tag);
        ResponseBuilder.RejectStatelessly(_writer, _rx, code, reason, _tag.Buffer, 0, _tag.Length);
        TransactionLayer.ResponseTarget(_rx, source, _replyTarget);
        Rejected++;
        return Layer.SendStateless(_writer.Buffer, 0, _writer.Length, _replyTarget);
    }

    /// <summary>Server transaction slots only requests for existing calls may take (CANCEL, BYE, in-dialog).</summary>
    public const int ReservedServerSlots = 2;

    /// <summary>A CANCEL that matches no INVITE, or a request with a To tag that matches no dialog, call or subscription (ACK aside).</summary>
    private bool IsStray(SipMessage m)
    {
        if (m.Method == SipMethod.Cancel) return Layer.FindInviteServer(m) == null;
        return m.HasToTag && m.Method != SipMethod.Ack && !Calls.HasDialog(m) && !Mwi.Matches(m);
    }

    /// <summary>A request that would start something new: outside a dialog, and not a CANCEL or ACK.</summary>
    private static bool IsNewWork(SipMessage m)
    {
        return !m.HasToTag && m.Method != SipMethod.Cancel && m.Method != SipMethod.Ack;
    }

    /// <summary>Writes a fresh random tag (8 hex digits) into tag.</summary>
    public void NewTag(ByteField tag)
    {
        _context.NewTag(tag);
    }

    // ---- ITransactionUser ----------------------------------------------------------------------

    public void OnRequest(SipTransaction tx, SipMessage request, Endpoint source)
    {
        switch (request.Method)
        {
            case SipMethod.Options:
                AnswerOptions(tx, request);
                break;
            case SipMethod.Invite:
                Calls.OnInvite(tx, request, source);
                break;
            case SipMethod.Cancel:
                Calls.OnCancel(tx, request);
                break;
            case SipMethod.Bye:
                Calls.OnBye(tx, request);
                break;
            case SipMethod.Refer:
                Calls.OnRefer(tx, request);
                break;
            case SipMethod.Notify:
                // One NOTIFY handler: in a call's dialog it reports a REFER's progress (RFC 3515);
                // anything else is message waiting (RFC 3842: in its subscription, or unsolicited).
                if (request.HasToTag && Calls.FindDialog(request) != null) Calls.OnNotify(tx, request);
                else Mwi.OnNotify(tx, request, source);
                break;
            case SipMethod.Update:
                Calls.OnUpdate(tx, request);
                break;
            case SipMethod.Info:
                Calls.OnInfo(tx, request);
                break;
            default:
                Answer(tx, request, 481, "Call/Transaction Does Not Exist");
                break;
        }
    }

    /// <summary>OPTIONS outside a dialog (§11.2): 200 with what the phone can do.</summary>
    private void AnswerOptions(SipTransaction tx, SipMessage request)
    {
        NewTag(_tag);
        ResponseBuilder.Begin(_writer, request, 200, "OK", _tag.Buffer, 0, _tag.Length);
        _writer.Header("Allow", RequestCheck.Allow);
        _writer.Header("Accept", RequestCheck.AcceptedBody);
        _writer.Header("Supported", RequestCheck.Supported);
        ResponseBuilder.End(_writer);
        Layer.SendResponse(tx, _writer.Buffer, 0, _writer.Length);
    }

    /// <summary>A final response with no extra headers, from a transaction's request.</summary>
    public void Answer(SipTransaction tx, SipMessage request, int code, string reason)
    {
        NewTag(_tag);
        ResponseBuilder.Begin(_writer, request, code, reason, _tag.Buffer, 0, _tag.Length);
        ResponseBuilder.End(_writer);
        Layer.SendResponse(tx, _writer.Buffer, 0, _writer.Length);
    }

    public void OnAck(SipTransaction inviteTx, SipMessage ack, Endpoint source)
    {
        Calls.OnAck(ack);
    }

    /// <summary>
    /// True if uri names this phone: our AOR (user@domain) or our Contact (user@address:port).
    /// A forward target like that would send the call back to us.
    /// </summary>
    public bool IsOwnAddress(string uri)
    {
        return _context.IsOwnAddress(uri);
    }

    public void OnResponse(SipTransaction tx, SipMessage response)
    {
        IClientOwner owner = tx.UserData as IClientOwner;
        if (owner != null) owner.OnResponse(tx, response);
    }

    public void OnTimeout(SipTransaction tx)
    {
        IClientOwner owner = tx.UserData as IClientOwner;
        if (owner != null) owner.OnNoResponse(tx, "no response");
    }

    public void OnTransportError(SipTransaction tx)
    {
        IClientOwner owner = tx.UserData as IClientOwner;
        if (owner != null && tx.IsClient) owner.OnNoResponse(tx, "network unreachable");
    }

    public void OnTerminated(SipTransaction tx)
    {
        IClientOwner owner = tx.UserData as IClientOwner;
        tx.UserData = null;
        if (owner != null) owner.OnTerminated(tx);
    }
}
