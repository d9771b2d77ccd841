using System.Linq;
using System.Reflection;
using NanoPhone.Sip.Agent;
using NanoPhone.Sip.Call;
using NanoPhone.Sip.Tests.Agent;
using Xunit;

namespace NanoPhone.Sip.Tests.Call;

/// <summary>
/// A call slot keeps the INVITE it answers (the final response and the answer to its offer come
/// later, §13.3.1) and its 2xx, resent until the ACK (§13.3.1.4). Both copies are as long as the
/// messages the slot has kept, grown once to the longest and reused by the next call:
/// - a call's copies are shorter than the limits (2,048 B INVITE, 1,500 B 2xx) when its messages are;
/// - the next call of that size reuses them (no allocation per call);
/// - a longer INVITE grows the copy and is answered with its offer;
/// - an INVITE longer than 2,048 B is refused with 513, as before.
/// </summary>
public class CallBufferTests
{
    private static CallerScript Caller(int n) =>
        new() { CallId = "buf-" + n + "@graham.example", FromTag = "g" + n, Branch = "z9hG4bKbuf" + n };

    private static byte[] Copy(SipCall call, string field) =>
        (byte[])typeof(SipCall).GetField(field, BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(call)!;

    /// <summary>The caller's INVITE answered, ACKed and ended with BYE; returns its INVITE and 2xx copies as the 2xx left them.</summary>
    private static (byte[] Invite, byte[] Ok) Talk(AgentHarness h, CallerScript caller, int number, string? extra = null)
    {
        h.Deliver(caller.Invite(extra));
        Assert.True(h.Agent.Calls.Answer(number));
        SipCall call = h.Agent.Calls.ByNumber(number)!;
        var copies = (Copy(call, "Invite"), Copy(call, "Ok"));
        string tag = CallerScript.ToTagOf(h.Responses(200, "INVITE").Last());
        h.Deliver(caller.InDialog("ACK", tag, 1, caller.Branch + "ack"));
        h.Deliver(caller.InDialog("BYE", tag, 2, caller.Branch + "bye"));
        Assert.Equal(CallEventKind.Ended, h.Reported.Last().Kind);
        return copies;
    }

    [Fact]
    public void A_slot_keeps_copies_as_long_as_its_messages_and_the_next_call_reuses_them()
    {
        var h = new AgentHarness(capacity: AgentCapacity.Device());
        var first = Talk(h, Caller(1), 1);
        int inviteLength = Caller(1).Invite().Length;

        Assert.InRange(first.Invite.Length, inviteLength, SipCall.MaxInvite - 1);
        Assert.Equal(0, first.Invite.Length % SipCall.BufferStep);
        Assert.InRange(first.Ok.Length, h.Responses(200, "INVITE").Last().Bytes.Length, SipCall.MaxMessage - 1);

        var second = Talk(h, Caller(2), 2);
        Assert.Same(first.Invite, second.Invite);
        Assert.Same(first.Ok, second.Ok);
        Assert.Equal(1, h.Agent.Calls.SlotCount);
    }

    [Fact]
    public void A_longer_INVITE_grows_the_copy_once_and_is_answered_with_its_offer()
    {
        var h = new AgentHarness(capacity: AgentCapacity.Device());
        var shortCall = Talk(h, Caller(1), 1);
        string pad = "Call-Info: <http://192.0.2.7/" + new string('p', 1000) + ">;purpose=info\r\n";
        var longCall = Talk(h, Caller(2), 2, pad);

        Assert.NotSame(shortCall.Invite, longCall.Invite);
        Assert.InRange(longCall.Invite.Length, 1400, SipCall.MaxInvite);
        var ok = h.Responses(200, "INVITE").Last().Parse();
        Assert.True(ok.BodyLength > 0);                       // the answer to the long INVITE's offer

        var again = Talk(h, Caller(3), 3, pad);
        Assert.Same(longCall.Invite, again.Invite);
    }

    [Fact]
    public void An_INVITE_longer_than_the_copy_a_call_keeps_is_refused_with_513()
    {
        var h = new AgentHarness(capacity: AgentCapacity.Device());
        string pad = "Call-Info: <http://192.0.2.7/" + new string('p', SipCall.MaxInvite) + ">;purpose=info\r\n";
        h.Deliver(Caller(1).Invite(pad));
        Assert.Single(h.Responses(513, "INVITE"));
        Assert.Empty(h.Responses(180));
    }
}
