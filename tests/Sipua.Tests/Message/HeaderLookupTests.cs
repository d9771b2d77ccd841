using NanoPhone.Sip.Message;
using Xunit;

namespace NanoPhone.Sip.Tests.Message;

/// <summary>
/// One SipMessage is reused for every datagram: the header lookups (first line of a kind, next
/// line of a kind, count) answer for the message parsed last, never for one before it.
/// </summary>
public class HeaderLookupTests
{
    private static byte[] Bytes(string s) { return System.Text.Encoding.ASCII.GetBytes(s); }

    private const string Head =
        "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:x@y>;tag=1\r\nTo: <sip:a@b>\r\n" +
        "Call-ID: c\r\nCSeq: 1 OPTIONS\r\n";

    [Fact]
    public void Lookups_follow_the_message_parsed_last()
    {
        var parser = new SipParser();
        var m = new SipMessage();
        byte[] first = Bytes(Head + "Contact: <sip:x@h>\r\nm: <sip:x@i>\r\nContent-Length: 0\r\n\r\n");
        Assert.Equal(ParseStatus.Ok, parser.Parse(first, 0, first.Length, m));
        int contact = m.IndexOf(HeaderId.Contact);
        Assert.Equal(5, contact);
        Assert.Equal(6, m.IndexOf(HeaderId.Contact, contact + 1));
        Assert.Equal(-1, m.IndexOf(HeaderId.Contact, 7));
        Assert.Equal(6, m.LastIndexOf(HeaderId.Contact));
        Assert.Equal(2, m.Count(HeaderId.Contact));
        Assert.True(m.Has(HeaderId.ContentLength));

        byte[] second = Bytes("Content-Length: 0\r\n" + Head + "\r\n");
        Assert.Equal(ParseStatus.Ok, parser.Parse(second, 19, second.Length - 19, m));
        Assert.Equal(-1, m.IndexOf(HeaderId.Contact));
        Assert.Equal(-1, m.LastIndexOf(HeaderId.Contact));
        Assert.False(m.Has(HeaderId.Contact));
        Assert.False(m.Has(HeaderId.ContentLength));
        Assert.Equal(0, m.IndexOf(HeaderId.Via));
        Assert.Equal(4, m.IndexOf(HeaderId.CSeq));
        Assert.Equal(4, m.LastIndexOf(HeaderId.CSeq));
    }
}
