namespace NanoPhone.Sip.Timing;

/// <summary>
/// xorshift32 random numbers for tags, Call-IDs, branches, cnonces and backoff jitter. Not for
/// secrets: its only job is that two phones, or two calls, do not pick the same values. Seed it
/// from something that differs per device and boot (time, MAC address).
/// </summary>
public sealed class Randomness : IRandom
{
    private uint _state;

    public Randomness(uint seed)
    {
        _state = seed == 0 ? 2463534242u : seed;
    }

    public uint Next()
    {
        uint x = _state;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        _state = x;
        return x;
    }

    /// <summary>digits random lowercase hex digits (Call-IDs, tags).</summary>
    public string Hex(int digits)
    {
        char[] c = new char[digits];
        for (int i = 0; i < digits; i++)
        {
            int v = (int)(Next() & 15);
            c[i] = (char)(v < 10 ? '0' + v : 'a' + v - 10);
        }
        return new string(c);
    }

    /// <summary>A value in [0, bound).</summary>
    public int Below(int bound)
    {
        return bound <= 0 ? 0 : (int)(Next() % (uint)bound);
    }
}
