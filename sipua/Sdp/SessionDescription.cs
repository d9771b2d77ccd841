using NanoPhone.Sip.Text;

namespace NanoPhone.Sip.Sdp;

/// <summary>
/// What the phone needs from a received SDP body (RFC 4566): per media line its kind, port and
/// payload types, the telephone-event payload type, the packet time, the connection address and
/// the direction.
/// Views into the body; reusable; never throws. Lines are found with the runtime's native byte
/// search and words compared as bytes made once: on nanoCLR a loop per byte is interpreted and a
/// string literal allocates at every use.
/// </summary>
public sealed class SessionDescription
{
    public const int MaxMedia = 4;
    public const int MaxFormats = 16;

    private static readonly byte[] Audio = Ascii.Utf8Bytes("audio");
    private static readonly byte[] SendRecv = Ascii.Utf8Bytes("sendrecv");
    private static readonly byte[] SendOnly = Ascii.Utf8Bytes("sendonly");
    private static readonly byte[] RecvOnly = Ascii.Utf8Bytes("recvonly");
    private static readonly byte[] Inactive = Ascii.Utf8Bytes("inactive");
    private static readonly byte[] PtimeAttribute = Ascii.Utf8Bytes("ptime:");
    private static readonly byte[] RtpmapAttribute = Ascii.Utf8Bytes("rtpmap:");
    private static readonly byte[] TelephoneEventName = Ascii.Utf8Bytes("telephone-event");
    private static readonly byte[] NullAddress = Ascii.Utf8Bytes(" 0.0.0.0");

    public byte[] Buffer;
    public int MediaCount;
    public string Error;

    // Per media line (index < MediaCount).
    public readonly bool[] IsAudio = new bool[MaxMedia];
    public readonly int[] Port = new int[MaxMedia];
    public readonly int[] LineOffset = new int[MaxMedia];
    public readonly int[] LineLength = new int[MaxMedia];
    /// <summary>Offset/length of the "m=" line's proto and fmt part, to echo rejected streams.</summary>
    public readonly int[] ProtoOffset = new int[MaxMedia];
    public readonly int[] ProtoLength = new int[MaxMedia];
    public readonly int[] FormatCount = new int[MaxMedia];
    public readonly int[][] Formats = NewFormats();
    public readonly int[] TelephoneEvent = new int[MaxMedia];
    /// <summary>a=ptime in ms (RFC 4566 §6), or 0 when the stream has none.</summary>
    public readonly int[] Ptime = new int[MaxMedia];
    public readonly MediaDirection[] Direction = new MediaDirection[MaxMedia];
    public readonly int[] ConnectionOffset = new int[MaxMedia];
    public readonly int[] ConnectionLength = new int[MaxMedia];

    public int SessionConnectionOffset, SessionConnectionLength;
    public MediaDirection SessionDirection;

    private static int[][] NewFormats()
    {
        int[][] f = new int[MaxMedia][];
        for (int i = 0; i < MaxMedia; i++) f[i] = new int[MaxFormats];
        return f;
    }

    /// <summary>Index of the first audio stream with a non-zero port, or -1.</summary>
    public int FirstAudio
    {
        get
        {
            for (int i = 0; i < MediaCount; i++)
            {
                if (IsAudio[i] && Port[i] != 0) return i;
            }
            return -1;
        }
    }

    /// <summary>True if the stream is put on hold by its peer: sendonly/inactive, or c= 0.0.0.0 (RFC 2543 style).</summary>
    public bool IsHold(int media)
    {
        MediaDirection d = Direction[media];
        if (d == MediaDirection.SendOnly || d == MediaDirection.Inactive) return true;
        int co = ConnectionLength[media] > 0 ? ConnectionOffset[media] : SessionConnectionOffset;
        int cl = ConnectionLength[media] > 0 ? ConnectionLength[media] : SessionConnectionLength;
        return cl > 0 && EndsWith(Buffer, co, cl, NullAddress);
    }

    /// <summary>
    /// The stream's direction as its sender means it: an RFC 2543 hold (c= 0.0.0.0 with sendrecv)
    /// counts as sendonly (RFC 3264 §8.4).
    /// </summary>
    public MediaDirection EffectiveDirection(int media)
    {
        return IsHold(media) && Direction[media] == MediaDirection.SendRecv ? MediaDirection.SendOnly : Direction[media];
    }

    /// <summary>
    /// The address of the stream's connection line (its own c=, else the session's): the text after
    /// "IN IP4 " or "IN IP6 ", up to a TTL's '/'. False when there is none.
    /// </summary>
    public bool ConnectionAddress(int media, out int offset, out int length)
    {
        int co = ConnectionLength[media] > 0 ? ConnectionOffset[media] : SessionConnectionOffset;
        int cl = ConnectionLength[media] > 0 ? ConnectionLength[media] : SessionConnectionLength;
        int end = co + cl;
        int p = co;
        for (int spaces = 0; p < end && spaces < 2; p++)
        {
            if (Buffer[p] == (byte)' ') spaces++;
        }
        int e = p;
        while (e < end && Buffer[e] != (byte)'/' && Buffer[e] != (byte)' ') e++;
        offset = p;
        length = e - p;
        return length > 0;
    }

