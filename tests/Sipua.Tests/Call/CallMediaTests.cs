using System.Collections.Generic;
using System.Linq;
using NanoPhone.Sip.Agent;
using NanoPhone.Sip.Call;
using NanoPhone.Sip.Sdp;
using NanoPhone.Sip.Tests.Agent;
using Xunit;
using static NanoPhone.Sip.Tests.Call.CalleeScript;

namespace NanoPhone.Sip.Tests.Call;

/// <summary>
/// Each call keeps the media its offer and answer agreed on (RFC 3264), for the media layer to read
/// through the call:
/// - the phone called: the INVITE's offer and our answer in the 200 (§6); an INVITE without an offer
///   gets ours in the 200 and the answer comes in the ACK (RFC 3261 §13.2.1);
/// - the phone calling: our offer and the answer in the 2xx;
/// - re-INVITEs either way: the peer's hold (sendonly, §8.4) and ours (its answer recvonly);
/// - the RTP port of each call comes from IMediaPorts, taken when the call gets its slot and given
///   back when it ends; none free turns the caller away with 486.
/// </summary>
public class CallMediaTests
{
    private const string Offer = "v=0\no=graham 1 1 IN IP4 192.0.2.7\ns=-\nc=IN IP4 192.0.2.7\nt=0 0\n" +
        "m=audio 49170 RTP/AVP 8 0 101\na=rtpmap:101 telephone-event/8000\na=ptime:30\n";

    /// <summary>Hands out 5000, 5002, ... and records what comes back.</summary>
    private sealed class Ports : IMediaPorts
    {
        public int Next = 5000;
        public readonly List<int> Released = new();
        public bool Exhausted;

        public int Allocate()
        {
            if (Exhausted) return 0;
            int p = Next;
            Next += 2;
            return p;
        }

        public void Release(int port) => Released.Add(port);
    }

    private static SipCall Answered(AgentHarness h, CallerScript caller)
    {
        h.Deliver(caller.Invite());
        Assert.True(h.Agent.Calls.Answer(1));
        return h.Agent.Calls.ByNumber(1)!;
    }

    private static string ToTag(AgentHarness h) => CallerScript.ToTagOf(h.Responses(200, "INVITE")[0]);

    [Fact]
    public void An_answered_call_holds_what_the_offer_and_our_answer_agreed()
    {
        var h = new AgentHarness();
        var caller = new CallerScript { Sdp = Offer };
        SipCall call = Answered(h, caller);
        NegotiatedMedia media = call.Media;
        Assert.Equal(4000, media.LocalPort);
        Assert.Equal("192.0.2.7:49170", media.Remote.ToString());
        Assert.Equal(LocalMedia.Pcma, media.PayloadType);      // the offer's first codec the phone has
        Assert.Equal(101, media.TelephoneEvent);
        Assert.Equal(30, media.PtimeMs);
        Assert.Equal(MediaDirection.SendRecv, media.Direction);
        Assert.False(media.RemoteHold);
        Assert.Contains("m=audio 4000 RTP/AVP 8 0 101\r\n", h.Responses(200, "INVITE")[0].Text);
    }

    [Fact]
    public void The_peer_holding_the_call_by_re_INVITE_sendonly_leaves_us_receiving_only()
    {
        var h = new AgentHarness();
        var caller = new CallerScript { Sdp = Offer };
        SipCall call = Answered(h, caller);
        h.Deliver(caller.InDialog("ACK", ToTag(h), 1, "z9hG4bKack1"));
        int version = call.Media.Version;
        h.Deliver(caller.InDialog("INVITE", ToTag(h), 2, "z9hG4bKreinv", null, Offer.Replace("a=ptime:30\n", "a=sendonly\n")));
        Assert.True(call.Media.RemoteHold);
        Assert.Equal(MediaDirection.RecvOnly, call.Media.Direction);
        Assert.Equal(20, call.Media.PtimeMs);
        Assert.True(call.Media.Version > version);
        Assert.Equal(CallState.ReInviteAccepted, call.State);
        CallEvent held = h.Reported.Last();
        Assert.Equal(CallEventKind.HeldByPeer, held.Kind);
        Assert.Equal(200, held.Status);
    }

