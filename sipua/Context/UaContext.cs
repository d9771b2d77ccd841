using NanoPhone.Sip.Auth;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Text;
using NanoPhone.Sip.Timing;
using NanoPhone.Sip.Transaction;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Sip.Context;

/// <summary>
/// What the parts above the transaction layer (registration, calls) use of the agent, and nothing
/// more: the account, the clock and timers, the transaction layer, the random source, and the
/// agent's one set of scratch objects. Built once by the agent, which is the only thing that knows
/// registration and calls; they know this and not it (no service locator, no import cycle).
/// Everything runs on the agent's one loop thread: a scratch object is used from start to finish
/// (build and send, parse and read) before the next use begins.
/// </summary>
public sealed class UaContext
{
    private readonly SipUri _ownCheck = new SipUri();

    public UaContext(AgentSettings settings, IClock clock, TimerQueue timers, TransactionLayer layer, Randomness random,
        SipWriter writer, SipParser parser, SipMessage scratch, Endpoint localContact)
        : this(settings, clock, timers, layer, random, writer, parser, scratch, localContact, null, null)
    {
    }

    /// <param name="flows">The connections (TCP, TLS) and datagrams the agent sends on; null: UDP through the layer only.</param>
    /// <param name="locator">The servers for requests outside a dialog; null: the configured first hop as it is.</param>
    public UaContext(AgentSettings settings, IClock clock, TimerQueue timers, TransactionLayer layer, Randomness random,
        SipWriter writer, SipParser parser, SipMessage scratch, Endpoint localContact, SipFlows flows, ServerLocator locator)
    {
        Flows = flows;
        Locator = locator;
        DatagramContact.CopyFrom(localContact);
        Settings = settings;
        Clock = clock;
        Timers = timers;
        Layer = layer;
        Random = random;
        Writer = writer;
        Parser = parser;
        Scratch = scratch;
        LocalContact = localContact;
    }

    /// <summary>The account and where requests outside a dialog go; read when a request is built.</summary>
    public AgentSettings Settings { get; }

    public IClock Clock { get; }

    public TimerQueue Timers { get; }

    public TransactionLayer Layer { get; }

    public Randomness Random { get; }

    /// <summary>The writer every message is built in; sent or copied before the next is begun.</summary>
    public SipWriter Writer { get; }

    public SipParser Parser { get; }

    /// <summary>The message kept bytes are parsed into again (a kept INVITE, the INVITE a CANCEL copies): use it at once.</summary>
    public SipMessage Scratch { get; }

    /// <summary>Scratch for a new challenge's nonce, compared with the kept one (registration, calls).</summary>
    public DigestChallenge Probe { get; } = new DigestChallenge();

    /// <summary>
    /// The address this phone receives on, as written into Via and Contact: the UDP socket's, or over
    /// TCP and TLS this side of the registration's connection (with its protocol). Updated in place.
    /// </summary>
    public Endpoint LocalContact { get; }

    /// <summary>The UDP socket's address (the platform's; LocalContact while the phone uses UDP).</summary>
    public Endpoint DatagramContact { get; } = new Endpoint();

    /// <summary>Connections and datagrams; null in an agent without them (then the layer sends datagrams itself).</summary>
    public SipFlows Flows { get; }

    /// <summary>The servers for requests outside a dialog, in order; null: Settings.FirstHop as configured.</summary>
    public ServerLocator Locator { get; }

    /// <summary>Where a new request outside a dialog goes: the server registration uses now (RFC 3263 §4.3), else the configured first hop.</summary>
    public Endpoint FirstHop { get { return Locator != null ? Locator.Current : Settings.FirstHop; } }

    /// <summary>The registrar keeps an RFC 5626 flow for us: dialog-forming requests carry ;ob in their Contact.</summary>
    public bool OutboundFlow;

    /// <summary>Whether a call is ringing, being placed or talking (registration moves back to its preferred server only without one).</summary>
    public ILiveCalls LiveCalls;

    /// <summary>The address REGISTER responses come from: the registrar's, or the outbound proxy's (it may differ from a configured name).</summary>
    public Endpoint RegistrarSeen { get; } = new Endpoint();

    /// <summary>Writes a fresh random tag (8 hex digits) into tag.</summary>
    public void NewTag(ByteField tag)
    {
        uint v = Random.Next();
        byte[] b = tag.Buffer;
        for (int i = 0; i < 8; i++)
        {
            int d = (int)((v >> (28 - 4 * i)) & 15);
            b[i] = (byte)(d < 10 ? '0' + d : 'a' + d - 10);
        }
        tag.Set(b, 0, 8);
    }

    /// <summary>Bytes kept earlier (already unfolded, so parsing changes nothing) parsed into <see cref="Scratch"/>; null if they do not parse.</summary>
    public SipMessage Reparse(byte[] bytes, int length)
    {
        if (length == 0 || Parser.Parse(bytes, 0, length, Scratch) != ParseStatus.Ok) return null;
        return Scratch;
    }

    /// <summary>Records where m came from, for the received/rport of our responses' top Via.</summary>
    public static void SetSource(SipMessage m, Endpoint source)
    {
        int n = source.WriteHost(m.SourceHost, 0);
        if (n > 1 && m.SourceHost[0] == (byte)'[')
        {
            System.Array.Copy(m.SourceHost, 1, m.SourceHost, 0, n - 2);
            n -= 2;
        }
        m.SourceHostLength = n;
        m.SourcePort = source.Port;
    }

    /// <summary>
    /// True if uri names this phone: our AOR (user@domain) or our Contact (user@address:port).
    /// A forward or redirect target like that would send the call back to us.
    /// </summary>
    public bool IsOwnAddress(string uri)
    {
        byte[] b = Ascii.Utf8Bytes(uri);
        if (!_ownCheck.TryParse(b, 0, b.Length) || !_ownCheck.IsSip || !_ownCheck.HasUser) return false;
        if (!Ascii.Equals(b, _ownCheck.UserOffset, _ownCheck.UserLength, Settings.User)) return false;
        if (Ascii.EqualsIgnoreCase(b, _ownCheck.HostOffset, _ownCheck.HostLength, Settings.Domain)) return true;
        return IsContact(_ownCheck, Settings.User, LocalContact);
    }

    /// <summary>
    /// True if source is one of the phone's servers: the registrar (configured, or where REGISTER
    /// answers come from) or the outbound proxy. Same host, any port: a proxy may send from
    /// another port than it listens on.
    /// </summary>
    public bool IsServer(Endpoint source)
    {
        return SameHost(source, Settings.Server) || SameHost(source, RegistrarSeen) || SameHost(source, Settings.OutboundProxy);
    }

    private static bool SameHost(Endpoint a, Endpoint b)
    {
        if (b == null || b.Port == 0 || a == null) return false;
        int port = a.Port;
        a.Port = b.Port;
        bool same = a.Equals(b);
        a.Port = port;
        return same;
    }

    /// <summary>True if uri is user's Contact at contact: the same user, host and port (5060 when none is given).</summary>
    public static bool IsContact(SipUri uri, string user, Endpoint contact)
    {
        if (!uri.IsSip || !uri.HasUser) return false;
        if (!Ascii.Equals(uri.Buffer, uri.UserOffset, uri.UserLength, user)) return false;
        int port = uri.Port == 0 ? Endpoint.DefaultSipPort : uri.Port;
        if (port != contact.Port) return false;
        Endpoint scratch = ContactScratch;
        return scratch.TrySetHost(uri.Buffer, uri.HostOffset, uri.HostLength, port) && scratch.Equals(contact);
    }

    private static readonly Endpoint ContactScratch = new Endpoint();
}
