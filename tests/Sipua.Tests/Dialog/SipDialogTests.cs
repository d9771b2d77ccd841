using NanoPhone.Sip.Dialog;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Text;
using Xunit;

namespace NanoPhone.Sip.Tests.Dialog;

/// <summary>
/// RFC 3261 §12 dialogs, on the seed's traces:
/// - UAC (Graham) dialog from Linda's 200 OK: route set = Record-Route reversed, target = Contact.
/// - UAS dialog from an INVITE: route set in order, target = the INVITE's Contact.
/// - In-dialog requests: loose routing keeps the target in the Request-URI; strict routing moves it.
/// - §12.2.2 CSeq ordering.
/// </summary>
public class SipDialogTests
{
    private static SipMessage Parse(string text)
    {
        byte[] b = System.Text.Encoding.ASCII.GetBytes(text.Replace("\n", "\r\n"));
        var m = new SipMessage();
        Assert.Equal(ParseStatus.Ok, new SipParser().Parse(b, 0, b.Length, m));
        return m;
    }

    private static SipMessage Seed(string file)
    {
        byte[] data = TestData.Read("seed/" + file);
        var m = new SipMessage();
        Assert.Equal(ParseStatus.Ok, new SipParser().Parse(data, 0, data.Length, m));
        return m;
    }

    [Fact]
    public void Grahams_dialog_from_Lindas_200_reverses_the_route_set_and_targets_her_Contact()
    {
        var d = new SipDialog();
        Assert.Null(d.InitAsUac(Seed("linda-200-ok.sip")));
        Assert.Equal("ba694f6a", d.RemoteTag.ToString());
        Assert.Equal("86aee210", d.LocalTag.ToString());
        Assert.Equal("sip:vocale@77.98.42.233:13336;rinstance=fbe73fa84b209f06", d.RemoteTarget.ToString());
        Assert.Equal(2, d.RouteCount);
        Assert.Equal("<sip:85.17.186.7;lr;ftag=86aee210;did=68.8fc9d044>", d.Route(0).ToString());
        Assert.Equal("<sip:194.0.210.251;lr;ftag=86aee210;nat=yes>", d.Route(1).ToString());

        var w = new SipWriter(512);
        d.WriteRequestLineAndRoutes(w, SipMethod.Bye);
        d.WriteDialogHeaders(w, d.NextLocalCSeq(), SipMethod.Bye);
        Assert.Equal(
            "BYE sip:vocale@77.98.42.233:13336;rinstance=fbe73fa84b209f06 SIP/2.0\r\n" +
            "Route: <sip:85.17.186.7;lr;ftag=86aee210;did=68.8fc9d044>\r\n" +
            "Route: <sip:194.0.210.251;lr;ftag=86aee210;nat=yes>\r\n" +
            "From: \"Graham\"<sip:2233382519@sip2sip.info>;tag=86aee210\r\n" +
            "To: <sip:vocale@voipuser.org>;tag=ba694f6a\r\n" +
            "Call-ID: f2b3660896b4a08c2ac61150b75bb14e@0.0.0.0\r\n" +
            "CSeq: 3 BYE\r\n",
            TestData.Ascii(w.Buffer, 0, w.Length));
    }

    [Fact]
    public void UAS_dialog_keeps_the_route_set_in_order_and_matches_the_callers_requests()
    {
        var invite = Parse("INVITE sip:linda@192.0.2.10 SIP/2.0\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKa\n" +
            "Record-Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>\nFrom: Graham <sip:graham@example.com>;tag=g1\n" +
            "To: sip:linda@example.com\nCall-ID: c1\nCSeq: 10 INVITE\nContact: <sip:graham@192.0.2.1:5062>\nContent-Length: 0\n\n");
        var d = new SipDialog();
        var tag = new ByteField(16);
        tag.Set("l1");
        Assert.Null(d.InitAsUas(invite, tag, 100));
        Assert.Equal("<sip:p1.example.com;lr>", d.Route(0).ToString());
        Assert.Equal("<sip:linda@example.com>", d.LocalUri.ToString());
        Assert.Equal("Graham <sip:graham@example.com>", d.RemoteUri.ToString());

        var bye = Parse("BYE sip:linda@192.0.2.10 SIP/2.0\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKb\n" +
            "From: Graham <sip:graham@example.com>;tag=g1\nTo: <sip:linda@example.com>;tag=l1\nCall-ID: c1\nCSeq: 11 BYE\nContent-Length: 0\n\n");
        Assert.True(d.MatchesRequest(bye));
        Assert.True(d.AcceptRemoteCSeq(11));
        Assert.False(d.AcceptRemoteCSeq(5));   // §12.2.2: lower CSeq → 500
    }

    [Fact]
    public void Strict_first_route_takes_the_Request_URI_and_the_target_goes_last()
    {
        var ok = Parse("SIP/2.0 200 OK\nVia: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bKx\n" +
            "Record-Route: <sip:strict.example.com>\nFrom: <sip:linda@example.com>;tag=a\nTo: <sip:bob@example.com>;tag=b\n" +
            "Call-ID: c2\nCSeq: 1 INVITE\nContact: <sip:bob@192.0.2.20>\nContent-Length: 0\n\n");
        var d = new SipDialog();
        Assert.Null(d.InitAsUac(ok));
        var w = new SipWriter(256);
        d.WriteRequestLineAndRoutes(w, SipMethod.Bye);
        Assert.Equal("BYE sip:strict.example.com SIP/2.0\r\nRoute: <sip:bob@192.0.2.20>\r\n", TestData.Ascii(w.Buffer, 0, w.Length));
    }
}
