using System;
using System.IO;
using BenchmarkDotNet.Attributes;
using NanoPhone.Sip.Message;

namespace NanoPhone.Bench.Codec;

/// <summary>
/// Parse and build costs of the message codec: time and bytes allocated per message.
/// Targets (issue "Foundation"): parse ≤ 2 µs and ≤ 256 B; build a 180 ≤ 1 µs and 0 B.
/// </summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    private readonly SipParser _parser = new SipParser();
    private readonly SipMessage _message = new SipMessage();
    private readonly SipWriter _writer = new SipWriter(2048);
    private readonly byte[] _toTag = System.Text.Encoding.ASCII.GetBytes("a73kszlfl");
    private byte[] _seedInvite = Array.Empty<byte>();
    private byte[] _invite1k = Array.Empty<byte>();
    private byte[] _work = new byte[4096];
    private readonly SipMessage _parsedInvite = new SipMessage();
    private byte[] _parsedBuffer = Array.Empty<byte>();

    [GlobalSetup]
    public void Setup()
    {
        string data = Path.Combine(AppContext.BaseDirectory, "data");
        _seedInvite = File.ReadAllBytes(Path.Combine(data, "seed", "graham-invite-cseq2.sip"));
        _invite1k = Invite1K.Build();
        _parsedBuffer = (byte[])_invite1k.Clone();
        if (_parser.Parse(_parsedBuffer, 0, _parsedBuffer.Length, _parsedInvite) != ParseStatus.Ok)
            throw new InvalidOperationException("1 KB INVITE does not parse: " + _parsedInvite.Error);
        if (_parser.Parse((byte[])_seedInvite.Clone(), 0, _seedInvite.Length, new SipMessage()) != ParseStatus.Ok)
            throw new InvalidOperationException("seed INVITE does not parse");
    }

    // The parser unfolds in place, so each run parses a fresh copy (the copy is not allocated).
    [Benchmark(Description = "parse seed INVITE")]
    public ParseStatus ParseSeedInvite()
    {
        Buffer.BlockCopy(_seedInvite, 0, _work, 0, _seedInvite.Length);
        return _parser.Parse(_work, 0, _seedInvite.Length, _message);
    }

    [Benchmark(Description = "parse 1 KB INVITE with SDP")]
    public ParseStatus ParseInvite1K()
    {
        Buffer.BlockCopy(_invite1k, 0, _work, 0, _invite1k.Length);
        return _parser.Parse(_work, 0, _invite1k.Length, _message);
    }

    [Benchmark(Description = "build 180 Ringing from parsed INVITE")]
    public int Build180()
    {
        ResponseBuilder.Begin(_writer, _parsedInvite, 180, "Ringing", _toTag, 0, _toTag.Length);
        _writer.Text("Contact: <sip:linda@192.0.2.10:5060>\r\n");
        ResponseBuilder.End(_writer);
        return _writer.Length;
    }
}
