namespace NanoPhone.Sip.Auth;

/// <summary>
/// SHA-512/256 (FIPS 180-4 §5.3.6.2, §6.7): the SHA-512 compression function started from its own
/// initial hash value, with the digest cut to 32 bytes. The "SHA-512-256" of RFC 7616 and RFC 8760.
/// Reusable: Reset/Update/Final allocate nothing.
/// </summary>
public sealed class Sha512t256 : IDigestHash
{
    // First 64 bits of the fractional parts of the cube roots of the first 80 primes (§4.2.3).
    private static readonly ulong[] K =
    {
        0x428A2F98D728AE22UL, 0x7137449123EF65CDUL, 0xB5C0FBCFEC4D3B2FUL, 0xE9B5DBA58189DBBCUL,
        0x3956C25BF348B538UL, 0x59F111F1B605D019UL, 0x923F82A4AF194F9BUL, 0xAB1C5ED5DA6D8118UL,
        0xD807AA98A3030242UL, 0x12835B0145706FBEUL, 0x243185BE4EE4B28CUL, 0x550C7DC3D5FFB4E2UL,
        0x72BE5D74F27B896FUL, 0x80DEB1FE3B1696B1UL, 0x9BDC06A725C71235UL, 0xC19BF174CF692694UL,
        0xE49B69C19EF14AD2UL, 0xEFBE4786384F25E3UL, 0x0FC19DC68B8CD5B5UL, 0x240CA1CC77AC9C65UL,
        0x2DE92C6F592B0275UL, 0x4A7484AA6EA6E483UL, 0x5CB0A9DCBD41FBD4UL, 0x76F988DA831153B5UL,
        0x983E5152EE66DFABUL, 0xA831C66D2DB43210UL, 0xB00327C898FB213FUL, 0xBF597FC7BEEF0EE4UL,
        0xC6E00BF33DA88FC2UL, 0xD5A79147930AA725UL, 0x06CA6351E003826FUL, 0x142929670A0E6E70UL,
        0x27B70A8546D22FFCUL, 0x2E1B21385C26C926UL, 0x4D2C6DFC5AC42AEDUL, 0x53380D139D95B3DFUL,
        0x650A73548BAF63DEUL, 0x766A0ABB3C77B2A8UL, 0x81C2C92E47EDAEE6UL, 0x92722C851482353BUL,
        0xA2BFE8A14CF10364UL, 0xA81A664BBC423001UL, 0xC24B8B70D0F89791UL, 0xC76C51A30654BE30UL,
        0xD192E819D6EF5218UL, 0xD69906245565A910UL, 0xF40E35855771202AUL, 0x106AA07032BBD1B8UL,
        0x19A4C116B8D2D0C8UL, 0x1E376C085141AB53UL, 0x2748774CDF8EEB99UL, 0x34B0BCB5E19B48A8UL,
        0x391C0CB3C5C95A63UL, 0x4ED8AA4AE3418ACBUL, 0x5B9CCA4F7763E373UL, 0x682E6FF3D6B2B8A3UL,
        0x748F82EE5DEFB2FCUL, 0x78A5636F43172F60UL, 0x84C87814A1F0AB72UL, 0x8CC702081A6439ECUL,
        0x90BEFFFA23631E28UL, 0xA4506CEBDE82BDE9UL, 0xBEF9A3F7B2C67915UL, 0xC67178F2E372532BUL,
        0xCA273ECEEA26619CUL, 0xD186B8C721C0C207UL, 0xEADA7DD6CDE0EB1EUL, 0xF57D4F7FEE6ED178UL,
        0x06F067AA72176FBAUL, 0x0A637DC5A2C898A6UL, 0x113F9804BEF90DAEUL, 0x1B710B35131C471BUL,
        0x28DB77F523047D84UL, 0x32CAAB7B40C72493UL, 0x3C9EBE0A15C9BEBCUL, 0x431D67C49C100D4CUL,
        0x4CC5D4BECB3E42B6UL, 0x597F299CFC657E2AUL, 0x5FCB6FAB3AD6FAECUL, 0x6C44198C4A475817UL,
    };

