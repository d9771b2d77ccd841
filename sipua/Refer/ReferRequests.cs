using NanoPhone.Sip.Context;
using NanoPhone.Sip.Dialog;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Text;
using NanoPhone.Sip.Transaction;

namespace NanoPhone.Sip.Refer;

/// <summary>
/// Writes the requests of a transfer, in the dialog of the call being transferred, into the agent's
/// writer for the caller to send at once: REFER (RFC 3515 §2.4.1, Referred-By of RFC 3892) and
/// the NOTIFYs of its implicit subscription (RFC 3515 §2.4.4).
/// </summary>
public static class ReferRequests
{
    /// <summary>The header Referred-By's long name (compact form b).</summary>
    public const string ReferredBy = "Referred-By";

    /// <summary>
    /// REFER with Refer-To &lt;target&gt; (blind) or &lt;target?Replaces=...&gt; naming
    /// <paramref name="replaces"/>, the dialog the target shares with us (attended, RFC 3891 §4);
    /// Referred-By is our AOR.
    /// </summary>
    public static void Refer(SipWriter w, UaContext ctx, SipDialog dialog, long cseq, byte[] branch,
        byte[] target, int targetOffset, int targetLength, SipDialog replaces)
    {
        w.Reset();
        dialog.WriteRequestLineAndRoutes(w, SipMethod.Refer);
        ViaLine.Write(w, ctx.LocalContact, branch, 0, branch.Length);
        w.Header("Max-Forwards", 70);
        dialog.WriteDialogHeaders(w, cseq, SipMethod.Refer);
        w.HeaderName("Contact");
        AccountHeaders.ContactUri(w, ctx.Settings, ctx.LocalContact);
        w.Crlf();
        w.HeaderName("Refer-To").Byte((byte)'<').Bytes(target, targetOffset, targetLength);
        if (replaces != null)
        {
            w.Text("?Replaces=");
            Replaces.WriteEscapedFor(w, replaces);
        }
        w.Byte((byte)'>').Crlf();
        w.HeaderName(ReferredBy);
        AccountHeaders.Aor(w, ctx.Settings);
        w.Crlf();
        w.Header("User-Agent", ctx.Settings.Product);
        ResponseBuilder.End(w);
    }

    /// <summary>
    /// NOTIFY for a REFER we accepted: Event: refer (;id= the REFER's CSeq when it was not the
    /// dialog's first, RFC 3515 §2.4.6 — always written, which is allowed), Subscription-State
    /// active (expires in 60 s) until the final status, then terminated;reason=noresource, and the
    /// Status-Line as sipfrag.
    /// </summary>
    public static void Notify(SipWriter w, UaContext ctx, SipDialog dialog, long cseq, byte[] branch,
        long referCSeq, int status, string reason, bool final)
    {
        w.Reset();
        dialog.WriteRequestLineAndRoutes(w, SipMethod.Notify);
        ViaLine.Write(w, ctx.LocalContact, branch, 0, branch.Length);
        w.Header("Max-Forwards", 70);
        dialog.WriteDialogHeaders(w, cseq, SipMethod.Notify);
        w.HeaderName("Contact");
        AccountHeaders.ContactUri(w, ctx.Settings, ctx.LocalContact);
        w.Crlf();
        w.HeaderName("Event").Text("refer;id=").Number(referCSeq).Crlf();
        w.Header("Subscription-State", final ? "terminated;reason=noresource" : "active;expires=60");
        w.Header("User-Agent", ctx.Settings.Product);
        Body.Reset();
        Body.Text("SIP/2.0 ").Number(status).Byte((byte)' ').Text(reason).Crlf();
        ResponseBuilder.End(w, Sipfrag.ContentType, Body.Buffer, 0, Body.Length);
    }

    // The sipfrag body, one Status-Line (the agent's one loop thread writes one NOTIFY at a time).
    private static readonly SipWriter Body = new SipWriter(96);

    /// <summary>Index of the request's Referred-By (long or compact form b), or -1.</summary>
    public static int FindReferredBy(SipMessage m)
    {
        for (int i = 0; i < m.HeaderCount; i++)
        {
            if (m.HeaderIdAt(i) != HeaderId.Unknown) continue;
            int n = m.NameLengthAt(i);
            if ((n == 1 && Ascii.Lower(m.Buffer[m.NameOffsetAt(i)]) == (byte)'b')
                || Ascii.EqualsIgnoreCase(m.Buffer, m.NameOffsetAt(i), n, ReferredBy)) return i;
        }
        return -1;
    }
}
