namespace NanoPhone.Sip.Auth;

/// <summary>SHA-256 (FIPS 180-4 §6.2). Reusable: Reset/Update/Final allocate nothing.</summary>
public sealed class Sha256 : IDigestHash
{
    // First 32 bits of the fractional parts of the cube roots of the first 64 primes (§4.2.2).
    private static readonly uint[] K =
    {
        0x428A2F98, 0x71374491, 0xB5C0FBCF, 0xE9B5DBA5, 0x3956C25B, 0x59F111F1, 0x923F82A4, 0xAB1C5ED5,
        0xD807AA98, 0x12835B01, 0x243185BE, 0x550C7DC3, 0x72BE5D74, 0x80DEB1FE, 0x9BDC06A7, 0xC19BF174,
        0xE49B69C1, 0xEFBE4786, 0x0FC19DC6, 0x240CA1CC, 0x2DE92C6F, 0x4A7484AA, 0x5CB0A9DC, 0x76F988DA,
        0x983E5152, 0xA831C66D, 0xB00327C8, 0xBF597FC7, 0xC6E00BF3, 0xD5A79147, 0x06CA6351, 0x14292967,
        0x27B70A85, 0x2E1B2138, 0x4D2C6DFC, 0x53380D13, 0x650A7354, 0x766A0ABB, 0x81C2C92E, 0x92722C85,
        0xA2BFE8A1, 0xA81A664B, 0xC24B8B70, 0xC76C51A3, 0xD192E819, 0xD6990624, 0xF40E3585, 0x106AA070,
        0x19A4C116, 0x1E376C08, 0x2748774C, 0x34B0BCB5, 0x391C0CB3, 0x4ED8AA4A, 0x5B9CCA4F, 0x682E6FF3,
        0x748F82EE, 0x78A5636F, 0x84C87814, 0x8CC70208, 0x90BEFFFA, 0xA4506CEB, 0xBEF9A3F7, 0xC67178F2,
    };

    private readonly uint[] _h = new uint[8];
    private readonly uint[] _w = new uint[64];
    private readonly byte[] _block = new byte[64];
    private int _fill;
    private ulong _length;

    public Sha256() { Reset(); }

    public int Size { get { return 32; } }

    public void Reset()
    {
        // First 32 bits of the fractional parts of the square roots of the first 8 primes (§5.3.3).
        _h[0] = 0x6A09E667;
        _h[1] = 0xBB67AE85;
        _h[2] = 0x3C6EF372;
        _h[3] = 0xA54FF53A;
        _h[4] = 0x510E527F;
        _h[5] = 0x9B05688C;
        _h[6] = 0x1F83D9AB;
        _h[7] = 0x5BE0CD19;
        _fill = 0;
        _length = 0;
    }

    public void Update(byte[] b, int off, int len)
    {
        _length += (ulong)(len > 0 ? len : 0);
        while (len > 0)
        {
            if (_fill == 0 && len >= 64)
            {
                Transform(b, off);
                off += 64;
                len -= 64;
                continue;
            }
            int n = 64 - _fill;
            if (n > len) n = len;
            System.Array.Copy(b, off, _block, _fill, n);
            _fill += n;
            off += n;
            len -= n;
            if (_fill == 64)
            {
                Transform(_block, 0);
                _fill = 0;
            }
        }
    }

    public void Final(byte[] dst, int off)
    {
        ulong bits = _length << 3;
        _block[_fill++] = 0x80;
        if (_fill > 56)
        {
            while (_fill < 64) _block[_fill++] = 0;
            Transform(_block, 0);
            _fill = 0;
        }
        while (_fill < 56) _block[_fill++] = 0;
        for (int i = 0; i < 8; i++) _block[63 - i] = (byte)(bits >> (8 * i));
        Transform(_block, 0);
        for (int i = 0; i < 8; i++)
        {
            uint v = _h[i];
            int p = off + 4 * i;
            dst[p] = (byte)(v >> 24);
            dst[p + 1] = (byte)(v >> 16);
            dst[p + 2] = (byte)(v >> 8);
            dst[p + 3] = (byte)v;
        }
        Reset();
    }

    private static uint Rotr(uint x, int n) { return (x >> n) | (x << (32 - n)); }

    private void Transform(byte[] p, int off)
    {
        uint[] w = _w;
        unchecked
        {
            for (int t = 0; t < 16; t++, off += 4)
            {
                w[t] = ((uint)p[off] << 24) | ((uint)p[off + 1] << 16) | ((uint)p[off + 2] << 8) | p[off + 3];
            }
            for (int t = 16; t < 64; t++)
            {
                uint x = w[t - 15], y = w[t - 2];
                uint s0 = Rotr(x, 7) ^ Rotr(x, 18) ^ (x >> 3);
                uint s1 = Rotr(y, 17) ^ Rotr(y, 19) ^ (y >> 10);
                w[t] = w[t - 16] + s0 + w[t - 7] + s1;
            }
            uint a = _h[0], b = _h[1], c = _h[2], d = _h[3], e = _h[4], f = _h[5], g = _h[6], h = _h[7];
            for (int t = 0; t < 64; t++)
            {
                uint t1 = h + (Rotr(e, 6) ^ Rotr(e, 11) ^ Rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[t] + w[t];
                uint t2 = (Rotr(a, 2) ^ Rotr(a, 13) ^ Rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
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
