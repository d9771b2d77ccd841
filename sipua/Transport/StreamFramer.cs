using NanoPhone.Sip.Text;

namespace NanoPhone.Sip.Transport;

/// <summary>
/// Cuts the byte stream of a TCP or TLS connection into SIP messages (RFC 3261 §18.3): a message
/// is its header section up to the empty line plus Content-Length bytes of body. Between messages
/// it recognises RFC 5626 §3.5.1 keep-alives: a double CRLF is a ping (answer it with one CRLF), a
/// single CRLF a pong. One fixed buffer, nothing allocated after construction. A stream that breaks
/// the rules — a header section or message longer than the buffer, no or a bad Content-Length,
/// bytes that cannot start a message — is an error the connection does not recover from: the
/// owner closes it, so a peer that streams without end or announces a huge body costs one buffer.
/// Use: <see cref="Write"/> what arrived, then <see cref="Next"/> until NeedMore (a message's bytes
/// stay valid until the next Write or Next).
/// </summary>
public sealed class StreamFramer
{
    /// <summary>Longest start line plus header section kept before its empty line must have come.</summary>
    public const int MinCapacity = 256;

    private readonly byte[] _buf;
    private int _start;
    private int _end;
    private string _error;

    /// <param name="maxMessage">The longest message (headers and body) taken; longer ones are an error.</param>
    public StreamFramer(int maxMessage)
    {
        if (maxMessage < MinCapacity) throw new System.ArgumentException("a stream framer needs at least " + MinCapacity + " bytes");
        _buf = new byte[maxMessage];
    }

    /// <summary>The framer's buffer: a message returned by Next is at FrameOffset, FrameLength in it.</summary>
    public byte[] Buffer { get { return _buf; } }

    public int Capacity { get { return _buf.Length; } }

    /// <summary>Where the message (or keep-alive) Next returned starts in <see cref="Buffer"/>.</summary>
    public int FrameOffset { get; private set; }

    /// <summary>The length of the message Next returned; for a keep-alive the bytes it took (4, 2, or 1 for a bare LF).</summary>
    public int FrameLength { get; private set; }

    /// <summary>Why the stream was given up (after Next returned Error), else null.</summary>
    public string Error { get { return _error; } }

    /// <summary>Bytes received and not yet framed.</summary>
    public int Buffered { get { return _end - _start; } }

    /// <summary>Forgets everything (a new connection).</summary>
    public void Reset()
    {
        _start = 0;
        _end = 0;
        _error = null;
        FrameOffset = 0;
        FrameLength = 0;
    }

    /// <summary>
    /// Takes as many of the bytes as there is room for and returns how many (fewer than len when
    /// the buffer is full: call Next, then Write the rest). 0 after an error.
    /// </summary>
    public int Write(byte[] src, int off, int len)
    {
        if (_error != null || len <= 0) return 0;
        if (_start > 0 && _buf.Length - _end < len)
        {
            // Move what is left to the front: the message returned last is no longer needed.
            int n = _end - _start;
            System.Array.Copy(_buf, _start, _buf, 0, n);
            _start = 0;
            _end = n;
        }
        int room = _buf.Length - _end;
        int take = len < room ? len : room;
        System.Array.Copy(src, off, _buf, _end, take);
        _end += take;
        return take;
    }

