using System.Collections.Generic;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Tests.Transaction;
using Xunit;

namespace NanoPhone.Sip.Tests.Message;

/// <summary>
/// RFC 3261 §7.3.1: a header whose value is a comma-separated list may be split over several
/// header lines, "Contact: a, b" being the same as two Contact lines; commas inside a quoted
/// display name or inside &lt;...&gt; do not separate values.
/// </summary>
public class HeaderValuesTests
{
    private static List<string> Values(string headers, HeaderId id)
    {
        var m = TransactionHarness.Parse("SIP/2.0 302 Moved Temporarily\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKhv\r\n" +
            "From: <sip:a@example.com>;tag=1\r\nTo: <sip:b@example.com>;tag=2\r\nCall-ID: hv\r\nCSeq: 1 INVITE\r\n" + headers + "Content-Length: 0\r\n\r\n");
        var found = new List<string>();
        var v = new HeaderValues(m, id);
        while (v.Next()) found.Add(TestData.Ascii(m.Buffer, v.Offset, v.Length));
        return found;
    }

    [Fact]
    public void Values_of_one_line_and_of_several_lines_come_in_message_order()
    {
        Assert.Equal(new[] { "<sip:a@x>", " <sip:b@x>;q=0.5", "<sip:c@x>" },
            Values("Contact: <sip:a@x>, <sip:b@x>;q=0.5\r\nReason: SIP;cause=200\r\nContact: <sip:c@x>\r\n", HeaderId.Contact));
    }

    [Fact]
    public void Commas_in_quotes_and_angle_brackets_do_not_split()
    {
        Assert.Equal(new[] { "\"Smith, Bob\" <sip:bob@x>", " <sip:c@x>" },
            Values("Contact: \"Smith, Bob\" <sip:bob@x>, <sip:c@x>\r\n", HeaderId.Contact));
        Assert.Equal(new[] { "SIP;cause=200;text=\"Call completed, elsewhere\"", " X <a,b>" },
            Values("Reason: SIP;cause=200;text=\"Call completed, elsewhere\", X <a,b>\r\n", HeaderId.Reason));
    }

    [Fact]
    public void A_line_whose_quote_never_closes_ends_at_its_last_whole_value_and_the_next_line_is_read()
    {
        Assert.Equal(new[] { "SIP;cause=200", "Q.850;cause=16" },
            Values("Reason: SIP;cause=200, Q.850;text=\"open\r\nReason: Q.850;cause=16\r\n", HeaderId.Reason));
    }

    [Fact]
    public void No_such_header_gives_no_value()
    {
        Assert.Empty(Values("", HeaderId.Reason));
    }
}
