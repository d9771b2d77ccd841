using NanoPhone.Sip.Context;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Text;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Sip.Call;

/// <summary>
/// Intercom calls: an INVITE that asks to be answered by itself, in the conventions desk phones
/// follow (there is no one standard; RFC 5373's Answer-Mode came later and is read too):
/// <code>
/// Call-Info: &lt;sip:pbx.example.com&gt;;answer-after=0          Snom, Polycom, Yealink: after N seconds
/// Alert-Info: &lt;http://example.com&gt;;info=alert-autoanswer    Yealink, Polycom: at once (";delay=N" after N)
/// Alert-Info: info=alert-autoanswer                          the same without a URI (some PBXes)
/// Answer-Mode: Auto                                          RFC 5373 §5: at once
/// </code>
/// Whether such a request is obeyed is the phone's policy (<see cref="Delay"/>): intercom.allow on, and
/// the INVITE from the registrar, the outbound proxy or a host of intercom.trust; an untrusted one
/// rings like any call. autoanswer.seconds answers every call (a door station).
/// </summary>
public static class AutoAnswer
{
    /// <summary>No auto-answer: the call rings.</summary>
    public const int Never = -1;

    /// <summary>Longest delay taken from a header (a larger one is capped to it), seconds.</summary>
    public const int MaxSeconds = 3600;

    /// <summary>
    /// Seconds after which this INVITE is answered on its own, or <see cref="Never"/>: the phone's
    /// autoanswer.seconds for every call if set, else the request's own ask when intercom is allowed
    /// and the source trusted.
    /// </summary>
    public static int Delay(UaContext ctx, CallSettings s, SipMessage invite, Endpoint source)
    {
        if (s.AutoAnswerSeconds >= 0) return s.AutoAnswerSeconds;
        if (!s.IntercomAllow) return Never;
        int asked = Requested(invite);
        if (asked == Never) return Never;
        return IsTrusted(ctx, s, source) ? asked : Never;
    }

    /// <summary>True for the registrar, the outbound proxy and intercom.trust's hosts (any port).</summary>
    public static bool IsTrusted(UaContext ctx, CallSettings s, Endpoint source)
    {
        if (source == null) return false;
        if (ctx.IsServer(source)) return true;
        Endpoint[] trusted = s.IntercomTrusted;
        for (int i = 0; i < trusted.Length; i++)
        {
            int port = source.Port;
            source.Port = trusted[i].Port;
            bool same = source.Equals(trusted[i]);
            source.Port = port;
            if (same) return true;
        }
        return false;
    }

    /// <summary>What the INVITE asks: the delay in seconds (0 at once), or <see cref="Never"/>.</summary>
    public static int Requested(SipMessage m)
    {
        byte[] b = m.Buffer;
        int vo, vl;
        for (int h = FindNext(m, "Call-Info", -1); h >= 0; h = FindNext(m, "Call-Info", h))
        {
            if (FindParam(b, m.ValueOffsetAt(h), m.ValueLengthAt(h), "answer-after", out vo, out vl)) return Seconds(b, vo, vl);
        }
        for (int h = FindNext(m, "Alert-Info", -1); h >= 0; h = FindNext(m, "Alert-Info", h))
        {
            int o = m.ValueOffsetAt(h), l = m.ValueLengthAt(h);
            if (FindParam(b, o, l, "info", out vo, out vl) && vl > 0 && Ascii.EqualsIgnoreCase(b, vo, vl, "alert-autoanswer"))
                return FindParam(b, o, l, "delay", out vo, out vl) ? Seconds(b, vo, vl) : 0;
        }
        int a = FindNext(m, "Answer-Mode", -1);
        if (a >= 0)
        {
            int o = Lws.SkipForward(b, m.ValueOffsetAt(a), m.ValueOffsetAt(a) + m.ValueLengthAt(a));
            int e = o;
            while (e < m.ValueOffsetAt(a) + m.ValueLengthAt(a) && Ascii.IsToken(b[e])) e++;
            if (Ascii.EqualsIgnoreCase(b, o, e - o, "Auto")) return 0;
        }
        return Never;
    }

    private static int Seconds(byte[] b, int o, int l)
    {
        long v;
        if (l <= 0) return 0;
        if (!Ascii.TryParseUInt(b, o, l, 4294967295, out v)) return Never;
        return v > MaxSeconds ? MaxSeconds : (int)v;
    }

    /// <summary>The next header of this (unknown to the parser) name after index after, or -1.</summary>
    private static int FindNext(SipMessage m, string name, int after)
    {
        for (int i = after + 1; i < m.HeaderCount; i++)
        {
            if (Ascii.EqualsIgnoreCase(m.Buffer, m.NameOffsetAt(i), m.NameLengthAt(i), name)) return i;
        }
        return -1;
    }

    /// <summary>A parameter of any element of the value: after each "&gt;" (a URI's params are not the header's), or of the whole value when it has no URI.</summary>
    private static bool FindParam(byte[] b, int off, int len, string name, out int vo, out int vl)
    {
        vo = 0;
        vl = -1;
        int end = off + len;
        bool bracketed = false;
        for (int p = off; p < end; p++)
        {
            if (b[p] != (byte)'>') continue;
            bracketed = true;
            int q = p + 1;
            while (q < end && b[q] != (byte)';' && b[q] != (byte)',') q++;
            if (q >= end || b[q] != (byte)';') continue;
            int stop = q + 1;
            while (stop < end && b[stop] != (byte)'<') stop++;
            if (Params.Find(b, q + 1, stop - q - 1, name, out vo, out vl)) return true;
        }
        if (bracketed) return false;
        int s = Lws.SkipForward(b, off, end);
        return Params.Find(b, s, end - s, name, out vo, out vl);
    }
}
