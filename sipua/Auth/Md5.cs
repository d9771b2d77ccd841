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

    // Left-rotation amounts: four per round, RFC 1321 §3.4.
    private static readonly int[] Shifts = { 7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21 };

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

    private void Transform(byte[] p, int off)
    {
        uint[] x = _x;
        for (int i = 0; i < 16; i++, off += 4)
        {
            x[i] = p[off] | ((uint)p[off + 1] << 8) | ((uint)p[off + 2] << 16) | ((uint)p[off + 3] << 24);
        }
        uint a = _a, b = _b, c = _c, d = _d;
        unchecked
        {
            for (int i = 0; i < 64; i++)
            {
                uint f;
                int g;
                if (i < 16) { f = (b & c) | (~b & d); g = i; }
                else if (i < 32) { f = (d & b) | (~d & c); g = (5 * i + 1) & 15; }
                else if (i < 48) { f = b ^ c ^ d; g = (3 * i + 5) & 15; }
                else { f = c ^ (b | ~d); g = (7 * i) & 15; }
                uint sum = a + f + T[i] + x[g];
                int s = Shifts[((i >> 4) << 2) | (i & 3)];
                a = d;
                d = c;
                c = b;
                b = b + ((sum << s) | (sum >> (32 - s)));
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
