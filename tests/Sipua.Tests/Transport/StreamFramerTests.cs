using System.Text;
using NanoPhone.Sip.Transport;
using Xunit;

namespace NanoPhone.Sip.Tests.Transport;

/// <summary>
/// RFC 3261 §18.3 stream framing and RFC 5626 §3.5.1 keep-alives:
///  - a message is its headers up to the empty line plus Content-Length bytes; split reads join;
///  - CRLF CRLF between messages is a ping, a single CRLF a pong;
///  - a missing or bad Content-Length, a header section or body larger than the buffer, bytes that
///    cannot start a message: an error (the connection is closed), never a growing buffer.
/// </summary>
public class StreamFramerTests
{
    private const string Invite = "INVITE sip:linda@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:5070;branch=z9hG4bK1\r\nContent-Length: 5\r\n\r\nhello";

    private static byte[] B(string s) => Encoding.ASCII.GetBytes(s);

    [Fact]
    public void A_message_split_over_reads_is_framed_by_its_Content_Length_and_the_next_one_follows()
    {
        var f = new StreamFramer(1024);
        byte[] two = B(Invite + "OPTIONS sip:x SIP/2.0\r\nl: 0\r\n\r\n");
        int cut = 17;
        Assert.Equal(cut, f.Write(two, 0, cut));
        Assert.Equal(FrameResult.NeedMore, f.Next());
        f.Write(two, cut, two.Length - cut);
        Assert.Equal(FrameResult.Message, f.Next());
        Assert.Equal(Invite, Encoding.ASCII.GetString(f.Buffer, f.FrameOffset, f.FrameLength));
        Assert.Equal(FrameResult.Message, f.Next());
        Assert.StartsWith("OPTIONS", Encoding.ASCII.GetString(f.Buffer, f.FrameOffset, f.FrameLength));
        Assert.Equal(FrameResult.NeedMore, f.Next());
    }

    [Fact]
    public void Double_CRLF_is_a_ping_and_a_single_CRLF_a_pong()
    {
        var f = new StreamFramer(1024);
        f.Write(B("\r\n\r\n"), 0, 4);
        Assert.Equal(FrameResult.Ping, f.Next());
        f.Write(B("\r\n"), 0, 2);
        Assert.Equal(FrameResult.Pong, f.Next());
        Assert.Equal(FrameResult.NeedMore, f.Next());
    }

    [Theory]
    [InlineData("INVITE sip:a SIP/2.0\r\nVia: x\r\n\r\n", "no Content-Length")]
    [InlineData("INVITE sip:a SIP/2.0\r\nContent-Length: 12x\r\n\r\n", "Content-Length is not a number")]
    [InlineData("INVITE sip:a SIP/2.0\r\nContent-Length: 1\r\nl: 2\r\n\r\n", "two different Content-Lengths")]
    [InlineData("INVITE sip:a SIP/2.0\r\nContent-Length: 4294967295\r\n\r\n", "Content-Length is not a number")]
    [InlineData("INVITE sip:a SIP/2.0\r\nContent-Length: 2000000000\r\n\r\n", "Content-Length larger than 512 bytes")]
    [InlineData("\u0016\u0003\u0001\u0002\u0000", "bytes that cannot start a SIP message")]
    public void A_stream_that_breaks_the_framing_is_given_up_with_a_reason(string stream, string why)
    {
        var f = new StreamFramer(512);
        f.Write(B(stream), 0, stream.Length);
        Assert.Equal(FrameResult.Error, f.Next());
        Assert.StartsWith(why, f.Error);
        Assert.Equal(0, f.Write(B("x"), 0, 1));
    }

    [Fact]
    public void A_header_section_that_never_ends_costs_one_buffer_then_fails()
    {
        var f = new StreamFramer(512);
        byte[] line = B("X-Filler: 0123456789012345678901234567890123456789\r\n");
        f.Write(B("INVITE sip:a SIP/2.0\r\n"), 0, 22);
        int taken = 0;
        for (int i = 0; i < 1000 && f.Next() != FrameResult.Error; i++) taken += f.Write(line, 0, line.Length);
        Assert.Equal(FrameResult.Error, f.Next());
        Assert.StartsWith("header section longer than 512 bytes", f.Error);
        Assert.True(taken <= 512, "took " + taken);
    }
}
