namespace NanoPhone.App.Time;

/// <summary>
/// SNTP version 4 (RFC 4330) over 48-byte UDP datagrams, bytes in and bytes out: the client's request
/// (mode 3, the transmit timestamp it will check) and the server's reply, checked as RFC 4330 §5
/// asks (mode 4, stratum 1..15, leap indicator not 3 "alarm", our transmit time echoed as the
/// originate time, a non-zero transmit time), read as UTC milliseconds since 1970. The round trip
/// is not corrected for (a phone's date needs no better than a second).
/// </summary>
public static class SntpPacket
{
    public const int Length = 48;
    public const int Port = 123;
    /// <summary>Seconds from 1900-01-01 (NTP's era 0) to 1970-01-01.</summary>
    private const long Era0ToUnix = 2208988800L;

    /// <summary>Writes a request into <paramref name="buf"/> (48 bytes) with <paramref name="cookie"/> as its transmit timestamp.</summary>
    public static void WriteRequest(byte[] buf, ulong cookie)
    {
        for (int i = 0; i < Length; i++) buf[i] = 0;
        buf[0] = (0 << 6) | (4 << 3) | 3;   // LI 0, version 4, mode 3 (client)
        for (int i = 0; i < 8; i++) buf[40 + i] = (byte)(cookie >> (56 - 8 * i));
    }

    /// <summary>The server's time in UTC milliseconds since 1970, or -1 (and why) for a reply that is not one to our request.</summary>
    public static long ReadReply(byte[] buf, int off, int len, ulong cookie, out string error)
    {
        error = null;
        if (len < Length) { error = "short reply"; return -1; }
        int li = buf[off] >> 6;
        int mode = buf[off] & 7;
        int stratum = buf[off + 1];
        if (mode != 4 && mode != 5) { error = "not a server reply (mode " + mode + ")"; return -1; }
        if (li == 3 || stratum == 0) { error = "the server is not synchronised (kiss-o'-death or alarm)"; return -1; }
        if (stratum > 15) { error = "invalid stratum"; return -1; }
        if (Read64(buf, off + 24) != cookie) { error = "the reply is not to our request"; return -1; }
        ulong transmit = Read64(buf, off + 40);
        if (transmit == 0) { error = "the reply has no time"; return -1; }
        long seconds = (long)(transmit >> 32);
        // Era 1 starts in 2036: a small seconds count is past 2036, not 1900.
        if (seconds < Era0ToUnix) seconds += 4294967296L;
        long fractionMs = (long)(((transmit & 0xFFFFFFFFUL) * 1000UL) >> 32);
        return (seconds - Era0ToUnix) * 1000 + fractionMs;
    }

    private static ulong Read64(byte[] buf, int off)
    {
        ulong v = 0;
        for (int i = 0; i < 8; i++) v = (v << 8) | buf[off + i];
        return v;
    }
}
