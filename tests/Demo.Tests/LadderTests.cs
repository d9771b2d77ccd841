using System;
using NanoPhone.Demo.Ladder;
using Xunit;

namespace NanoPhone.Demo.Tests;

/// <summary>The ladder drawing and the reading of tshark's field lines, without any peer.</summary>
public sealed class LadderTests
{
    private static readonly string[] Parties = { Cast.Graham, Cast.Kamailio, Cast.DeskPhone };

    [Fact]
    public void Arrows_point_from_sender_to_receiver_with_the_label_on_them_and_time_from_the_first_message()
    {
        string text = LadderDiagram.Render(Parties, new[]
        {
            new LadderMessage(100.0, Cast.Graham, Cast.Kamailio, "INVITE"),
            new LadderMessage(100.25, Cast.DeskPhone, Cast.Kamailio, "487 Terminated"),
            new LadderMessage(101.5, Cast.Graham, Cast.DeskPhone, "BYE", "a note"),
        });
        string[] lines = text.Split('\n');
        Assert.Equal("  time         Graham             Kamailio           Desk phone", lines[0]);
        Assert.Equal("  0.000           |------INVITE------>|                   |", lines[1]);
        Assert.Equal("  0.250           |                   |<-487 Terminated---|", lines[2]);
        Assert.Equal("  1.500           |------------------BYE----------------->|          a note", lines[3]);
    }

    [Fact]
    public void Messages_to_oneself_or_between_unknown_parties_are_left_out()
    {
        string text = LadderDiagram.Render(Parties, new[]
        {
            new LadderMessage(1, "somebody", Cast.Kamailio, "OPTIONS"),
            new LadderMessage(2, Cast.Kamailio, Cast.Kamailio, "INVITE"),
        });
        Assert.Contains("(no SIP messages between these parties)", text);
    }

    [Fact]
    public void A_tshark_request_line_becomes_a_frame_with_method_uri_and_reason()
    {
        var f = SipFrame.Parse("1795683508.575238415\t45805\t45678\tCANCEL sip:linda@127.0.0.1:5062 SIP/2.0\t\tCANCEL\tabc@h\tSIP;cause=200;text=\"Call completed elsewhere\"\t\t");
        Assert.NotNull(f);
        Assert.Equal("CANCEL", f!.Key);
        Assert.Equal("CANCEL", f.Label);
        Assert.Equal("sip:linda@127.0.0.1:5062", f.RequestUri);
        Assert.Equal(45805, f.SourcePort);
        Assert.Equal(45678, f.DestinationPort);
        Assert.StartsWith("SIP;cause=200", f.Reason);
        Assert.Equal(DateTime.UnixEpoch.AddSeconds(1795683508.575238), f.AtUtc, TimeSpan.FromMilliseconds(1));
    }

    [Theory]
    [InlineData("SIP/2.0 487 Request Terminated", "INVITE", "487 INVITE", "487 Terminated")]
    [InlineData("SIP/2.0 200 OK", "CANCEL", "200 CANCEL", "200 OK (CANCEL)")]
    [InlineData("SIP/2.0 302 Moved Temporarily", "INVITE", "302 INVITE", "302 Moved Temp")]
    [InlineData("SIP/2.0 100 trying -- your call is important to us", "INVITE", "100 INVITE", "100 Trying")]
    [InlineData("SIP/2.0 200 OK", "REGISTER", "200 REGISTER", "200 OK")]
    public void A_tshark_status_line_becomes_a_short_label_and_a_key_with_the_CSeq_method(string statusLine, string cseq, string key, string label)
    {
        var f = SipFrame.Parse($"1.5\t1\t2\t\t{statusLine}\t{cseq}\tid\t\t\tsip:x@y");
        Assert.NotNull(f);
        Assert.Equal(key, f!.Key);
        Assert.Equal(label, f.Label);
        Assert.True(f.Label.Length <= LadderDiagram.MaxLabel);
    }

    [Fact]
    public void A_probe_line_without_SIP_is_no_frame()
    {
        Assert.Null(SipFrame.Parse("1795683508.575261659\t45805\t45679\t\t\t\t\t\t\t"));
    }

    [Fact]
    public void The_cast_maps_ports_to_parties_and_notes_the_302_contact_with_the_diversion_reason()
    {
        var cast = new Cast();
        cast.Add(Cast.Kamailio, 5070);
        cast.Add(Cast.DeskPhone, 5062);
        var f = SipFrame.Parse("2.0\t5062\t5070\t\tSIP/2.0 302 Moved Temporarily\tINVITE\tid\t\t<sip:linda@nanophone.test>;reason=no-answer\tsip:voicemail@nanophone.test")!;
        var m = cast.ToMessage(f);
        Assert.NotNull(m);
        Assert.Equal(Cast.DeskPhone, m!.From);
        Assert.Equal(Cast.Kamailio, m.To);
        Assert.Equal("Contact: sip:voicemail@nanophone.test (reason=no-answer)", m.Note);
        Assert.True(m.Is("302"));
        Assert.True(m.Is("302 INVITE"));
        Assert.False(m.Is("30"));
        Assert.Null(cast.ToMessage(SipFrame.Parse("2.0\t5062\t9999\tINVITE sip:a@b SIP/2.0\t\tINVITE\tid\t\t\t")!));
    }
}