    [Fact]
    public void An_INVITE_without_an_offer_gets_ours_in_the_200_and_the_answer_in_the_ACK_sets_the_media()
    {
        var h = new AgentHarness();
        var caller = new CallerScript();
        h.Deliver(caller.Invite(withSdp: false));
        Assert.True(h.Agent.Calls.Answer(1));
        SipCall call = h.Agent.Calls.ByNumber(1)!;
        Assert.Contains("m=audio 4000 RTP/AVP 0 8 101\r\n", h.Responses(200, "INVITE")[0].Text);
        Assert.False(call.Media.IsAgreed);
        h.Deliver(caller.InDialog("ACK", ToTag(h), 1, "z9hG4bKack1", null, "v=0\no=graham 1 1 IN IP4 192.0.2.7\ns=-\nc=IN IP4 192.0.2.7\nt=0 0\nm=audio 49170 RTP/AVP 0\n"));
        Assert.Equal(CallState.Confirmed, call.State);
        Assert.Equal(LocalMedia.Pcmu, call.Media.PayloadType);
        Assert.Equal(-1, call.Media.TelephoneEvent);
        Assert.Equal("192.0.2.7:49170", call.Media.Remote.ToString());
        Assert.Equal(MediaDirection.SendRecv, call.Media.Direction);
    }

    [Fact]
    public void Our_call_holds_the_answer_of_its_2xx_and_our_hold_answered_recvonly_makes_it_send_only()
    {
        var h = new AgentHarness();
        int n = h.Dial();
        h.Deliver(Ok(h.Requests("INVITE").Last(), "bob1"));
        SipCall call = h.Agent.Calls.ByNumber(n)!;
        Assert.Equal(CallState.Confirmed, call.State);
        Assert.Equal("192.0.2.9:40000", call.Media.Remote.ToString());
        Assert.Equal(LocalMedia.Pcmu, call.Media.PayloadType);
        Assert.Equal(MediaDirection.SendRecv, call.Media.Direction);

        Assert.True(h.Agent.Calls.Hold(n, true));
        Assert.True(call.IsHolding);
        Assert.Equal(CallEventKind.Hold, h.Reported.Last().Kind);
        var hold = h.Requests("INVITE").Last();
        h.Deliver(Respond(hold, 200, "OK", null, Answer.Replace("m=audio 40000 RTP/AVP 0\n", "m=audio 40000 RTP/AVP 0\na=recvonly\n"), "Contact: <sip:bob@192.0.2.9:5060>"));
        Assert.Equal(MediaDirection.SendOnly, call.Media.Direction);
        Assert.False(call.Media.RemoteHold);
    }

    [Fact]
    public void Each_call_takes_its_RTP_port_from_the_media_ports_and_gives_it_back_when_it_ends()
    {
        var ports = new Ports();
        var h = new AgentHarness(capacity: new AgentCapacity(16, 16, 3), ports: ports);
        var first = new CallerScript { CallId = "call-1@graham.example", FromTag = "g1", Branch = "z9hG4bKp1" };
        var second = new CallerScript { CallId = "call-2@graham.example", FromTag = "g2", Branch = "z9hG4bKp2" };
        h.Deliver(first.Invite());
        h.Deliver(second.Invite());
        Assert.Equal(5000, h.Agent.Calls.ByNumber(1)!.Media.LocalPort);
        Assert.Equal(5002, h.Agent.Calls.ByNumber(2)!.Media.LocalPort);
        Assert.True(h.Agent.Calls.Answer(2));
        Assert.Contains("m=audio 5002 RTP/AVP 0 8 101\r\n", h.Responses(200, "INVITE").Single().Text);
        Assert.Equal(new[] { 5000 }, ports.Released);         // the first caller heard 486: its port is free again
        Assert.True(h.Agent.Calls.HangUp(2));
        Assert.Equal(new[] { 5000, 5002 }, ports.Released);
        Assert.Equal(0, h.Agent.Calls.SlotAt(0).Media.LocalPort);

        int n = h.Dial();
        Assert.Contains("m=audio 5004 RTP/AVP 0 8 101\r\n", h.Requests("INVITE").Last().Text);
        Assert.Equal(5004, h.Agent.Calls.ByNumber(n)!.Media.LocalPort);
    }

    [Fact]
    public void Without_a_free_media_port_a_caller_hears_486_and_a_call_cannot_be_placed()
    {
        var ports = new Ports { Exhausted = true };
        var h = new AgentHarness(ports: ports);
        h.Deliver(new CallerScript().Invite());
        Assert.Single(h.Responses(486));
        Assert.Empty(h.Responses(180));
        Assert.Null(h.Agent.Calls.Current);
        Assert.Equal(0, h.Agent.Calls.Dial("1234", out string? error));
        Assert.Equal("no media port free", error);
    }
}