    public bool HasFormat(int media, int pt)
    {
        for (int i = 0; i < FormatCount[media]; i++)
        {
            if (Formats[media][i] == pt) return true;
        }
        return false;
    }

    public bool TryParse(byte[] b, int off, int len)
    {
        Buffer = b;
        MediaCount = 0;
        Error = null;
        SessionConnectionOffset = SessionConnectionLength = 0;
        SessionDirection = MediaDirection.SendRecv;
        int end = off + len;
        int p = off;
        bool sawVersion = false;
        int media = -1;
        while (p < end)
        {
            int le = System.Array.IndexOf(b, Boxed.Lf, p, end - p);
            if (le < 0) le = end;
            int ce = le > p && b[le - 1] == (byte)'\r' ? le - 1 : le;
            if (ce - p >= 2 && b[p + 1] == (byte)'=')
            {
                byte type = b[p];
                int v = p + 2;
                if (type == (byte)'v') sawVersion = true;
                else if (type == (byte)'m')
                {
                    if (MediaCount == MaxMedia) return Fail("too many media lines");
                    media = MediaCount++;
                    if (!MediaLine(b, v, ce, media)) return false;
                }
                else if (type == (byte)'c')
                {
                    if (media < 0) { SessionConnectionOffset = v; SessionConnectionLength = ce - v; }
                    else { ConnectionOffset[media] = v; ConnectionLength[media] = ce - v; }
                }
                else if (type == (byte)'a') Attribute(b, v, ce, media);
            }
            else if (ce > p)
            {
                return Fail("SDP line is not type=value");
            }
            p = le + 1;
        }
        if (!sawVersion) return Fail("SDP has no v= line");
        return true;
    }

    private bool MediaLine(byte[] b, int p, int end, int m)
    {
        IsAudio[m] = false; Port[m] = 0; FormatCount[m] = 0; TelephoneEvent[m] = -1; Ptime[m] = 0;
        Direction[m] = SessionDirection; ConnectionOffset[m] = ConnectionLength[m] = 0;
        LineOffset[m] = p; LineLength[m] = end - p;
        int s = p;
        while (p < end && b[p] != (byte)' ') p++;
        IsAudio[m] = Ascii.Equals(b, s, p - s, Audio);
        p++;
        s = p;
        while (p < end && Ascii.IsDigit(b[p])) p++;
        long port;
        if (!Ascii.TryParseUInt(b, s, p - s, 65535, out port)) return Fail("m= line has no valid port");
        Port[m] = (int)port;
        if (p < end && b[p] == (byte)'/') { p++; while (p < end && Ascii.IsDigit(b[p])) p++; }
        if (p >= end || b[p] != (byte)' ') return Fail("m= line has no protocol");
        ProtoOffset[m] = p + 1;
        ProtoLength[m] = end - p - 1;
        p++;
        while (p < end && b[p] != (byte)' ') p++;
        while (p < end)
        {
            p++;
            s = p;
            while (p < end && b[p] != (byte)' ') p++;
            long pt;
            if (p > s && Ascii.TryParseUInt(b, s, p - s, 127, out pt) && FormatCount[m] < MaxFormats)
                Formats[m][FormatCount[m]++] = (int)pt;
        }
        return true;
    }

    private void Attribute(byte[] b, int p, int end, int m)
    {
        MediaDirection d;
        if (Ascii.Equals(b, p, end - p, SendRecv)) d = MediaDirection.SendRecv;
        else if (Ascii.Equals(b, p, end - p, SendOnly)) d = MediaDirection.SendOnly;
        else if (Ascii.Equals(b, p, end - p, RecvOnly)) d = MediaDirection.RecvOnly;
        else if (Ascii.Equals(b, p, end - p, Inactive)) d = MediaDirection.Inactive;
        else
        {
            long ms;
            if (m >= 0 && end - p > 6 && Ascii.Equals(b, p, 6, PtimeAttribute) && Ascii.TryParseUInt(b, p + 6, end - p - 6, 1000, out ms))
            {
                Ptime[m] = (int)ms;
                return;
            }
            // a=rtpmap:<pt> telephone-event/8000
            if (m >= 0 && end - p > 7 && Ascii.Equals(b, p, 7, RtpmapAttribute))
            {
                int s = p + 7;
                int q = s;
                while (q < end && Ascii.IsDigit(b[q])) q++;
                long pt;
                int name = q + 1;
                if (Ascii.TryParseUInt(b, s, q - s, 127, out pt) && name + 15 <= end
                    && Ascii.EqualsIgnoreCase(b, name, 15, TelephoneEventName)) TelephoneEvent[m] = (int)pt;
            }
            return;
        }
        if (m < 0) SessionDirection = d;
        else Direction[m] = d;
    }

    private bool Fail(string why)
    {
        Error = why;
        return false;
    }

    private static bool EndsWith(byte[] b, int off, int len, byte[] word)
    {
        return len >= word.Length && Ascii.Equals(b, off + len - word.Length, word.Length, word);
    }
}
