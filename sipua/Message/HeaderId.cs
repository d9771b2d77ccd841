using NanoPhone.Sip.Text;

namespace NanoPhone.Sip.Message;

/// <summary>Header fields recognised once, while parsing; all others are kept as Unknown.</summary>
public enum HeaderId : byte
{
    Unknown = 0,
    Via,
    From,
    To,
    CallId,
    CSeq,
    MaxForwards,
    ContentLength,
    ContentType,
    ContentEncoding,
    Contact,
    Route,
    RecordRoute,
    Expires,
    MinExpires,
    Require,
    ProxyRequire,
    Supported,
    Unsupported,
    Allow,
    Accept,
    WwwAuthenticate,
    ProxyAuthenticate,
    Authorization,
    ProxyAuthorization,
    Reason,
    Diversion,
    RetryAfter,
    Date,
    Subject,
    UserAgent,
    Server,
    Event,
    AllowEvents,
    ReferTo,
    SessionExpires,
    Timestamp,
    Warning,
}

public static class HeaderIds
{
    /// <summary>Number of HeaderId values (for per-id tables).</summary>
    public const int Count = 38;

    /// <summary>Identifies a header name, long or compact form, case-insensitively (RFC 3261 §7.3.3).</summary>
    public static HeaderId Identify(byte[] b, int off, int len)
    {
        byte[] lower = Ascii.LowerCase;
        if (len == 1)
        {
            switch (lower[b[off]])
            {
                case (byte)'v': return HeaderId.Via;
                case (byte)'f': return HeaderId.From;
                case (byte)'t': return HeaderId.To;
                case (byte)'i': return HeaderId.CallId;
                case (byte)'m': return HeaderId.Contact;
                case (byte)'l': return HeaderId.ContentLength;
                case (byte)'c': return HeaderId.ContentType;
                case (byte)'e': return HeaderId.ContentEncoding;
                case (byte)'k': return HeaderId.Supported;
                case (byte)'s': return HeaderId.Subject;
                case (byte)'o': return HeaderId.Event;
                case (byte)'u': return HeaderId.AllowEvents;
                case (byte)'r': return HeaderId.ReferTo;
                case (byte)'x': return HeaderId.SessionExpires;
                default: return HeaderId.Unknown;
            }
        }
        if (len < 2 || len >= ByLength.Length) return HeaderId.Unknown;
        // Compared inline with the case folding table against the lower-case names (once per
        // header line: no call per byte).
        byte first = lower[b[off]];
        byte[] ids = ByLength[len];
        for (int i = 0; i < ids.Length; i++)
        {
            byte[] name = LowerNames[ids[i]];
            if (name[0] != first) continue;
            int k = 1;
            while (k < len && lower[b[off + k]] == name[k]) k++;
            if (k == len) return (HeaderId)ids[i];
        }
        return HeaderId.Unknown;
    }

    // Declared before ByLength, which is built from it (static fields start in textual order).
    // The long names as bytes (index: HeaderId), made once: comparing with or writing a string
    // literal allocates on nanoCLR at every use, and reads it a native call per character.
    private static readonly byte[][] NameBytes = BuildNameBytes();

    private static byte[][] BuildNameBytes()
    {
        byte[][] names = new byte[Count][];
        for (int id = 0; id < Count; id++) names[id] = Ascii.Utf8Bytes(Name((HeaderId)id));
        return names;
    }

    // The same in lower case, for Identify (folded here, not with Ascii.LowerCase: nanoCLR runs
    // the static initialisers of an assembly in its own order, so another class's table may not
    // be made yet).
    private static readonly byte[][] LowerNames = BuildLowerNames();

    private static byte[][] BuildLowerNames()
    {
        byte[][] names = new byte[Count][];
        for (int id = 0; id < Count; id++)
        {
            byte[] name = NameBytes[id];
            names[id] = new byte[name.Length];
            for (int k = 0; k < name.Length; k++)
            {
                byte c = name[k];
                names[id][k] = c >= (byte)'A' && c <= (byte)'Z' ? (byte)(c | 0x20) : c;
            }
        }
        return names;
    }

    // The ids of the long names, bucketed by length: a lookup compares a handful of names at most.
    private static readonly byte[][] ByLength = BuildBuckets();

    private static byte[][] BuildBuckets()
    {
        int max = 0;
        for (int id = 1; id < Count; id++)
        {
            if (NameBytes[id].Length > max) max = NameBytes[id].Length;
        }
        byte[][] buckets = new byte[max + 1][];
        for (int len = 0; len <= max; len++)
        {
            int n = 0;
            for (int id = 1; id < Count; id++)
            {
                if (NameBytes[id].Length == len) n++;
            }
            buckets[len] = new byte[n];
            n = 0;
            for (int id = 1; id < Count; id++)
            {
                if (NameBytes[id].Length == len) buckets[len][n++] = (byte)id;
            }
        }
        return buckets;
    }

    /// <summary>The canonical long-form name as bytes (shared: do not modify).</summary>
    public static byte[] NameAsBytes(HeaderId id) { return NameBytes[(int)id]; }

