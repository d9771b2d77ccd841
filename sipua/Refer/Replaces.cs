using NanoPhone.Sip.Dialog;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Text;

namespace NanoPhone.Sip.Refer;

/// <summary>
/// The Replaces header (RFC 3891 §6.1): <c>Replaces: call-id;to-tag=T;from-tag=F[;early-only]</c>
/// names a dialog at the UA that receives it: its Call-ID, its local tag (to-tag) and its remote tag
/// (from-tag). Read from an incoming INVITE (the transferee calling us to take over a call), and
/// written into the Refer-To of an attended transfer from the dialog the target shares with us.
/// </summary>
public static class Replaces
{
    /// <summary>The header's name as written (it has no compact form).</summary>
    public const string Name = "Replaces";

    /// <summary>
    /// Index of the INVITE's Replaces header, or -1. More than one is an error (RFC 3891 §3: 400),
    /// which <paramref name="several"/> reports.
    /// </summary>
    public static int Find(SipMessage m, out bool several)
    {
        several = false;
        int found = -1;
        for (int i = 0; i < m.HeaderCount; i++)
        {
            if (m.HeaderIdAt(i) != HeaderId.Unknown || !Ascii.EqualsIgnoreCase(m.Buffer, m.NameOffsetAt(i), m.NameLengthAt(i), Name)) continue;
            if (found >= 0) several = true;
            else found = i;
        }
        return found;
    }

    /// <summary>
    /// True if the value (b, off, len) names dialog d as this UA holds it: Call-ID, to-tag equal to
    /// our local tag, from-tag to the remote one (RFC 3891 §3). earlyOnly tells whether the value
    /// carries the early-only flag. False for a value that does not parse.
    /// </summary>
    public static bool Names(byte[] b, int off, int len, SipDialog d, out bool earlyOnly)
    {
        earlyOnly = false;
        int end = off + len;
        int s = Lws.SkipForward(b, off, end);
        int semi = s;
        while (semi < end && b[semi] != (byte)';') semi++;
        int idEnd = Lws.TrimEnd(b, s, semi);
        if (idEnd == s || semi >= end) return false;
        int to, toLen, from, fromLen, eo, el;
        if (!Params.Find(b, semi + 1, end - semi - 1, "to-tag", out to, out toLen) || toLen <= 0) return false;
        if (!Params.Find(b, semi + 1, end - semi - 1, "from-tag", out from, out fromLen) || fromLen <= 0) return false;
        earlyOnly = Params.Find(b, semi + 1, end - semi - 1, "early-only", out eo, out el);
        return d.InUse && d.CallId.Equals(b, s, idEnd - s) && d.LocalTag.Equals(b, to, toLen) && d.RemoteTag.Equals(b, from, fromLen);
    }

    /// <summary>
    /// The Replaces value that names dialog d at the other end (its Call-ID, to-tag = its local tag
    /// = our remote tag, from-tag = our local tag), escaped for the headers part of a Refer-To URI.
    /// </summary>
    public static void WriteEscapedFor(SipWriter w, SipDialog d)
    {
        ReferTarget.WriteEscaped(w, d.CallId.Buffer, 0, d.CallId.Length);
        w.Text("%3Bto-tag%3D");
        ReferTarget.WriteEscaped(w, d.RemoteTag.Buffer, 0, d.RemoteTag.Length);
        w.Text("%3Bfrom-tag%3D");
        ReferTarget.WriteEscaped(w, d.LocalTag.Buffer, 0, d.LocalTag.Length);
    }
}
