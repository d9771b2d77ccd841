using NanoPhone.Sip.Text;

namespace NanoPhone.Sip.Message;

/// <summary>
/// A reusable byte buffer that SIP messages are encoded into. Reset() keeps the array, so encoding
/// a message allocates nothing once the buffer has grown to the largest message seen. Each write
/// checks the room left inline and calls Grow only when it runs out: on the nanoFramework
/// interpreter a method call per write costs more than the write. Fixed words (header names,
/// "SIP/2.0 ") are best written as bytes made once: a string literal allocates on nanoCLR at every
/// use, and Text reads it a native call per character.
/// </summary>
public sealed class SipWriter
{
    private byte[] _buf;
    private int _len;

    public SipWriter(int capacity)
    {
        _buf = new byte[capacity];
    }

    public byte[] Buffer { get { return _buf; } }

    public int Length { get { return _len; } }

    public void Reset() { _len = 0; }

    /// <summary>Moves the write position back (e.g. to overwrite a placeholder).</summary>
    public void Truncate(int length) { _len = length; }

    private void Grow(int need)
    {
        int size = _buf.Length * 2;
        if (size < need) size = need;
        byte[] grown = new byte[size];
        System.Array.Copy(_buf, grown, _len);
        _buf = grown;
    }

    public SipWriter Byte(byte b)
    {
        if (_len + 1 > _buf.Length) Grow(_len + 1);
        _buf[_len++] = b;
        return this;
    }

    public SipWriter Bytes(byte[] src, int off, int len)
    {
        if (len <= 0) return this;
        if (_len + len > _buf.Length) Grow(_len + len);
        System.Array.Copy(src, off, _buf, _len, len);
        _len += len;
        return this;
    }

    public SipWriter Bytes(byte[] src)
    {
        return Bytes(src, 0, src.Length);
    }

    public SipWriter Field(NanoPhone.Sip.Text.ByteField f)
    {
        return Bytes(f.Buffer, 0, f.Length);
    }

    /// <summary>Writes a string as UTF-8 (ASCII for every SIP token).</summary>
    public SipWriter Text(string s)
    {
        if (s == null) return this;
        if (_len + s.Length * 3 > _buf.Length) Grow(_len + s.Length * 3);
        _len = Ascii.WriteUtf8(s, _buf, _len);
        return this;
    }

    public SipWriter Crlf()
    {
        if (_len + 2 > _buf.Length) Grow(_len + 2);
        _buf[_len++] = (byte)'\r';
        _buf[_len++] = (byte)'\n';
        return this;
    }

    /// <summary>Writes a non-negative decimal number without allocating.</summary>
    public SipWriter Number(long value)
    {
        if (value < 0)
        {
            Byte((byte)'-');
            value = -value;
        }
        if (_len + 20 > _buf.Length) Grow(_len + 20);
        int start = _len;
        do
        {
            _buf[_len++] = (byte)('0' + (int)(value % 10));
            value /= 10;
        }
        while (value > 0);
        int a = start, b = _len - 1;
        while (a < b)
        {
            byte t = _buf[a]; _buf[a] = _buf[b]; _buf[b] = t;
            a++; b--;
        }
        return this;
    }

    /// <summary>Writes bytes as lowercase hexadecimal.</summary>
    public SipWriter Hex(byte[] src, int off, int len)
    {
        if (_len + len * 2 > _buf.Length) Grow(_len + len * 2);
        for (int i = 0; i < len; i++)
        {
            int v = src[off + i];
            _buf[_len++] = HexDigit(v >> 4);
            _buf[_len++] = HexDigit(v & 15);
        }
        return this;
    }

    private static byte HexDigit(int v)
    {
        return (byte)(v < 10 ? '0' + v : 'a' + v - 10);
    }

    /// <summary>"Name: " — the start of a header line.</summary>
    public SipWriter HeaderName(string name)
    {
        Text(name);
        return NameEnd();
    }

    /// <summary>"Name: " for a header this UA knows, its canonical name written as bytes.</summary>
    public SipWriter HeaderName(HeaderId id)
    {
        Bytes(HeaderIds.NameAsBytes(id));
        return NameEnd();
    }

    private SipWriter NameEnd()
    {
        if (_len + 2 > _buf.Length) Grow(_len + 2);
        _buf[_len++] = (byte)':';
        _buf[_len++] = (byte)' ';
        return this;
    }

    /// <summary>A whole header line "Name: value\r\n".</summary>
    public SipWriter Header(string name, string value)
    {
        return HeaderName(name).Text(value).Crlf();
    }

    /// <summary>A whole header line whose value is a view into another buffer.</summary>
    public SipWriter Header(string name, byte[] src, int off, int len)
    {
        return HeaderName(name).Bytes(src, off, len).Crlf();
    }

    /// <summary>A whole header line of a header this UA knows, the value a view into another buffer.</summary>
    public SipWriter Header(HeaderId id, byte[] src, int off, int len)
    {
        return HeaderName(id).Bytes(src, off, len).Crlf();
    }

    public SipWriter Header(HeaderId id, long number)
    {
        return HeaderName(id).Number(number).Crlf();
    }

    public SipWriter Header(string name, long number)
    {
        return HeaderName(name).Number(number).Crlf();
    }

    /// <summary>A copy of the written bytes (for storing on a transaction).</summary>
    public byte[] ToArray()
    {
        byte[] copy = new byte[_len];
        System.Array.Copy(_buf, copy, _len);
        return copy;
    }
}
