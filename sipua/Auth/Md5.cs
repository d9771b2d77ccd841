namespace NanoPhone.Sip.Auth;

/// <summary>
/// MD5 (RFC 1321). Needed only because SIP digest authentication still defaults to it; not for
/// anything that must resist collisions. Reusable: Reset/Update/Final allocate nothing.
/// </summary>
public sealed class Md5 : IDigestHash
{
    // T[i] = floor(2^32 * |sin(i + 1)|), RFC 1321 §3.4.
    private static readonly uint[] T =
    {
        0xD76AA478, 0xE8C7B756, 0x242070DB, 0xC1BDCEEE, 0xF57C0FAF, 0x4787C62A, 0xA8304613, 0xFD469501,
        0x698098D8, 0x8B44F7AF, 0xFFFF5BB1, 0x895CD7BE, 0x6B901122, 0xFD987193, 0xA679438E, 0x49B40821,
        0xF61E2562, 0xC040B340, 0x265E5A51, 0xE9B6C7AA, 0xD62F105D, 0x02441453, 0xD8A1E681, 0xE7D3FBC8,
        0x21E1CDE6, 0xC33707D6, 0xF4D50D87, 0x455A14ED, 0xA9E3E905, 0xFCEFA3F8, 0x676F02D9, 0x8D2A4C8A,
        0xFFFA3942, 0x8771F681, 0x6D9D6122, 0xFDE5380C, 0xA4BEEA44, 0x4BDECFA9, 0xF6BB4B60, 0xBEBFBC70,
        0x289B7EC6, 0xEAA127FA, 0xD4EF3085, 0x04881D05, 0xD9D4D039, 0xE6DB99E5, 0x1FA27CF8, 0xC4AC5665,
        0xF4292244, 0x432AFF97, 0xAB9423A7, 0xFC93A039, 0x655B59C3, 0x8F0CCC92, 0xFFEFF47D, 0x85845DD1,
        0x6FA87E4F, 0xFE2CE6E0, 0xA3014314, 0x4E0811A1, 0xF7537E82, 0xBD3AF235, 0x2AD7D2BB, 0xEB86D391,
    };

    // The message word each step adds, RFC 1321 §3.4: round 1 takes them in order, round 2
    // (1 + 5i) mod 16, round 3 (5 + 3i) mod 16, round 4 7i mod 16.
    private static readonly byte[] Words =
    {
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
        1, 6, 11, 0, 5, 10, 15, 4, 9, 14, 3, 8, 13, 2, 7, 12,
        5, 8, 11, 14, 1, 4, 7, 10, 13, 0, 3, 6, 9, 12, 15, 2,
        0, 7, 14, 5, 12, 3, 10, 1, 8, 15, 6, 13, 4, 11, 2, 9,
    };

    private readonly byte[] _block = new byte[64];
    private readonly uint[] _x = new uint[16];
    private uint _a, _b, _c, _d;
    private int _fill;
    private ulong _length;

    public Md5() { Reset(); }

    public int Size { get { return 16; } }

    public void Reset()
    {
        _a = 0x67452301;
        _b = 0xEFCDAB89;
        _c = 0x98BADCFE;
        _d = 0x10325476;
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
        for (int i = 0; i < 8; i++) _block[56 + i] = (byte)(bits >> (8 * i));
        Transform(_block, 0);
        PutLittleEndian(_a, dst, off);
        PutLittleEndian(_b, dst, off + 4);
        PutLittleEndian(_c, dst, off + 8);
        PutLittleEndian(_d, dst, off + 12);
        Reset();
    }