    /// <summary>The next unit of the stream, if all of it is here.</summary>
    public FrameResult Next()
    {
        if (_error != null) return FrameResult.Error;
        FrameLength = 0;
        if (_start == _end)
        {
            _start = 0;
            _end = 0;
            return FrameResult.NeedMore;
        }
        // Keep-alives between messages (RFC 5626 §3.5.1); a stray LF is taken as a line end.
        byte first = _buf[_start];
        if (first == (byte)'\r' || first == (byte)'\n')
        {
            int n = _end - _start;
            FrameOffset = _start;
            if (n >= 4 && IsCrlf(_start) && IsCrlf(_start + 2))
            {
                _start += 4;
                FrameLength = 4;
                return FrameResult.Ping;
            }
            if (n >= 2 && IsCrlf(_start))
            {
                // CRLF CR: perhaps a ping whose last LF is still on its way. (A lone CRLF is taken
                // as the pong at once: a ping cut after its first CRLF then reads as two pongs.)
                if (n == 3 && _buf[_start + 2] == (byte)'\r') return FrameResult.NeedMore;
                _start += 2;
                FrameLength = 2;
                return FrameResult.Pong;
            }
            if (first == (byte)'\n')
            {
                _start++;
                FrameLength = 1;
                return FrameResult.Pong;
            }
            if (n == 1) return FrameResult.NeedMore;
            return Fail("a lone CR between messages");
        }
        if (!Ascii.IsToken(first)) return Fail("bytes that cannot start a SIP message");
        int headEnd = FindHeaderEnd(_start, _end);
        if (headEnd < 0)
        {
            if (_end - _start >= _buf.Length) return Fail("header section longer than " + _buf.Length + " bytes");
            return FrameResult.NeedMore;
        }
        int contentLength;
        string why = ContentLength(_start, headEnd, out contentLength);
        if (why != null) return Fail(why);
        if (contentLength > _buf.Length - (headEnd - _start)) return Fail("Content-Length larger than " + _buf.Length + " bytes with the headers");
        int total = headEnd - _start + contentLength;
        if (_end - _start < total) return FrameResult.NeedMore;
        FrameOffset = _start;
        FrameLength = total;
        _start += total;
        return FrameResult.Message;
    }

    private bool IsCrlf(int p) { return _buf[p] == (byte)'\r' && _buf[p + 1] == (byte)'\n'; }

    private FrameResult Fail(string why)
    {
        _error = why;
        return FrameResult.Error;
    }

    /// <summary>The offset just after the empty line that ends the header section (CRLF CRLF, or bare LFs), or -1.</summary>
    private int FindHeaderEnd(int from, int to)
    {
        for (int i = from; i < to; i++)
        {
            if (_buf[i] != (byte)'\n') continue;
            int j = i + 1;
            if (j < to && _buf[j] == (byte)'\r') j++;
            if (j < to && _buf[j] == (byte)'\n') return j + 1;
        }
        return -1;
    }

    /// <summary>
    /// The Content-Length of the header section [from, headEnd) (full or compact name, any case,
    /// folded lines not expected): null and the value, or why not. Several headers must agree.
    /// </summary>
    private string ContentLength(int from, int headEnd, out int value)
    {
        value = -1;
        int p = from;
        // Skip the start line.
        while (p < headEnd && _buf[p] != (byte)'\n') p++;
        p++;
        while (p < headEnd)
        {
            int lineEnd = p;
            while (lineEnd < headEnd && _buf[lineEnd] != (byte)'\n') lineEnd++;
            int n = p;
            while (n < lineEnd && Ascii.IsToken(_buf[n])) n++;
            int nameLen = n - p;
            bool named = (nameLen == 14 && Ascii.EqualsIgnoreCase(_buf, p, 14, "Content-Length"))
                || (nameLen == 1 && (_buf[p] | 0x20) == (byte)'l');
            if (named)
            {
                int c = n;
                while (c < lineEnd && Ascii.IsWsp(_buf[c])) c++;
                if (c < lineEnd && _buf[c] == (byte)':')
                {
                    int v = c + 1;
                    while (v < lineEnd && Ascii.IsWsp(_buf[v])) v++;
                    int e = lineEnd;
                    while (e > v && (_buf[e - 1] == (byte)'\r' || Ascii.IsWsp(_buf[e - 1]))) e--;
                    long parsed;
                    if (!Ascii.TryParseUInt(_buf, v, e - v, int.MaxValue, out parsed)) return "Content-Length is not a number";
                    if (value >= 0 && value != (int)parsed) return "two different Content-Lengths";
                    value = (int)parsed;
                }
            }
            p = lineEnd + 1;
        }
        if (value < 0) return "no Content-Length (required on a stream, RFC 3261 §18.3)";
        return null;
    }
}

/// <summary>What <see cref="StreamFramer.Next"/> found.</summary>
public enum FrameResult : byte
{
    /// <summary>Nothing complete yet.</summary>
    NeedMore = 0,
    /// <summary>A whole message at FrameOffset, FrameLength.</summary>
    Message,
    /// <summary>A double CRLF keep-alive ping: answer with one CRLF.</summary>
    Ping,
    /// <summary>A single CRLF: the answer to our ping.</summary>
    Pong,
    /// <summary>The stream broke the framing rules (Error says how): close the connection.</summary>
    Error,
}
