using NanoPhone.Sip.Message;

namespace NanoPhone.Sip.Transaction;

/// <summary>
/// The ACK an INVITE client transaction sends for a 3xx–6xx response (RFC 3261 §17.1.1.3):
/// Request-URI, Call-ID and From of the original request; To of the response (with its tag);
/// the original's top Via only (so the same branch); CSeq number of the original with method
/// ACK; the original's Route headers; Max-Forwards as in the original (70 if it had none).
/// </summary>
internal static class AckBuilder
{
    /// <summary>Writes the ACK into w. False if the original lacks what an ACK copies.</summary>
    public static bool Build(SipWriter w, SipMessage original, SipMessage response)
    {
        byte[] o = original.Buffer;
        int from = original.IndexOf(HeaderId.From);
        int callId = original.IndexOf(HeaderId.CallId);
        int to = response.IndexOf(HeaderId.To);
        int viaOff, viaLen;
        if (from < 0 || callId < 0 || to < 0 || original.CSeq < 0) return false;
        if (!TopViaValue.Find(original, out viaOff, out viaLen)) return false;

        w.Reset();
        w.Text("ACK ").Bytes(o, original.RequestUri.Offset, original.RequestUri.Length).Text(" SIP/2.0").Crlf();
        w.Header("Via", o, viaOff, viaLen);
        for (int i = original.IndexOf(HeaderId.Route); i >= 0; i = original.IndexOf(HeaderId.Route, i + 1))
        {
            w.Header("Route", o, original.ValueOffsetAt(i), original.ValueLengthAt(i));
        }
        int mf = original.IndexOf(HeaderId.MaxForwards);
        if (mf >= 0) w.Header("Max-Forwards", o, original.ValueOffsetAt(mf), original.ValueLengthAt(mf));
        else w.Header("Max-Forwards", 70);
        w.Header("From", o, original.ValueOffsetAt(from), original.ValueLengthAt(from));
        w.Header("To", response.Buffer, response.ValueOffsetAt(to), response.ValueLengthAt(to));
        w.Header("Call-ID", o, original.ValueOffsetAt(callId), original.ValueLengthAt(callId));
        w.HeaderName("CSeq").Number(original.CSeq).Text(" ACK").Crlf();
        w.Text("Content-Length: 0\r\n\r\n");
        return true;
    }
}
