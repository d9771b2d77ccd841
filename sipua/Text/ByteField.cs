namespace NanoPhone.Sip.Text;

/// <summary>
/// A byte string with a fixed capacity, for values a dialog or registration must keep after the
/// receive buffer is reused (Call-ID, tags, URIs). Allocated once, set many times.
/// </summary>
public sealed class ByteField
{
    private readonly byte[] _buf;
    private int _len;

    public ByteField(int capacity)
    {
        _buf = new byte[capacity];
    }

    public byte[] Buffer { get { return _buf; } }

    public int Length { get { return _len; } }

    public int Capacity { get { return _buf.Length; } }

    public bool IsEmpty { get { return _len == 0; } }

    public void Clear() { _len = 0; }

    /// <summary>Copies the range in; false (and empty) if it does not fit.</summary>
    public bool Set(byte[] src, int off, int len)
    {
        if (len < 0 || len > _buf.Length)
        {
            _len = 0;
            return false;
        }
        System.Array.Copy(src, off, _buf, 0, len);
        _len = len;
        return true;
    }

    public bool Set(ByteField other) { return Set(other._buf, 0, other._len); }

    /// <summary>Sets an ASCII/UTF-8 string; false if it does not fit.</summary>
    public bool Set(string s)
    {
        if (s == null) { _len = 0; return true; }
        if (Ascii.Utf8Length(s) > _buf.Length) { _len = 0; return false; }
        _len = Ascii.WriteUtf8(s, _buf, 0);
        return true;
    }

    public bool Equals(byte[] other, int off, int len)
    {
        return Ascii.BytesEqual(_buf, 0, _len, other, off, len);
    }

    public bool EqualsIgnoreCase(byte[] other, int off, int len)
    {
        return Ascii.BytesEqualIgnoreCase(_buf, 0, _len, other, off, len);
    }

    public override string ToString() { return Ascii.ToString(_buf, 0, _len); }
}
