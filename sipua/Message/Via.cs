using NanoPhone.Sip.Text;

namespace NanoPhone.Sip.Message;

/// <summary>
/// One Via value: sent-protocol sent-by *( ";" via-params ) (RFC 3261 §20.42, §25.1; rport per
/// RFC 3581; IPv6 received per RFC 5118 §4.5). Views into the buffer; reusable. Its loops read
/// Ascii's class table inline and its words are bytes made once (Ascii says why).
/// </summary>
public sealed class Via
{
    public const string MagicCookie = "z9hG4bK";

    /// <summary>The magic cookie as bytes (shared: do not modify).</summary>
    public static readonly byte[] MagicCookieBytes = Ascii.Utf8Bytes(MagicCookie);

    private static readonly byte[] SipProtocol = Ascii.Utf8Bytes("SIP");
    private static readonly byte[] BranchParam = Ascii.Utf8Bytes("branch");
    private static readonly byte[] ReceivedParam = Ascii.Utf8Bytes("received");
    private static readonly byte[] MaddrParam = Ascii.Utf8Bytes("maddr");
    /// <summary>"rport" (RFC 3581).</summary>
    public static readonly byte[] RportParam = Ascii.Utf8Bytes("rport");

    public byte[] Buffer;
    public int TransportOffset, TransportLength;
    public int HostOffset, HostLength;
    public int Port;
    public int ParamsOffset, ParamsLength;
    /// <summary>Branch value; length 0 if absent.</summary>
    public int BranchOffset, BranchLength;
    public int ReceivedOffset, ReceivedLength;
    public int MaddrOffset, MaddrLength;
    public bool HasRport;
    /// <summary>The rport value a server filled in, 0 if empty or absent.</summary>
    public int Rport;
    public string Reason;

    /// <summary>True if the branch starts with the RFC 3261 magic cookie and has more after it.</summary>
    public bool HasRfc3261Branch
    {
        get
        {
            return BranchLength > MagicCookieBytes.Length
                && Ascii.Equals(Buffer, BranchOffset, MagicCookieBytes.Length, MagicCookieBytes);
        }
    }

