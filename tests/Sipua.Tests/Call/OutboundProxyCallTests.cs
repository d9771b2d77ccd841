using System.Linq;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Tests.Agent;
using NanoPhone.Sip.Transport;
using Xunit;
using static NanoPhone.Sip.Tests.Agent.RegistrarReplies;
using static NanoPhone.Sip.Tests.Call.CalleeScript;

namespace NanoPhone.Sip.Tests.Call;

/// <summary>
/// RFC 3261 §8.1.2 for calls, with the outbound proxy at 127.0.0.1:5080 and the registrar at
/// 127.0.0.1:5070:
/// - the initial INVITE (and its retry after a challenge or a 3xx) goes to the outbound proxy with
///   "Route: &lt;sip:127.0.0.1:5080;lr&gt;" and the callee as Request-URI;
/// - its CANCEL (§9.1) and the ACK of a non-2xx (§17.1.1.3) go where it went, with the same Route;
/// - requests inside the dialog follow the route set (§12.2.1.1): the Record-Route when there is
///   one, the remote target straight when it is empty — never the preloaded Route;
/// - an INVITE arriving from the outbound proxy comes from a known server (ghost filter).
/// </summary>
public class OutboundProxyCallTests
{
    private static readonly Endpoint Proxy = new("127.0.0.1", 5080);
    private const string ProxyRoute = "<sip:127.0.0.1:5080;lr>";

    private readonly AgentHarness _h = new();

    public OutboundProxyCallTests()
    {
        Assert.True(_h.Settings.SetOutboundProxy("sip:127.0.0.1:5080;lr"));
    }

    private int Dial(string target = "1234") => _h.Dial(target);

    private Sent Invite => _h.Requests("INVITE").Last();
    private string Events => string.Join("|", _h.CallEvents);

    private static string[] Routes(Sent s)
    {
        var m = s.Parse();
        var routes = new System.Collections.Generic.List<string>();
        for (int i = m.IndexOf(HeaderId.Route); i >= 0; i = m.IndexOf(HeaderId.Route, i + 1))
            routes.Add(TestData.Ascii(m.Buffer, m.ValueOffsetAt(i), m.ValueLengthAt(i)));
        return routes.ToArray();
    }

    /// <summary>A 200 for the INVITE with no Record-Route: the route set is empty.</summary>
    private static string OkWithoutRecordRoute(Sent invite, string tag) =>
        Respond(invite, 200, "OK", tag, Answer, "Contact: <sip:bob@192.0.2.9:5060>");

    [Fact]
    public void Initial_INVITE_goes_to_the_outbound_proxy_with_a_preloaded_Route_and_the_callee_as_Request_URI()
    {
        Dial("1234#");
        var inv = Invite;
        Assert.Equal("127.0.0.1:5080", inv.To);
        Assert.Equal(new[] { ProxyRoute }, Routes(inv));
        Assert.Equal("sip:1234@nanophone.test", inv.Parse().RequestUri.ToString());
        Assert.Equal("<sip:1234@nanophone.test>", Header(inv.Parse(), HeaderId.To));
    }

    [Fact]
    public void The_INVITE_after_a_407_from_the_outbound_proxy_goes_through_it_again()
    {
        Dial();
        _h.Deliver(Respond(Invite, 407, "Proxy Authentication Required", "p1", null,
            "Proxy-Authenticate: Digest realm=\"nanophone.test\", nonce=\"abc\", qop=\"auth\""), Proxy);
        var invites = _h.Requests("INVITE");
        Assert.Equal(2, invites.Count);
        Assert.All(invites, i => Assert.Equal("127.0.0.1:5080", i.To));
        Assert.All(invites, i => Assert.Equal(new[] { ProxyRoute }, Routes(i)));
        // §22.3: the digest uri is the Request-URI, the callee.
        Assert.Contains("uri=\"sip:1234@nanophone.test\"", Header(invites[1].Parse(), HeaderId.ProxyAuthorization));
    }

    [Fact]
    public void The_ACK_for_a_non_2xx_goes_where_the_INVITE_went_with_the_same_Route()
    {
        Dial();
        _h.Deliver(Respond(Invite, 486, "Busy Here", "b1"), Proxy);
        var ack = _h.Requests("ACK").Single();
        Assert.Equal("127.0.0.1:5080", ack.To);
        Assert.Equal(new[] { ProxyRoute }, Routes(ack));
        Assert.Equal("sip:1234@nanophone.test", ack.Parse().RequestUri.ToString());
        Assert.EndsWith("1 failed (486 Busy Here)", Events);
    }

    [Fact]
    public void CANCEL_goes_where_the_INVITE_went_with_the_same_Route()
    {
        int n = Dial();
        _h.Deliver(Respond(Invite, 180, "Ringing", "b1"), Proxy);
        Assert.True(_h.Agent.Calls.HangUp(n));
        var cancel = _h.Requests("CANCEL").Single();
        Assert.Equal("127.0.0.1:5080", cancel.To);
        Assert.Equal(new[] { ProxyRoute }, Routes(cancel));
        Assert.Equal(Invite.Parse().RequestUri.ToString(), cancel.Parse().RequestUri.ToString());
        _h.Deliver(Respond(Invite, 487, "Request Terminated", "b1"), Proxy);
        Assert.EndsWith("1 ended (cancelled)", Events);
    }

