namespace NanoPhone.Sip.Transaction;

/// <summary>
/// A transaction's own copy of some bytes (the request to retransmit, the last response, the ACK,
/// matching keys). The array is allocated on first use and grown only when a larger content
/// comes, so a pooled transaction stops allocating once it has seen its largest message.
/// </summary>
internal sealed class ByteStore
{
    private const int Granule = 64;

    private byte[] _data;
    private int _length;

    public byte[] Data { get { return _data; } }

    public int Length { get { return _length; } }

    /// <summary>Bytes allocated (for memory budgets).</summary>
    public int Capacity { get { return _data == null ? 0 : _data.Length; } }

    public void Clear() { _length = 0; }

    /// <summary>Replaces the content with src[off..off+len).</summary>
    public void Set(byte[] src, int off, int len)
    {
        _length = 0;
        Ensure(len);
        System.Array.Copy(src, off, _data, 0, len);
        _length = len;
    }

    /// <summary>Appends src[off..off+len); returns the offset where it starts.</summary>
    public int Append(byte[] src, int off, int len)
    {
        int at = _length;
        Ensure(at + len);
        if (len > 0) System.Array.Copy(src, off, _data, at, len);
        _length = at + len;
        return at;
    }

    private void Ensure(int size)
    {
        if (_data != null && size <= _data.Length) return;
        int grown = _data == null ? 0 : _data.Length * 2;
        int rounded = (size + Granule - 1) / Granule * Granule;
        byte[] next = new byte[grown > rounded ? grown : rounded];
        if (_length > 0) System.Array.Copy(_data, next, _length);
        _data = next;
    }
}