    // Four steps a loop iteration, as RFC 1321 §3.4 writes them ("[abcd k s i]" with a, b, c, d
    // taking turns), the rotation amounts as constants, the auxiliary function inline and the word
    // order from a table: on the nanoFramework interpreter every IL instruction of the 64 steps
    // counts, and a call (a Rotate helper) costs more than the step.
    private void Transform(byte[] p, int off)
    {
        uint[] x = _x;
        for (int k = 0; k < 16; k++, off += 4)
        {
            x[k] = p[off] | ((uint)p[off + 1] << 8) | ((uint)p[off + 2] << 16) | ((uint)p[off + 3] << 24);
        }
        uint[] t = T;
        byte[] w = Words;
        uint a = _a, b = _b, c = _c, d = _d;
        uint s;
        int i;
        unchecked
        {
            // Round 1: F(X, Y, Z) = (X AND Y) OR (NOT X AND Z); shifts 7, 12, 17, 22.
            for (i = 0; i < 16; i += 4)
            {
                s = a + ((b & c) | (~b & d)) + t[i] + x[w[i]]; a = b + ((s << 7) | (s >> 25));
                s = d + ((a & b) | (~a & c)) + t[i + 1] + x[w[i + 1]]; d = a + ((s << 12) | (s >> 20));
                s = c + ((d & a) | (~d & b)) + t[i + 2] + x[w[i + 2]]; c = d + ((s << 17) | (s >> 15));
                s = b + ((c & d) | (~c & a)) + t[i + 3] + x[w[i + 3]]; b = c + ((s << 22) | (s >> 10));
            }
            // Round 2: G(X, Y, Z) = (X AND Z) OR (Y AND NOT Z); shifts 5, 9, 14, 20.
            for (; i < 32; i += 4)
            {
                s = a + ((b & d) | (c & ~d)) + t[i] + x[w[i]]; a = b + ((s << 5) | (s >> 27));
                s = d + ((a & c) | (b & ~c)) + t[i + 1] + x[w[i + 1]]; d = a + ((s << 9) | (s >> 23));
                s = c + ((d & b) | (a & ~b)) + t[i + 2] + x[w[i + 2]]; c = d + ((s << 14) | (s >> 18));
                s = b + ((c & a) | (d & ~a)) + t[i + 3] + x[w[i + 3]]; b = c + ((s << 20) | (s >> 12));
            }
            // Round 3: H(X, Y, Z) = X XOR Y XOR Z; shifts 4, 11, 16, 23.
            for (; i < 48; i += 4)
            {
                s = a + (b ^ c ^ d) + t[i] + x[w[i]]; a = b + ((s << 4) | (s >> 28));
                s = d + (a ^ b ^ c) + t[i + 1] + x[w[i + 1]]; d = a + ((s << 11) | (s >> 21));
                s = c + (d ^ a ^ b) + t[i + 2] + x[w[i + 2]]; c = d + ((s << 16) | (s >> 16));
                s = b + (c ^ d ^ a) + t[i + 3] + x[w[i + 3]]; b = c + ((s << 23) | (s >> 9));
            }
            // Round 4: I(X, Y, Z) = Y XOR (X OR NOT Z); shifts 6, 10, 15, 21.
            for (; i < 64; i += 4)
            {
                s = a + (c ^ (b | ~d)) + t[i] + x[w[i]]; a = b + ((s << 6) | (s >> 26));
                s = d + (b ^ (a | ~c)) + t[i + 1] + x[w[i + 1]]; d = a + ((s << 10) | (s >> 22));
                s = c + (a ^ (d | ~b)) + t[i + 2] + x[w[i + 2]]; c = d + ((s << 15) | (s >> 17));
                s = b + (d ^ (c | ~a)) + t[i + 3] + x[w[i + 3]]; b = c + ((s << 21) | (s >> 11));
            }
            _a += a;
            _b += b;
            _c += c;
            _d += d;
        }
    }

    private static void PutLittleEndian(uint v, byte[] dst, int off)
    {
        dst[off] = (byte)v;
        dst[off + 1] = (byte)(v >> 8);
        dst[off + 2] = (byte)(v >> 16);
        dst[off + 3] = (byte)(v >> 24);
    }
}
