using System.Text;
using NanoPhone.Host.Simulator;
using Xunit;

namespace NanoPhone.App.Tests.Simulator;

/// <summary>
/// The simulator's <c>log sip on</c> line, <c>SIP&lt; PEER FIRST-LINE</c>: the start line as
/// received, escaped as the device's log escapes it, never raw bytes on the terminal.
/// </summary>
public class SipLogLineTests
{
    private static string First(string datagram)
    {
        byte[] b = Encoding.Latin1.GetBytes(datagram);
        return SipSocket.FirstLine(b, 0, b.Length);
    }

    [Fact]
    public void The_start_line_of_a_request_as_it_is()
    {
        Assert.Equal("INVITE sip:linda@127.0.0.1:5062 SIP/2.0", First("INVITE sip:linda@127.0.0.1:5062 SIP/2.0\r\nVia: x\r\n\r\n"));
    }

    [Fact]
    public void Control_bytes_and_binary_are_escaped()
    {
        Assert.Equal("\\x1b]0;pwned\\x07\\x00\\xc3\\xa9 SIP/2.0", First("\u001b]0;pwned\u0007\0\u00c3\u00a9 SIP/2.0\r\n\r\n"));
        Assert.Equal("\\x00\\x01", First("\0\u0001"));
    }

    [Fact]
    public void Keep_alives_are_named_and_long_lines_shortened()
    {
        Assert.Equal("(keep-alive)", First("\r\n\r\n"));
        string line = First(new string('A', 300) + "\r\n");
        Assert.Equal(new string('A', SipSocket.MaxLogLineBytes) + "...", line);
    }
}
