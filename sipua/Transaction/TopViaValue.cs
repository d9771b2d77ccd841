using NanoPhone.Sip.Message;

namespace NanoPhone.Sip.Transaction;

/// <summary>
/// The text of the topmost Via value: the first Via header line up to its first top-level comma,
/// trimmed. Used for RFC 2543 matching (§17.2.3) and the ACK's single Via (§17.1.1.3).
/// </summary>
internal static class TopViaValue
{
    public static bool Find(SipMessage m, out int offset, out int length)
    {
        offset = 0;
        length = 0;
        int i = m.IndexOf(HeaderId.Via);
        if (i < 0) return false;
        byte[] b = m.Buffer;
        int start = m.ValueOffsetAt(i);
        int end = start + m.ValueLengthAt(i);
        int comma = Lws.NextComma(b, start, end);
        if (comma >= 0) end = comma;
        end = Lws.TrimEnd(b, start, end);
        offset = start;
        length = end - start;
        return length > 0;
    }
}
