using System.Linq;
using NanoPhone.Sip.Tests.Agent;
using Xunit;

namespace NanoPhone.Sip.Tests.Call;

/// <summary>
/// INFO in a call (RFC 6086 §4.2.2, the legacy usage without Info-Package; the door code's digits):
/// - in an answered call's dialog: 200, and the app gets the body (application/dtmf-relay, application/dtmf);
/// - a body of another type: 415 with Accept listing the two (RFC 3261 §8.2.3);
/// - for a dialog the phone does not have: 481 (RFC 3261 §12.2.2); a CSeq out of order: 500.
/// </summary>
public class InfoRequestTests
{
    private readonly AgentHarness _h = new();
    private readonly CallerScript _caller = new();

    private string Answered()
    {
        _h.Deliver(_caller.Invite());
        int n = _h.Agent.Calls.RingingCall().Number;
        Assert.True(_h.Agent.Calls.Answer(n));
        string tag = CallerScript.ToTagOf(_h.Responses(200, "INVITE").First());
        _h.Deliver(_caller.InDialog("ACK", tag, 1, "z9hG4bKack1"));
        return tag;
    }

    private string Info(string toTag, long cseq, string type, string body) =>
        "INFO sip:linda@127.0.0.1:5062 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKinfo" + cseq + "\r\n"
        + "Max-Forwards: 70\r\nFrom: \"Graham\" <sip:graham@nanophone.test>;tag=" + _caller.FromTag + "\r\n"
        + "To: <sip:linda@nanophone.test>;tag=" + toTag + "\r\nCall-ID: " + _caller.CallId + "\r\nCSeq: " + cseq + " INFO\r\n"
        + "Content-Type: " + type + "\r\nContent-Length: " + body.Length + "\r\n\r\n" + body;

    [Fact]
    public void A_dtmf_relay_INFO_in_the_call_gets_200_and_its_body_reaches_the_app()
    {
        string tag = Answered();
        _h.Deliver(Info(tag, 2, "application/dtmf-relay", "Signal=*\r\nDuration=160\r\n"));
        _h.Deliver(Info(tag, 3, "application/dtmf", "1"));
        Assert.Equal(2, _h.Responses(200, "INFO").Count);
        Assert.Equal(new[] { "1 Signal=*\r\nDuration=160\r\n", "1 1" }, _h.Infos);
    }

    [Fact]
    public void An_INFO_out_of_order_gets_500_and_is_not_read()
    {
        string tag = Answered();
        _h.Deliver(Info(tag, 5, "application/dtmf", "1"));
        _h.Deliver(Info(tag, 4, "application/dtmf", "2"));
        Assert.Single(_h.Responses(500, "INFO"));
        Assert.Equal(new[] { "1 1" }, _h.Infos);
    }

    [Fact]
    public void An_INFO_with_another_body_type_gets_415_with_Accept()
    {
        string tag = Answered();
        _h.Deliver(Info(tag, 2, "text/plain", "hello"));
        Assert.Contains("Accept: application/dtmf-relay, application/dtmf\r\n", _h.Responses(415).Single().Text);
        Assert.Empty(_h.Infos);
    }

    [Fact]
    public void An_INFO_for_no_dialog_gets_481()
    {
        _h.Deliver(Info("nosuchtag", 2, "application/dtmf", "1"));
        Assert.Single(_h.Responses(481, "INFO"));
        Assert.Empty(_h.Infos);
    }
}
