using System.Linq;
using System.Text;
using NanoPhone.Sip.Call;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Tests.Agent;
using NanoPhone.Sip.Transport;
using Xunit;

namespace NanoPhone.Sip.Tests.Call;

/// <summary>
/// Intercom and auto-answer, on a manual clock. The conventions (no single RFC; RFC 5373 came later):
/// - Call-Info: &lt;uri&gt;;answer-after=N (Snom, Polycom, Yealink): answer after N seconds.
/// - Alert-Info: &lt;uri&gt;;info=alert-autoanswer [;delay=N] (Yealink, Polycom), also without a URI.
/// - Answer-Mode: Auto (RFC 5373 §5).
/// Policy: obeyed only with intercom.allow on and from the registrar, the outbound proxy or an
/// intercom.trust host; otherwise the call rings as any other. autoanswer.seconds answers every call.
/// The answer is the ordinary 200 with SDP (RFC 3261 §13.3.1.4); the call says it answered itself.
/// </summary>
public class AutoAnswerTests
{
    private readonly AgentHarness _h = new();
    private readonly CallerScript _caller = new();

    private static readonly Endpoint Stranger = new("192.0.2.99", 5060);

    private static int Requested(string header)
    {
        string text = "INVITE sip:linda@127.0.0.1:5062 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKx\r\n"
            + "From: <sip:door@nanophone.test>;tag=1\r\nTo: <sip:linda@nanophone.test>\r\nCall-ID: c1\r\nCSeq: 1 INVITE\r\n"
            + "Max-Forwards: 70\r\n" + header + "\r\nContent-Length: 0\r\n\r\n";
        byte[] b = Encoding.ASCII.GetBytes(text);
        var m = new SipMessage();
        Assert.Equal(ParseStatus.Ok, new SipParser().Parse(b, 0, b.Length, m));
        return AutoAnswer.Requested(m);
    }

    [Theory]
    [InlineData("Call-Info: <sip:127.0.0.1>;answer-after=0", 0)]
    [InlineData("Call-Info: <sip:pbx.example.com>;answer-after=3", 3)]
    [InlineData("Call-Info: <http://www.example.com/alice/photo.jpg>;purpose=icon, <sip:pbx>;answer-after=2", 2)]
    [InlineData("Alert-Info: <http://www.notused.com>;info=alert-autoanswer;delay=0", 0)]
    [InlineData("Alert-Info: <http://example.com>;info=alert-autoanswer", 0)]
    [InlineData("Alert-Info: info=alert-autoanswer;delay=5", 5)]
    [InlineData("Answer-Mode: Auto", 0)]
    [InlineData("Call-Info: <sip:pbx>;answer-after=99999", AutoAnswer.MaxSeconds)]
    [InlineData("Alert-Info: <http://example.com/ring.wav>", AutoAnswer.Never)]
    [InlineData("Call-Info: <sip:pbx;answer-after=0>;purpose=info", AutoAnswer.Never)]
    [InlineData("Answer-Mode: Manual", AutoAnswer.Never)]
    [InlineData("Subject: answer-after=0", AutoAnswer.Never)]
    public void The_auto_answer_ask_is_read_from_each_convention(string header, int seconds)
    {
        Assert.Equal(seconds, Requested(header));
    }

    private void Ring(string? header, Endpoint? from = null) => _h.Deliver(_caller.Invite(header == null ? null : header + "\r\n"), from);

    [Fact]
    public void An_intercom_INVITE_from_the_registrar_is_answered_200_with_SDP_after_its_delay()
    {
        _h.Agent.CallSettings.IntercomAllow = true;
        Ring("Call-Info: <sip:127.0.0.1>;answer-after=2");
        var call = _h.Agent.Calls.RingingCall();
        Assert.Equal(2, call.AutoAnswerSeconds);
        long rang = _h.Clock.NowMs;
        _h.Run(1_990);
        Assert.Empty(_h.Responses(200, "INVITE"));
        _h.Run(20);
        var ok = _h.Responses(200, "INVITE").First();
        Assert.Equal(rang + 2_000, ok.AtMs);
        Assert.Contains("m=audio", ok.Text);
        var answered = _h.Reported.Single(e => e.Kind == CallEventKind.Answered);
        Assert.True(_h.Agent.Calls.ByNumber(answered.Number).AutoAnswered);
    }

    [Fact]
    public void The_same_INVITE_from_an_untrusted_host_rings_like_any_call()
    {
        _h.Agent.CallSettings.IntercomAllow = true;
        _h.Agent.CallSettings.DirectCalls = true;   // let it past the ghost filter
        Ring("Call-Info: <sip:127.0.0.1>;answer-after=0", Stranger);
        Assert.Equal(AutoAnswer.Never, _h.Agent.Calls.RingingCall().AutoAnswerSeconds);
        _h.Run(60_000);
        Assert.Empty(_h.Responses(200, "INVITE"));
        Assert.NotNull(_h.Agent.Calls.RingingCall());
    }

    [Fact]
    public void A_host_of_intercom_trust_is_obeyed()
    {
        _h.Agent.CallSettings.IntercomAllow = true;
        _h.Agent.CallSettings.DirectCalls = true;
        _h.Agent.CallSettings.IntercomTrusted = new[] { new Endpoint("192.0.2.99", 5060) };
        Ring("Alert-Info: <http://x>;info=alert-autoanswer", new Endpoint("192.0.2.99", 7777));
        _h.Run(10);
        Assert.Single(_h.Responses(200, "INVITE"));
    }

    [Fact]
    public void With_intercom_allow_off_an_intercom_INVITE_rings()
    {
        Ring("Call-Info: <sip:127.0.0.1>;answer-after=0");
        _h.Run(30_000);
        Assert.Empty(_h.Responses(200, "INVITE"));
    }

    [Fact]
    public void Autoanswer_seconds_answers_every_call_intercom_or_not()
    {
        _h.Agent.CallSettings.AutoAnswerSeconds = 1;
        Ring(null!);
        _h.Run(999);
        Assert.Empty(_h.Responses(200, "INVITE"));
        _h.Run(10);
        Assert.Single(_h.Responses(200, "INVITE"));
    }

    [Fact]
    public void A_CANCEL_before_the_delay_is_over_wins_and_nothing_is_answered()
    {
        _h.Agent.CallSettings.IntercomAllow = true;
        Ring("Call-Info: <sip:127.0.0.1>;answer-after=3");
        _h.Run(1_000);
        _h.Deliver(_caller.Cancel());
        _h.Run(10_000);
        Assert.Empty(_h.Responses(200, "INVITE"));
        Assert.NotEmpty(_h.Responses(487));
    }
}
