using NanoPhone.Sip.Message;
using NanoPhone.Sip.Text;

namespace NanoPhone.Bench.Nano.Ops;

/// <summary>
/// Parses one message, as the agent does each datagram: a fresh copy of the bytes (the parser
/// unfolds in place), then SipParser.Parse into a reused SipMessage. The copy is part of the figure
/// (Array.Copy is native on nanoCLR: a few microseconds of the total).
/// </summary>
public sealed class ParseOp : IBenchOp
{
    private readonly SipParser _parser = new SipParser();
    private readonly SipMessage _message = new SipMessage();
    private readonly byte[] _wire;
    private readonly byte[] _work;

    public ParseOp(string name, string text)
    {
        Name = name;
        _wire = Ascii.Utf8Bytes(text);
        _work = new byte[_wire.Length];
    }

    public string Name { get; }

    public int Length { get { return _wire.Length; } }

    public void Run()
    {
        System.Array.Copy(_wire, _work, _wire.Length);
        if (_parser.Parse(_work, 0, _wire.Length, _message) != ParseStatus.Ok)
            throw new System.InvalidOperationException(Name + ": does not parse: " + _message.Error);
    }
}
