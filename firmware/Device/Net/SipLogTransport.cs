using NanoPhone.App.Console;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Device.Net;

/// <summary>
/// The console's <c>log sip on|off</c>: passes every datagram through to and from the real transport
/// and, while <see cref="Enabled"/>, prints it first: a line "SIP &gt; 192.0.2.10:5060 (431 bytes)" (sent)
/// or "SIP &lt; ..." (received), then the message's lines, each escaped by <see cref="PrintableText"/>
/// (a control byte or binary garbage shows as \xNN, never reaches the terminal raw). Used on the loop
/// thread only.
/// </summary>
public sealed class SipLogTransport : IDatagramSender, IDatagramPoller, IDatagramReceiver
{
    private readonly IDatagramSender _sender;
    private readonly IDatagramPoller _poller;
    private readonly IConsoleOutput _out;
    private IDatagramReceiver _receiver;

    public SipLogTransport(IDatagramSender sender, IDatagramPoller poller, IConsoleOutput output)
    {
        _sender = sender;
        _poller = poller;
        _out = output;
    }

    /// <summary>Whether datagrams are printed; off at start.</summary>
    public bool Enabled { get; set; }

    public bool Send(byte[] buf, int off, int len, Endpoint to)
    {
        if (Enabled) Print("SIP > ", to, buf, off, len);
        return _sender.Send(buf, off, len, to);
    }

    public bool Poll(int timeoutMs, IDatagramReceiver receiver)
    {
        if (!Enabled) return _poller.Poll(timeoutMs, receiver);
        _receiver = receiver;
        try
        {
            return _poller.Poll(timeoutMs, this);
        }
        finally
        {
            _receiver = null;
        }
    }

    public void OnDatagram(byte[] buf, int off, int len, Endpoint source)
    {
        Print("SIP < ", source, buf, off, len);
        _receiver.OnDatagram(buf, off, len, source);
    }

    private void Print(string direction, Endpoint peer, byte[] buf, int off, int len)
    {
        _out.WriteLine(direction + peer.ToString() + " (" + len.ToString() + " bytes)");
        int end = off + len;
        int start = off;
        for (int i = off; i < end; i++)
        {
            if (buf[i] != (byte)'\n') continue;
            int stop = i > start && buf[i - 1] == (byte)'\r' ? i - 1 : i;
            _out.WriteLine(PrintableText.Escape(buf, start, stop - start));
            start = i + 1;
        }
        if (start < end) _out.WriteLine(PrintableText.Escape(buf, start, end - start));
    }
}
