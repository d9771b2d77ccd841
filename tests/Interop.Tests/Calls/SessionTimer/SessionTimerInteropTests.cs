using System;
using System.Linq;
using NanoPhone.Interop.Tests.Phone;
using NanoPhone.Interop.Tests.Support;
using NanoPhone.Sip.Call;
using NanoPhone.Tests.Peers;
using Xunit;
using Xunit.Abstractions;

namespace NanoPhone.Interop.Tests.Calls.SessionTimer;

/// <summary>
/// Session timers (RFC 4028) against SIPp through Kamailio (record-routing proxy), the phone
/// answering. Intervals are the RFC's smallest, Min-SE 90 s (the phone's Min-SE), so the three
/// tests take about 45 s, 1 s and 60 s.
///  1. SIPp asks Session-Expires: 90;refresher=uas (§9): the phone's 200 says so with Require:
///     timer, and the phone refreshes by UPDATE (SIPp allows it; RFC 3311) at half the interval
///     (§10: 45 s after its 200); SIPp checks the UPDATE's Session-Expires and answers 200.
///  2. SIPp asks Session-Expires: 60, below Min-SE: 422 with Min-SE: 90 (§8.1); SIPp ACKs it and
///     asks again with 90 (§7.4); the call is answered with Session-Expires: 90.
///  3. SIPp is the refresher (refresher=uac) and never refreshes: the phone sends BYE at
///     Session-Expires - min(32, Session-Expires/3) = 60 s after its 200 (§10), before the session
///     expires at 90 s; the call ends with cause SessionExpired.
/// tshark flags nothing the phone sent. Prints the measured times (SESSION lines).
/// </summary>
[Collection("SipPeers")]
public sealed class SessionTimerInteropTests : CallPeerTest
{
    private static readonly TimeSpan SippLimit = TimeSpan.FromSeconds(90);

    public SessionTimerInteropTests(ITestOutputHelper output) : base(output)
    {
    }

    /// <summary>Kamailio, the phone registered, tshark, and a SIPp UAC calling linda with the scenario; the phone answers.</summary>
    private (PhoneUnderTest Phone, SippRun Sipp, PhoneCapture Capture, PhoneCallEvent Ringing) Call(string scenario)
    {
        var kamailio = StartKamailio();
        var phone = StartRegisteredPhone(kamailio);
        int sippPort = PeerPorts.GetFree();
        var capture = Own(PhoneCapture.Start(Out, phone, kamailio.SipPort, sippPort));
        var o = new SippOptions { Scenario = scenario, LocalPort = sippPort, Remote = kamailio.HostPort, Service = TestUsers.Linda, Timeout = SippLimit };
        o.Keys["domain"] = TestUsers.Domain;
        var sipp = Own(Sipp.Start(o));
        var ringing = phone.WaitForCall(CallEventKind.Ringing, Short);
        Assert.True(phone.OnLoop(() => phone.Agent.Calls.Answer(ringing.Number)), "Answer refused");
        phone.WaitForCall(CallEventKind.Answered, Short, ringing.Number);
        return (phone, sipp, capture, ringing);
    }

    private long AnsweredAtMs(PhoneUnderTest phone) => phone.Network.SentResponses(200, "INVITE").First().AtMs;

    [Fact]
    public void The_phone_as_refresher_sends_UPDATE_at_half_the_interval_and_SIPp_answers_it()
    {
        var (phone, sipp, capture, ringing) = Call("session_timer_uas_refreshes.xml");
        var ok = phone.Network.SentResponses(200, "INVITE").First();
        Assert.Equal("90;refresher=uas", ok.Header("Session-Expires"));
        Assert.Contains("timer", ok.Header("Require"));

        var result = sipp.Wait();
        Out.WriteLine("== SIPp\n" + result.Describe());
        Assert.True(result.Succeeded, result.Describe());
        phone.WaitForCall(CallEventKind.Ended, Short, ringing.Number);

        var update = phone.Network.SentRequests("UPDATE").Single();
        var answered = phone.Network.ReceivedResponses().Single(d => d.StatusCode == 200 && d.Header("CSeq")!.EndsWith("UPDATE", StringComparison.Ordinal));
        double after = (update.AtMs - ok.AtMs) / 1000.0;
        Out.WriteLine($"SESSION refresh: UPDATE {after:0.000} s after the 200 (Session-Expires 90, refresher the phone); SIPp's 200 {answered.AtMs - update.AtMs} ms later");
        Assert.Equal("90;refresher=uac", update.Header("Session-Expires"));
        Assert.InRange(after, 44.0, 45.5);
        Assert.Empty(phone.Network.SentRequests("BYE"));
        capture.AssertPhoneClean(phone);
    }

    [Fact]
    public void An_interval_below_Min_SE_gets_422_with_Min_SE_and_the_retry_with_it_is_answered()
    {
        var (phone, sipp, capture, ringing) = Call("session_timer_422_retry.xml");
        var result = sipp.Wait();
        Out.WriteLine("== SIPp\n" + result.Describe());
        Assert.True(result.Succeeded, result.Describe());
        phone.WaitForCall(CallEventKind.Ended, Short, ringing.Number);

        var tooSmall = phone.Network.SentResponses(422, "INVITE").Single();
        Assert.Equal("SIP/2.0 422 Session Interval Too Small", tooSmall.FirstLine);
        Assert.Equal("90", tooSmall.Header("Min-SE"));
        var ok = phone.Network.SentResponses(200, "INVITE").Single();
        Assert.Equal("90;refresher=uac", ok.Header("Session-Expires"));
        Assert.StartsWith("2 ", ok.Header("CSeq"));
        Out.WriteLine($"SESSION 422: Min-SE {tooSmall.Header("Min-SE")}; the retry answered {ok.AtMs - tooSmall.AtMs} ms later with Session-Expires: {ok.Header("Session-Expires")}");
        capture.AssertPhoneClean(phone);
    }

    [Fact]
    public void When_the_refresher_never_refreshes_the_phone_sends_BYE_before_the_session_expires()
    {
        var (phone, sipp, capture, ringing) = Call("session_timer_uac_silent.xml");
        var ok = phone.Network.SentResponses(200, "INVITE").First();
        Assert.Equal("90;refresher=uac", ok.Header("Session-Expires"));

        var result = sipp.Wait();
        Out.WriteLine("== SIPp\n" + result.Describe());
        Assert.True(result.Succeeded, result.Describe());
        var ended = phone.WaitForCall(CallEventKind.Ended, Short, ringing.Number);
        Assert.Equal(CallCause.SessionExpired, ended.Cause);

        var bye = phone.Network.SentRequests("BYE").Single();
        double after = (bye.AtMs - ok.AtMs) / 1000.0;
        Out.WriteLine($"SESSION expiry: BYE {after:0.000} s after the 200 (Session-Expires 90, refresher SIPp, silent; RFC 4028 §10: at 90 - min(32, 30) = 60 s)");
        Assert.InRange(after, 59.5, 61.0);
        Assert.Empty(phone.Network.SentRequests("UPDATE"));
        capture.AssertPhoneClean(phone);
    }
}
