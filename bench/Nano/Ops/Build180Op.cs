using NanoPhone.Sip.Message;
using NanoPhone.Sip.Text;

namespace NanoPhone.Bench.Nano.Ops;

/// <summary>
/// Builds a 180 Ringing to the parsed 1 KB INVITE (three Vias, From, To with a new tag, Call-ID,
/// CSeq, a Contact) into a reused writer, as the agent answers an INVITE.
/// </summary>
public sealed class Build180Op : IBenchOp
{
    private readonly SipMessage _invite = new SipMessage();
    private readonly SipWriter _writer = new SipWriter(2048);
    private readonly byte[] _toTag = Ascii.Utf8Bytes("a73kszlfl");

    public Build180Op()
    {
        byte[] wire = Ascii.Utf8Bytes(BenchMessages.Invite1K);
        if (new SipParser().Parse(wire, 0, wire.Length, _invite) != ParseStatus.Ok)
            throw new System.InvalidOperationException("the 1 KB INVITE does not parse: " + _invite.Error);
    }

    public string Name { get { return "build-180"; } }

    /// <summary>The last 180 built (for checks).</summary>
    public SipWriter Writer { get { return _writer; } }

    public void Run()
    {
        ResponseBuilder.Begin(_writer, _invite, 180, "Ringing", _toTag, 0, _toTag.Length);
        _writer.Text("Contact: <sip:linda@192.0.2.10:5060>\r\n");
        ResponseBuilder.End(_writer);
        if (_writer.Length < 200) throw new System.InvalidOperationException("build-180: " + _writer.Length + " bytes");
    }
}
