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
    {
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

    /// <summary>The address this phone receives on, as written into Via and Contact; the agent updates it in place.</summary>
    public Endpoint LocalContact { get; }

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