    [Fact]
    public void A_302_is_followed_through_the_outbound_proxy()
    {
        Dial("sip:bob@example.com");
        _h.Deliver(Respond(Invite, 302, "Moved Temporarily", "r1", null, "Contact: <sip:bob-new@example.com>"), Proxy);
        var next = Invite;
        Assert.Equal("sip:bob-new@example.com", next.Parse().RequestUri.ToString());
        Assert.Equal("127.0.0.1:5080", next.To);
        Assert.Equal(new[] { ProxyRoute }, Routes(next));
    }

    [Fact]
    public void In_dialog_requests_follow_the_Record_Route_set_not_the_preloaded_Route()
    {
        int n = Dial();
        _h.Deliver(Respond(Invite, 200, "OK", "bob1", Answer, "Contact: <sip:bob@192.0.2.9:5060>",
            "Record-Route: <sip:p2.example.net;lr>", "Record-Route: <sip:127.0.0.1:5080;lr;ftag=x>"), Proxy);
        var ack = _h.Requests("ACK").Single();
        Assert.Equal("127.0.0.1:5080", ack.To);
        Assert.StartsWith("ACK sip:bob@192.0.2.9:5060 SIP/2.0\r\n", ack.Text);
        Assert.Equal(new[] { "<sip:127.0.0.1:5080;lr;ftag=x>", "<sip:p2.example.net;lr>" }, Routes(ack));
        Assert.True(_h.Agent.Calls.HangUp(n));
        var bye = _h.Requests("BYE").Single();
        Assert.Equal("127.0.0.1:5080", bye.To);
        Assert.Equal(new[] { "<sip:127.0.0.1:5080;lr;ftag=x>", "<sip:p2.example.net;lr>" }, Routes(bye));
    }

    [Fact]
    public void With_an_empty_route_set_in_dialog_requests_go_to_the_remote_target_not_the_outbound_proxy()
    {
        int n = Dial();
        _h.Deliver(OkWithoutRecordRoute(Invite, "bob1"), Proxy);
        var ack = _h.Requests("ACK").Single();
        Assert.Equal("192.0.2.9:5060", ack.To);
        Assert.Empty(Routes(ack));
        Assert.True(_h.Agent.Calls.Hold(n, true));
        var hold = _h.Requests("INVITE").Last();
        Assert.Equal("192.0.2.9:5060", hold.To);
        Assert.Empty(Routes(hold));
        Assert.True(_h.Agent.Calls.HangUp(n));
        var bye = _h.Requests("BYE").Single();
        Assert.Equal("192.0.2.9:5060", bye.To);
        Assert.Empty(Routes(bye));
    }

    [Fact]
    public void Without_an_outbound_proxy_the_INVITE_goes_to_the_registrar_without_Route()
    {
        _h.Settings.ClearOutboundProxy();
        Dial();
        Assert.Equal("127.0.0.1:5070", Invite.To);
        Assert.Empty(Routes(Invite));
    }

    // ---- Ghost filter ---------------------------------------------------------------------------

    [Fact]
    public void An_INVITE_from_the_outbound_proxy_comes_from_a_known_server_even_before_registering()
    {
        _h.Settings.Server.TrySetHost("192.0.2.70", 5060);   // the registrar elsewhere: only the proxy can vouch
        _h.Deliver(new CallerScript().Invite(), new Endpoint("127.0.0.1", 5099));   // same host, another port
        Assert.Equal(0, _h.Agent.Calls.GhostCalls);
        Assert.Contains(_h.CallEvents, e => e.EndsWith("ringing"));
    }

    [Fact]
    public void An_INVITE_from_a_stranger_is_still_a_ghost_call_with_an_outbound_proxy()
    {
        _h.Deliver(new CallerScript().Invite(), new Endpoint("192.0.2.66", 5060));
        Assert.Equal(1, _h.Agent.Calls.GhostCalls);
        Assert.Empty(_h.CallEvents);
    }

    [Fact]
    public void A_proxy_configured_by_name_is_known_by_the_address_its_REGISTER_responses_came_from()
    {
        var h = new AgentHarness();
        Assert.True(h.Settings.SetOutboundProxy("sip:edge.nanophone.test;lr"));
        h.Settings.Server.TrySetHost("192.0.2.70", 5060);
        var seen = new Endpoint("192.0.2.80", 5060);
        h.Agent.Registration.Start();
        Assert.Equal("edge.nanophone.test:5060", h.Last("REGISTER").To);
        h.Deliver(Reply(h.Last("REGISTER"), 200, "OK", "Contact: <sip:linda@127.0.0.1:5062>;expires=600"), seen);
        h.Deliver(new CallerScript().Invite(), seen);
        Assert.Equal(0, h.Agent.Calls.GhostCalls);
        Assert.Contains(h.CallEvents, e => e.EndsWith("ringing"));
    }
}