    /// <summary>
    /// Parses one Via value. On failure the fields read before the fault stay set: a sent-by
    /// (HostLength &gt; 0) read in a Via whose parameters are broken still routes a 400 (§18.2.2).
    /// </summary>
    public bool TryParse(byte[] b, int off, int len)
    {
        Clear();
        Buffer = b;
        ushort[] cls = Ascii.Classes;

        // White space is skipped inline (no Lws call where there is rarely any: a call costs the
        // interpreter what a dozen instructions do).
        int end = off + len;
        while (end > off && (cls[b[end - 1]] & Ascii.Wsp) != 0) end--;
        int p = off;
        while (p < end && (cls[b[p]] & Ascii.Wsp) != 0) p++;
        int s = p;
        while (p < end && (cls[b[p]] & Ascii.Token) != 0) p++;
        if (!Ascii.EqualsIgnoreCase(b, s, p - s, SipProtocol)) return Fail("Via protocol is not SIP");
        p = Slash(b, p, end);
        if (p < 0) return Fail("malformed Via sent-protocol");
        s = p;
        while (p < end && (cls[b[p]] & Ascii.Token) != 0) p++;
        if (p == s) return Fail("malformed Via sent-protocol");
        p = Slash(b, p, end);
        if (p < 0) return Fail("malformed Via sent-protocol");
        TransportOffset = p;
        while (p < end && (cls[b[p]] & Ascii.Token) != 0) p++;
        TransportLength = p - TransportOffset;
        if (TransportLength == 0) return Fail("Via has no transport");

        int h = p;
        while (h < end && (cls[b[h]] & Ascii.Wsp) != 0) h++;
        if (h == p) return Fail("malformed Via sent-by");
        p = h;
        if (p < end && b[p] == (byte)'[')
        {
            while (p < end && b[p] != (byte)']') p++;
            if (p == end) return Fail("bad IPv6 reference in Via");
            p++;
        }
        else
        {
            p = Ascii.Skip(b, p, end, Ascii.HostChar);
        }
        HostOffset = h;
        HostLength = p - h;
        if (HostLength == 0) return Fail("Via has no host");
        while (p < end && (cls[b[p]] & Ascii.Wsp) != 0) p++;
        if (p < end && b[p] == (byte)':')
        {
            p++;
            while (p < end && (cls[b[p]] & Ascii.Wsp) != 0) p++;
            int ps = p;
            while (p < end && (cls[b[p]] & Ascii.Digit) != 0) p++;
            long port;
            if (!Ascii.TryParseUInt(b, ps, p - ps, 65535, out port)) return Fail("Via has a bad port");
            Port = (int)port;
            while (p < end && (cls[b[p]] & Ascii.Wsp) != 0) p++;
        }
        if (p == end) return true;
        if (b[p] != (byte)';') return Fail("unexpected text in Via");
        ParamsOffset = p + 1;
        ParamsLength = end - ParamsOffset;

        // The parameters are checked and read in one walk. A list that is not well formed is the
        // verdict before what a parameter means (an empty branch, an rport that is no port), and
        // then no parameter's value is kept; after a fault in meaning, later values are not kept.
        int q = ParamsOffset;
        int no, nl, vo, vl;
        string late = null;
        while (q <= end)
        {
            string why = Params.NextChecked(b, ref q, end, out no, out nl, out vo, out vl);
            if (why != null)
            {
                ClearParams();
                return Fail("Via " + why);
            }
            if (late != null) continue;
            if (Ascii.EqualsIgnoreCase(b, no, nl, BranchParam))
            {
                if (vl <= 0) late = "Via branch is empty";
                else { BranchOffset = vo; BranchLength = vl; }
            }
            else if (Ascii.EqualsIgnoreCase(b, no, nl, ReceivedParam))
            {
                if (vl > 0) { ReceivedOffset = vo; ReceivedLength = vl; }
            }
            else if (Ascii.EqualsIgnoreCase(b, no, nl, MaddrParam))
            {
                if (vl > 0) { MaddrOffset = vo; MaddrLength = vl; }
            }
            else if (Ascii.EqualsIgnoreCase(b, no, nl, RportParam))
            {
                HasRport = true;
                long rp;
                if (vl > 0)
                {
                    if (!Ascii.TryParseUInt(b, vo, vl, 65535, out rp)) late = "Via rport is not a port";
                    else Rport = (int)rp;
                }
            }
        }
        if (late != null) return Fail(late);
        return true;
    }

    /// <summary>No value: no host, no parameters.</summary>
    public void Clear()
    {
        Buffer = null;
        TransportOffset = TransportLength = HostOffset = HostLength = Port = 0;
        ParamsOffset = ParamsLength = BranchOffset = BranchLength = 0;
        ReceivedOffset = ReceivedLength = MaddrOffset = MaddrLength = 0;
        HasRport = false; Rport = 0; Reason = null;
    }

    private void ClearParams()
    {
        BranchOffset = BranchLength = ReceivedOffset = ReceivedLength = MaddrOffset = MaddrLength = 0;
        HasRport = false; Rport = 0;
    }

    /// <summary>SLASH = SWS "/" SWS; returns the position after it or -1.</summary>
    private static int Slash(byte[] b, int p, int end)
    {
        ushort[] cls = Ascii.Classes;
        while (p < end && (cls[b[p]] & Ascii.Wsp) != 0) p++;
        if (p >= end || b[p] != (byte)'/') return -1;
        p++;
        while (p < end && (cls[b[p]] & Ascii.Wsp) != 0) p++;
        return p;
    }

    private bool Fail(string reason)
    {
        Reason = reason;
        return false;
    }

    public string HostText { get { return Ascii.ToString(Buffer, HostOffset, HostLength); } }
}
