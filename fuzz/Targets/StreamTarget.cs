#nullable disable
using System.Collections.Generic;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Fuzz;

/// <summary>
/// The TCP/TLS stream framer (RFC 3261 §18.3, RFC 5626 keep-alives) as a connection feeds it: the
/// input's first byte chooses how the rest is cut into reads (1 to 255 bytes each, or all at once),
/// each read is written and framed, every message is parsed as the agent would. Invariants:
/// <list type="bullet">
/// <item>every byte is accounted for: messages + 4 per ping + 2 per pong (1 for a bare LF) + what
/// is still buffered = what was written, until an error;</item>
/// <item>a message starts with a token character, lies inside the buffer and, when it parses
/// cleanly, is exactly what the parser frames (its Content-Length is the body);</item>
/// <item>the messages are the same when the same bytes come in one read;</item>
/// <item>nothing is taken after an error, and nothing grows: the buffer is the limit.</item>
/// </list>
/// </summary>
public sealed class StreamTarget : FuzzTarget
{
    public const int MaxMessage = 4096;

    private readonly StreamFramer _framer = new StreamFramer(MaxMessage);
    private readonly StreamFramer _whole = new StreamFramer(MaxMessage);
    private readonly SipParser _parser = new SipParser();
    private readonly SipMessage _m = new SipMessage();
    private readonly List<byte[]> _messages = new List<byte[]>();
    private readonly List<byte[]> _wholeMessages = new List<byte[]>();

    public override string Name { get { return "stream"; } }

    public override string Description
    {
        get { return "a TCP/TLS byte stream in reads: StreamFramer.Write/Next -> SipParser.Parse of each message"; }
    }

    public override List<Seed> Seeds(string dataDir)
    {
        var seeds = new List<Seed>();
        List<Seed> messages = SeedData.Messages(dataDir);
        for (int i = 0; i < messages.Count; i++)
        {
            byte[] m = WithContentLength(messages[i].Data);
            if (m == null) continue;
            // Chunking byte, then the message, a ping, a pong and the next message.
            byte[] next = WithContentLength(messages[(i + 1) % messages.Count].Data) ?? new byte[0];
            var b = new List<byte> { (byte)(1 + i * 37 % 200) };
            b.AddRange(m);
            b.AddRange(new byte[] { 13, 10, 13, 10, 13, 10 });
            b.AddRange(next);
            seeds.Add(new Seed("stream-" + messages[i].Name, b.ToArray()));
        }
        seeds.AddRange(SeedData.Regressions(dataDir, Name));
        return seeds;
    }

    public override void Run(byte[] data)
    {
        if (data.Length == 0) return;
        int chunk = data[0];
        _framer.Reset();
        _messages.Clear();
        long accounted = Feed(_framer, data, 1, data.Length - 1, chunk == 0 ? data.Length : chunk, _messages);
        if (_framer.Error == null)
        {
            Check(accounted + _framer.Buffered == data.Length - 1, "bytes lost: " + accounted + " framed + " + _framer.Buffered + " buffered of " + (data.Length - 1));
        }
        // The same bytes in one read (as far as the buffer takes them): the same messages.
        _whole.Reset();
        _wholeMessages.Clear();
        Feed(_whole, data, 1, data.Length - 1, data.Length, _wholeMessages);
        Check(_whole.Error == null == (_framer.Error == null), "an error depends on how the stream was cut: " + _framer.Error + " / " + _whole.Error);
        Check(_wholeMessages.Count == _messages.Count, "the message count depends on how the stream was cut");
        for (int i = 0; i < _messages.Count; i++)
        {
            Check(SameBytes(_messages[i], 0, _wholeMessages[i], 0, _messages[i].Length) && _messages[i].Length == _wholeMessages[i].Length,
                "message " + i + " depends on how the stream was cut");
        }
    }

    /// <summary>Writes data in reads of `chunk` bytes, framing after each; returns the bytes framed (messages and keep-alives).</summary>
    private long Feed(StreamFramer f, byte[] data, int off, int len, int chunk, List<byte[]> messages)
    {
        long framed = 0;
        int p = off;
        int end = off + len;
        int guard = 0;
        while (p < end)
        {
            int n = end - p < chunk ? end - p : chunk;
            int taken = f.Write(data, p, n);
            p += taken;
            bool progress = taken > 0;
            while (true)
            {
                Check(++guard < 1000000, "the framer does not make progress");
                FrameResult r = f.Next();
                if (r == FrameResult.NeedMore) break;
                if (r == FrameResult.Error)
                {
                    Check(f.Error != null && f.Error.Length > 0, "an error without a reason");
                    Check(f.Write(data, 0, 1) == 0, "bytes taken after an error");
                    return framed;
                }
                progress = true;
                if (r == FrameResult.Ping) Check(f.FrameLength == 4, "a ping of " + f.FrameLength + " bytes");
                else if (r == FrameResult.Pong) Check(f.FrameLength == 2 || f.FrameLength == 1, "a pong of " + f.FrameLength + " bytes");
                else Message(f, messages);
                framed += f.FrameLength;
            }
            if (!progress) Check(false, "the framer took nothing and framed nothing with " + f.Buffered + " bytes buffered");
        }
        return framed;
    }

    private int Message(StreamFramer f, List<byte[]> messages)
    {
        int off = f.FrameOffset, len = f.FrameLength;
        Check(off >= 0 && len > 0 && off + len <= f.Capacity, "a message outside the buffer");
        Check(NanoPhone.Sip.Text.Ascii.IsToken(f.Buffer[off]), "a message that does not start with a token");
        byte[] copy = new byte[len];
        System.Buffer.BlockCopy(f.Buffer, off, copy, 0, len);
        messages.Add(copy);
        ParseStatus st = _parser.Parse(f.Buffer, off, len, _m);
        if (st == ParseStatus.Ok)
        {
            Check(_m.Offset == off && _m.Length == len, "the parser frames the message otherwise than the framer: " + _m.Length + " vs " + len);
        }
        return len;
    }

    /// <summary>The message with a Content-Length if it has a complete header section, else null (the torture messages without one).</summary>
    private static byte[] WithContentLength(byte[] m)
    {
        string s = System.Text.Encoding.Latin1.GetString(m);
        int end = s.IndexOf("\r\n\r\n", System.StringComparison.Ordinal);
        if (end < 0) return null;
        if (s.IndexOf("\nContent-Length", System.StringComparison.OrdinalIgnoreCase) >= 0 || s.IndexOf("\nl:", System.StringComparison.OrdinalIgnoreCase) >= 0) return m;
        int body = m.Length - end - 4;
        return System.Text.Encoding.Latin1.GetBytes(s.Substring(0, end) + "\r\nContent-Length: " + body + s.Substring(end));
    }
}
