using NanoPhone.Sip.Text;

namespace NanoPhone.Sip.Subscription;

/// <summary>
/// An RFC 3842 message summary (application/simple-message-summary), read in place from a NOTIFY
/// body into this reused object:
/// <code>
/// Messages-Waiting: yes
/// Message-Account: sip:alice@vmail.example.com
/// Voice-Message: 2/8 (0/2)
/// </code>
/// §5.2: "Messages-Waiting" (yes / no) is the one mandatory line; a msg-summary-line gives new/old
/// messages of a class and, in parentheses, how many of those are urgent. The phone shows voice
/// messages (the "voice-message" class); other classes and optional headers are ignored. Counts not
/// given are -1 ("the server did not say").
/// </summary>
public sealed class MessageSummary
{
    /// <summary>Longest number of messages read (a larger one is malformed).</summary>
    private const long MaxCount = 999999;

    /// <summary>Messages-Waiting: yes.</summary>
    public bool Waiting;
    public int NewVoice;
    public int OldVoice;
    public int UrgentNewVoice;
    public int UrgentOldVoice;
    /// <summary>Why the last body did not parse.</summary>
    public string Error;

    public MessageSummary()
    {
        Clear();
    }

    public void Clear()
    {
        Waiting = false;
        NewVoice = OldVoice = UrgentNewVoice = UrgentOldVoice = -1;
        Error = null;
    }

    public void CopyFrom(MessageSummary other)
    {
        Waiting = other.Waiting;
        NewVoice = other.NewVoice;
        OldVoice = other.OldVoice;
        UrgentNewVoice = other.UrgentNewVoice;
        UrgentOldVoice = other.UrgentOldVoice;
        Error = other.Error;
    }

    /// <summary>
    /// Reads a body. False (and <see cref="Error"/>) when Messages-Waiting is missing or not yes/no,
    /// or a Voice-Message line is malformed; lines are CRLF (a bare LF is taken too), header names
    /// case-insensitive, whitespace around the values allowed.
    /// </summary>
    public bool Parse(byte[] b, int off, int len)
    {
        Clear();
        bool sawWaiting = false;
        int end = off + len;
        int p = off;
        while (p < end)
        {
            int eol = p;
            while (eol < end && b[eol] != (byte)'\n') eol++;
            int lineEnd = eol > p && b[eol - 1] == (byte)'\r' ? eol - 1 : eol;
            int colon = p;
            while (colon < lineEnd && b[colon] != (byte)':') colon++;
            if (colon < lineEnd)
            {
                int nameEnd = TrimEnd(b, p, colon);
                int v = SkipSpace(b, colon + 1, lineEnd);
                int vEnd = TrimEnd(b, v, lineEnd);
                if (Ascii.EqualsIgnoreCase(b, p, nameEnd - p, "Messages-Waiting"))
                {
                    if (Ascii.EqualsIgnoreCase(b, v, vEnd - v, "yes")) Waiting = true;
                    else if (Ascii.EqualsIgnoreCase(b, v, vEnd - v, "no")) Waiting = false;
                    else return Fail("Messages-Waiting is neither yes nor no");
                    sawWaiting = true;
                }
                else if (Ascii.EqualsIgnoreCase(b, p, nameEnd - p, "Voice-Message"))
                {
                    if (!ReadCounts(b, v, vEnd)) return Fail("malformed Voice-Message line");
                }
            }
            p = eol + 1;
        }
        if (!sawWaiting) return Fail("no Messages-Waiting line");
        return true;
    }

    /// <summary>newmsgs "/" oldmsgs [ "(" new-urgentmsgs "/" old-urgentmsgs ")" ] (RFC 3842 §5.2).</summary>
    private bool ReadCounts(byte[] b, int p, int end)
    {
        int n, o;
        if (!Number(b, ref p, end, out n) || !Expect(b, ref p, end, (byte)'/') || !Number(b, ref p, end, out o)) return false;
        int un = -1, uo = -1;
        p = SkipSpace(b, p, end);
        if (p < end)
        {
            if (!Expect(b, ref p, end, (byte)'(') || !Number(b, ref p, end, out un) || !Expect(b, ref p, end, (byte)'/')
                || !Number(b, ref p, end, out uo) || !Expect(b, ref p, end, (byte)')')) return false;
            if (SkipSpace(b, p, end) != end) return false;
        }
        NewVoice = n;
        OldVoice = o;
        UrgentNewVoice = un;
        UrgentOldVoice = uo;
        return true;
    }

    private static bool Number(byte[] b, ref int p, int end, out int value)
    {
        value = 0;
        p = SkipSpace(b, p, end);
        int s = p;
        while (p < end && Ascii.IsDigit(b[p])) p++;
        long v;
        if (!Ascii.TryParseUInt(b, s, p - s, MaxCount, out v)) return false;
        value = (int)v;
        return true;
    }

    private static bool Expect(byte[] b, ref int p, int end, byte c)
    {
        p = SkipSpace(b, p, end);
        if (p >= end || b[p] != c) return false;
        p++;
        return true;
    }

    private bool Fail(string why)
    {
        Error = why;
        return false;
    }

    private static int SkipSpace(byte[] b, int p, int end)
    {
        while (p < end && Ascii.IsWsp(b[p])) p++;
        return p;
    }

    private static int TrimEnd(byte[] b, int start, int end)
    {
        while (end > start && Ascii.IsWsp(b[end - 1])) end--;
        return end;
    }
}
