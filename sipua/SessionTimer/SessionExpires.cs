using NanoPhone.Sip.Message;
using NanoPhone.Sip.Text;

namespace NanoPhone.Sip.SessionTimer;

/// <summary>Who refreshes the session (RFC 4028 §4): the UAC or the UAS of the refreshing transaction.</summary>
public enum Refresher : byte
{
    /// <summary>No refresher parameter.</summary>
    None = 0,
    Uac,
    Uas,
}

/// <summary>
/// The headers of RFC 4028: <c>Session-Expires: delta-seconds[;refresher=uac|uas]</c> (compact x),
/// <c>Min-SE: delta-seconds</c>, and the option tag <c>timer</c> in Supported/Require. Read in place
/// from a parsed message; written into the agent's writer.
/// </summary>
public static class SessionExpires
{
    /// <summary>RFC 4028 §4: Min-SE never below 90 s, and the phone asks for no less.</summary>
    public const int MinimumSeconds = 90;

    /// <summary>
    /// Reads Session-Expires: true with its seconds and refresher if the message has a readable
    /// one; a malformed value counts as none (the header is not relied on).
    /// </summary>
    public static bool Read(SipMessage m, out int seconds, out Refresher refresher)
    {
        seconds = 0;
        refresher = Refresher.None;
        int i = m.IndexOf(HeaderId.SessionExpires);
        if (i < 0) return false;
        byte[] b = m.Buffer;
        int p = m.ValueOffsetAt(i);
        int end = p + m.ValueLengthAt(i);
        int s = Lws.SkipForward(b, p, end);
        int e = s;
        while (e < end && Ascii.IsDigit(b[e])) e++;
        long v;
        if (e == s || !Ascii.TryParseUInt(b, s, e - s, 0x7FFFFFFF, out v) || v == 0) return false;
        seconds = (int)v;
        int semi = Lws.SkipForward(b, e, end);
        if (semi < end && b[semi] == (byte)';')
        {
            int vo, vl;
            if (Params.Find(b, semi + 1, end - semi - 1, "refresher", out vo, out vl) && vl > 0)
            {
                if (Ascii.EqualsIgnoreCase(b, vo, vl, "uac")) refresher = Refresher.Uac;
                else if (Ascii.EqualsIgnoreCase(b, vo, vl, "uas")) refresher = Refresher.Uas;
            }
        }
        return true;
    }

    /// <summary>The Min-SE value (RFC 4028 §5), or 0 when there is none or it does not read.</summary>
    public static int ReadMinSE(SipMessage m)
    {
        int i = m.IndexOfName("Min-SE");
        if (i < 0) return 0;
        byte[] b = m.Buffer;
        int end = m.ValueOffsetAt(i) + m.ValueLengthAt(i);
        int s = Lws.SkipForward(b, m.ValueOffsetAt(i), end);
        int e = s;
        while (e < end && Ascii.IsDigit(b[e])) e++;
        long v;
        return e > s && Ascii.TryParseUInt(b, s, e - s, 0x7FFFFFFF, out v) ? (int)v : 0;
    }

    /// <summary>True if an option-tag header (Supported, Require; compact k for Supported) lists tag.</summary>
    public static bool Lists(SipMessage m, HeaderId header, string tag)
    {
        HeaderValues v = new HeaderValues(m, header);
        while (v.Next())
        {
            int s = Lws.SkipForward(m.Buffer, v.Offset, v.Offset + v.Length);
            int e = Lws.TrimEnd(m.Buffer, s, v.Offset + v.Length);
            if (Ascii.EqualsIgnoreCase(m.Buffer, s, e - s, tag)) return true;
        }
        return false;
    }

    /// <summary>"Session-Expires: N;refresher=uac|uas" (no parameter for <see cref="Refresher.None"/>).</summary>
    public static void Write(SipWriter w, int seconds, Refresher refresher)
    {
        w.HeaderName("Session-Expires").Number(seconds);
        if (refresher == Refresher.Uac) w.Text(";refresher=uac");
        else if (refresher == Refresher.Uas) w.Text(";refresher=uas");
        w.Crlf();
    }

    /// <summary>
    /// When the refresher sends its refresh: half the interval (RFC 4028 §10 recommends it).
    /// </summary>
    public static long RefreshAfterMs(int seconds) { return seconds * 500L; }

    /// <summary>
    /// When the other side gives up on a refresh that did not come and sends BYE: 32 s or a third of
    /// the interval, whichever is less, before it runs out (RFC 4028 §10).
    /// </summary>
    public static long ExpireAfterMs(int seconds)
    {
        int margin = seconds / 3 < 32 ? seconds / 3 : 32;
        return (seconds - margin) * 1000L;
    }
}
