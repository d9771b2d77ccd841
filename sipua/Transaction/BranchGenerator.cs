using NanoPhone.Sip.Message;
using NanoPhone.Sip.Text;
using NanoPhone.Sip.Timing;

namespace NanoPhone.Sip.Transaction;

/// <summary>
/// Branch IDs for new client transactions: the RFC 3261 magic cookie "z9hG4bK" and 64 random bits
/// as 16 hex digits, unique across time and space (§8.1.1.7). Writing one allocates nothing.
/// </summary>
public sealed class BranchGenerator
{
    /// <summary>Bytes in every branch this generator writes.</summary>
    public const int Length = 7 + 16;

    private readonly IRandom _random;

    public BranchGenerator(IRandom random)
    {
        if (random == null) throw new System.ArgumentNullException("random");
        _random = random;
    }

    /// <summary>Writes a new branch at dst[off]; returns the offset after it.</summary>
    public int Write(byte[] dst, int off)
    {
        off = Ascii.WriteUtf8(Via.MagicCookie, dst, off);
        off = WriteHex(_random.Next(), dst, off);
        return WriteHex(_random.Next(), dst, off);
    }

    /// <summary>Appends a new branch to w; returns where it starts in w.Buffer (Length bytes).</summary>
    public int Write(SipWriter w)
    {
        int start = w.Length;
        w.Text(Via.MagicCookie);
        uint a = _random.Next(), b = _random.Next();
        for (int shift = 28; shift >= 0; shift -= 4) w.Byte(Hex((int)(a >> shift) & 15));
        for (int shift = 28; shift >= 0; shift -= 4) w.Byte(Hex((int)(b >> shift) & 15));
        return start;
    }

    /// <summary>A new branch as a string (allocates; for tests and tools).</summary>
    public string Next()
    {
        byte[] b = new byte[Length];
        Write(b, 0);
        return Ascii.ToString(b, 0, Length);
    }

    private static int WriteHex(uint v, byte[] dst, int off)
    {
        for (int shift = 28; shift >= 0; shift -= 4) dst[off++] = Hex((int)(v >> shift) & 15);
        return off;
    }

    private static byte Hex(int d) { return (byte)(d < 10 ? '0' + d : 'a' + d - 10); }
}