    // The SHA-512/256 initial hash value H(0) (§5.3.6.2).
    private static readonly ulong[] Initial512t256 =
    {
        0x22312194FC2BF72CUL, 0x9F555FA3C84C64C2UL, 0x2393B86B6F53B151UL, 0x963877195940EABDUL,
        0x96283EE2A88EFFE3UL, 0xBE5E1E2553863992UL, 0x2B0199FC2C85B8AAUL, 0x0EB72DDC81C52CA2UL,
    };

    private readonly ulong[] _initial;
    private readonly int _size;
    private readonly ulong[] _h = new ulong[8];
    private readonly ulong[] _w = new ulong[80];
    private readonly byte[] _block = new byte[128];
    private int _fill;
    private ulong _length;

    public Sha512t256() : this(Initial512t256, 32) { }

    /// <summary>Another member of the SHA-512 family: its initial hash value and digest size (tests use SHA-512 itself).</summary>
    internal Sha512t256(ulong[] initial, int size)
    {
        _initial = initial;
        _size = size;
        Reset();
    }

    public int Size { get { return _size; } }

    public void Reset()
    {
        System.Array.Copy(_initial, _h, 8);
        _fill = 0;
        _length = 0;
    }

    public void Update(byte[] b, int off, int len)
    {
        _length += (ulong)(len > 0 ? len : 0);
        while (len > 0)
        {
            if (_fill == 0 && len >= 128)
            {
                Transform(b, off);
                off += 128;
                len -= 128;
                continue;
            }
            int n = 128 - _fill;
            if (n > len) n = len;
            System.Array.Copy(b, off, _block, _fill, n);
            _fill += n;
            off += n;
            len -= n;
            if (_fill == 128)
            {
                Transform(_block, 0);
                _fill = 0;
            }
        }
    }

    public void Final(byte[] dst, int off)
    {
        ulong bitsLow = _length << 3;
        ulong bitsHigh = _length >> 61;
        _block[_fill++] = 0x80;
        if (_fill > 112)
        {
            while (_fill < 128) _block[_fill++] = 0;
            Transform(_block, 0);
            _fill = 0;
        }
        while (_fill < 112) _block[_fill++] = 0;
        for (int i = 0; i < 8; i++)
        {
            _block[127 - i] = (byte)(bitsLow >> (8 * i));
            _block[119 - i] = (byte)(bitsHigh >> (8 * i));
        }
        Transform(_block, 0);
        for (int i = 0; i < _size; i++)
        {
            dst[off + i] = (byte)(_h[i >> 3] >> (56 - 8 * (i & 7)));
        }
        Reset();
    }

    private static ulong Rotr(ulong x, int n) { return (x >> n) | (x << (64 - n)); }

    private void Transform(byte[] p, int off)
    {
        ulong[] w = _w;
        unchecked
        {
            for (int t = 0; t < 16; t++)
            {
                ulong v = 0;
                for (int i = 0; i < 8; i++) v = (v << 8) | p[off++];
                w[t] = v;
            }
            for (int t = 16; t < 80; t++)
            {
                ulong x = w[t - 15], y = w[t - 2];
                ulong s0 = Rotr(x, 1) ^ Rotr(x, 8) ^ (x >> 7);
                ulong s1 = Rotr(y, 19) ^ Rotr(y, 61) ^ (y >> 6);
                w[t] = w[t - 16] + s0 + w[t - 7] + s1;
            }
            ulong a = _h[0], b = _h[1], c = _h[2], d = _h[3], e = _h[4], f = _h[5], g = _h[6], h = _h[7];
            for (int t = 0; t < 80; t++)
            {
                ulong t1 = h + (Rotr(e, 14) ^ Rotr(e, 18) ^ Rotr(e, 41)) + ((e & f) ^ (~e & g)) + K[t] + w[t];
                ulong t2 = (Rotr(a, 28) ^ Rotr(a, 34) ^ Rotr(a, 39)) + ((a & b) ^ (a & c) ^ (b & c));
                h = g;
                g = f;
                f = e;
                e = d + t1;
                d = c;
                c = b;
                b = a;
                a = t1 + t2;
            }
            _h[0] += a;
            _h[1] += b;
            _h[2] += c;
            _h[3] += d;
            _h[4] += e;
            _h[5] += f;
            _h[6] += g;
            _h[7] += h;
        }
    }
}