    /// <summary>The canonical long-form name, as this UA writes it.</summary>
    public static string Name(HeaderId id)
    {
        switch (id)
        {
            case HeaderId.Via: return "Via";
            case HeaderId.From: return "From";
            case HeaderId.To: return "To";
            case HeaderId.CallId: return "Call-ID";
            case HeaderId.CSeq: return "CSeq";
            case HeaderId.MaxForwards: return "Max-Forwards";
            case HeaderId.ContentLength: return "Content-Length";
            case HeaderId.ContentType: return "Content-Type";
            case HeaderId.ContentEncoding: return "Content-Encoding";
            case HeaderId.Contact: return "Contact";
            case HeaderId.Route: return "Route";
            case HeaderId.RecordRoute: return "Record-Route";
            case HeaderId.Expires: return "Expires";
            case HeaderId.MinExpires: return "Min-Expires";
            case HeaderId.Require: return "Require";
            case HeaderId.ProxyRequire: return "Proxy-Require";
            case HeaderId.Supported: return "Supported";
            case HeaderId.Unsupported: return "Unsupported";
            case HeaderId.Allow: return "Allow";
            case HeaderId.Accept: return "Accept";
            case HeaderId.WwwAuthenticate: return "WWW-Authenticate";
            case HeaderId.ProxyAuthenticate: return "Proxy-Authenticate";
            case HeaderId.Authorization: return "Authorization";
            case HeaderId.ProxyAuthorization: return "Proxy-Authorization";
            case HeaderId.Reason: return "Reason";
            case HeaderId.Diversion: return "Diversion";
            case HeaderId.RetryAfter: return "Retry-After";
            case HeaderId.Date: return "Date";
            case HeaderId.Subject: return "Subject";
            case HeaderId.UserAgent: return "User-Agent";
            case HeaderId.Server: return "Server";
            case HeaderId.Event: return "Event";
            case HeaderId.AllowEvents: return "Allow-Events";
            case HeaderId.ReferTo: return "Refer-To";
            case HeaderId.SessionExpires: return "Session-Expires";
            case HeaderId.Timestamp: return "Timestamp";
            case HeaderId.Warning: return "Warning";
            default: return "";
        }
    }

    /// <summary>Kinds bit: <see cref="IsReliedOn"/>.</summary>
    public const byte ReliedOn = 1;
    /// <summary>Kinds bit: <see cref="IsSingleValued"/>.</summary>
    public const byte SingleValued = 2;

    /// <summary>
    /// Per HeaderId, its ReliedOn and SingleValued bits (made once from the two methods below, the
    /// definitions): the parser's check of every header line reads them without two calls.
    /// </summary>
    public static readonly byte[] Kinds = BuildKinds();

    private static byte[] BuildKinds()
    {
        byte[] kinds = new byte[Count];
        for (int id = 0; id < Count; id++)
        {
            if (IsReliedOn((HeaderId)id)) kinds[id] |= ReliedOn;
            if (IsSingleValued((HeaderId)id)) kinds[id] |= SingleValued;
        }
        return kinds;
    }

    /// <summary>
    /// The headers this phone relies on, held to their grammar: a malformed or duplicated value
    /// fails the message (400 for a request, a response is dropped), as RFC 4475 has it. They are
    /// Via, From, To, Call-ID, CSeq, Max-Forwards, Content-Length, Content-Type, Content-Encoding,
    /// Contact, Route, Record-Route, Require, Accept, Expires, Min-Expires, Retry-After,
    /// WWW-Authenticate, Proxy-Authenticate, Reason and Timestamp (the last six are read where they
    /// are used: a bad challenge fails the request it answers, a bad Reason is no cause=200).
    /// Every other header, known (Date, Diversion, Subject, User-Agent, Server, Warning, Supported,
    /// Unsupported, Allow, Proxy-Require, Authorization, Proxy-Authorization, Event, Allow-Events,
    /// Refer-To, Session-Expires) or not, the phone does not use: what cannot be read in it is
    /// ignored (RFC 3261 §7.3, §8.2: "ignore headers it does not understand"; RFC 4475 §3.1.2.12).
    /// </summary>
    public static bool IsReliedOn(HeaderId id)
    {
        switch (id)
        {
            case HeaderId.Via:
            case HeaderId.From:
            case HeaderId.To:
            case HeaderId.CallId:
            case HeaderId.CSeq:
            case HeaderId.MaxForwards:
            case HeaderId.ContentLength:
            case HeaderId.ContentType:
            case HeaderId.ContentEncoding:
            case HeaderId.Contact:
            case HeaderId.Route:
            case HeaderId.RecordRoute:
            case HeaderId.Require:
            case HeaderId.Accept:
            case HeaderId.Expires:
            case HeaderId.MinExpires:
            case HeaderId.RetryAfter:
            case HeaderId.WwwAuthenticate:
            case HeaderId.ProxyAuthenticate:
            case HeaderId.Reason:
            case HeaderId.Timestamp:
                return true;
            default:
                return false;
        }
    }

    /// <summary>Headers of which a message may carry one value only (RFC 3261 §7.3.1).</summary>
    public static bool IsSingleValued(HeaderId id)
    {
        switch (id)
        {
            case HeaderId.From:
            case HeaderId.To:
            case HeaderId.CallId:
            case HeaderId.CSeq:
            case HeaderId.MaxForwards:
            case HeaderId.ContentLength:
            case HeaderId.ContentType:
            case HeaderId.Expires:
            case HeaderId.MinExpires:
            case HeaderId.RetryAfter:
            case HeaderId.Date:
                return true;
            default:
                return false;
        }
    }
}
