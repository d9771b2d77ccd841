using System.Linq;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Registration;
using NanoPhone.Sip.Tests.Agent;
using NanoPhone.Sip.Transport;
using Xunit;
using static NanoPhone.Sip.Tests.Agent.RegistrarReplies;

namespace NanoPhone.Sip.Tests.Registration;

/// <summary>
/// RFC 3261 §10.2 registration with §22 digest auth, on a manual clock:
/// - REGISTER: Request-URI = domain, To = From = AOR, Contact with q and expires, Via with rport;
///   Call-ID constant across refreshes, CSeq growing (§10.2.4).
/// - 401 → the same REGISTER with Authorization, CSeq + 1 (§22.2); wrong password → stop, no storm.
/// - stale=true → retry with the new nonce; a changed nonce → one retry.
/// - 423 → adopt Min-Expires (§10.2.8). Granted expiry read from OUR Contact in the 200 (§10.2.4).
/// - Refresh at 90%, never later than expiry − 5 s.
/// - Timeout / 5xx → 30 s·2ⁿ backoff with jitter, capped at 30 min; Retry-After honoured.
/// - One REGISTER in flight. Mobility and NAT move the binding; Stop removes only ours.
/// </summary>
public class RegistrationClientTests
{
    private static AgentHarness Registered(out Sent first)
    {
        var h = new AgentHarness();
        h.Settings.Q = 1000;
        h.Agent.Registration.Start();
        first = h.Last("REGISTER");
        h.Deliver(Reply(first, 401, "Unauthorized", Challenge));
        var second = h.Last("REGISTER");
        h.Deliver(Reply(second, 200, "OK", "Contact: <sip:linda@127.0.0.1:5062>;expires=3600"));
        Assert.Equal(RegistrationState.Registered, h.Agent.Registration.State);
        return h;
    }

    [Fact]
    public void REGISTER_names_the_AOR_our_Contact_with_q_and_expires_and_asks_for_rport()
    {
        var h = new AgentHarness();
        h.Settings.Q = 500;
        h.Agent.Registration.Start();
        var m = h.Last("REGISTER").Parse();
        Assert.Equal("sip:nanophone.test", m.RequestUri.ToString());
        Assert.Equal("<sip:linda@nanophone.test>", m.To.Uri.IsSip ? Header(m, HeaderId.To) : "");
        Assert.Equal("sip:linda@nanophone.test", m.From.Uri.ToString());
        Assert.True(m.FromTagLength > 0);
        Assert.Equal("<sip:linda@127.0.0.1:5062>;q=0.500;expires=3600", Header(m, HeaderId.Contact));
        Assert.Equal(3600, m.Expires);
        Assert.True(m.TopVia.HasRport);
        Assert.True(m.TopVia.HasRfc3261Branch);
        Assert.Equal("127.0.0.1:5070", h.Out[0].To);
        Assert.Equal(new[] { "registering" }, h.Events);
    }

    [Fact]
    public void Challenge_401_is_answered_once_with_credentials_CSeq_plus_one_and_the_same_Call_ID()
    {
        var h = Registered(out var first);
        var regs = h.Requests("REGISTER");
        Assert.Equal(2, regs.Count);
        var a = regs[0].Parse();
        var b = regs[1].Parse();
        Assert.Equal(a.CallIdText, b.CallIdText);
        Assert.Equal(a.CSeq + 1, b.CSeq);
        string auth = Header(b, HeaderId.Authorization);
        Assert.StartsWith("Digest username=\"linda\", realm=\"nanophone.test\", nonce=\"n1\", uri=\"sip:nanophone.test\", response=\"", auth);
        Assert.Contains("qop=auth, nc=00000001", auth);
        Assert.Equal("registered sip:linda@127.0.0.1:5062 3600", h.Events[^1]);
    }

    [Fact]
    public void Granted_expiry_is_read_from_our_Contact_not_from_the_other_devices_bindings()
    {
        var h = new AgentHarness();
        h.Agent.Registration.Start();
        h.Deliver(Reply(h.Last("REGISTER"), 200, "OK",
            "Contact: <sip:linda-0x1234@127.0.0.1:5080>;expires=120, <sip:linda@127.0.0.1:5062>;expires=600",
            "Expires: 3600"));
        Assert.Equal(600, h.Agent.Registration.GrantedExpires);
    }

    [Fact]
    public void A_200_that_does_not_list_our_Contact_is_a_failure_with_a_clear_status()
    {
        var h = new AgentHarness();
        h.Agent.Registration.Start();
        h.Deliver(Reply(h.Last("REGISTER"), 200, "OK", "Contact: <sip:linda-0x1234@127.0.0.1:5080>;expires=120"));
        Assert.Equal(RegistrationState.RetryWait, h.Agent.Registration.State);
        Assert.Equal("registrar did not list our Contact", h.Agent.Registration.Detail);
    }

    [Theory]
    [InlineData(3600, 3240_000)]   // 90%
    [InlineData(60, 54_000)]
    [InlineData(30, 25_000)]       // expiry − 5 s comes first
    [InlineData(8, 3_000)]
    [InlineData(3, 1_000)]         // never sooner than 1 s
    public void Refresh_at_90_percent_never_later_than_5_seconds_before_expiry(int granted, long delayMs)
    {
        Assert.Equal(delayMs, RegistrationClient.RefreshDelayMs(granted));
        var h = new AgentHarness();
        h.Agent.Registration.Start();
        h.Deliver(Reply(h.Last("REGISTER"), 200, "OK", "Contact: <sip:linda@127.0.0.1:5062>;expires=" + granted));
        long registeredAt = h.Clock.NowMs;
        h.Run(delayMs - 1);
        Assert.Single(h.Requests("REGISTER"));
        h.Run(1);
        Assert.Equal(2, h.Requests("REGISTER").Count);
        Assert.Equal(registeredAt + delayMs, h.Last("REGISTER").AtMs);
        var a = h.Requests("REGISTER")[0].Parse();
        var b = h.Last("REGISTER").Parse();
        Assert.Equal(a.CallIdText, b.CallIdText);
        Assert.True(b.CSeq > a.CSeq);
    }

    [Fact]
    public void Wrong_password_stops_with_authentication_failed_and_sends_nothing_more_for_10_minutes()
    {
        var h = new AgentHarness();
        h.Agent.Registration.Start();
        h.Deliver(Reply(h.Last("REGISTER"), 401, "Unauthorized", Challenge));
        h.Deliver(Reply(h.Last("REGISTER"), 401, "Unauthorized", Challenge));   // same nonce, not stale
        Assert.Equal(RegistrationState.AuthFailed, h.Agent.Registration.State);
        Assert.Equal("authentication failed (authentication failed)", h.Events[^1]);
        h.Run(10 * 60 * 1000, 1000);
        Assert.Equal(2, h.Requests("REGISTER").Count);
    }

    [Fact]
    public void Stale_nonce_is_retried_with_the_new_nonce_and_a_fresh_nonce_count()
    {
        var h = Registered(out _);
        h.Run(3240_000);
        var refresh = h.Last("REGISTER");
        Assert.Contains("nc=00000002", Header(refresh.Parse(), HeaderId.Authorization));
        h.Deliver(Reply(refresh, 401, "Unauthorized",
            "WWW-Authenticate: Digest realm=\"nanophone.test\", nonce=\"n2\", qop=\"auth\", stale=true"));
        var retry = h.Last("REGISTER").Parse();
        string auth = Header(retry, HeaderId.Authorization);
        Assert.Contains("nonce=\"n2\"", auth);
        Assert.Contains("nc=00000001", auth);
        h.Deliver(Reply(h.Last("REGISTER"), 200, "OK", "Contact: <sip:linda@127.0.0.1:5062>;expires=3600"));
        Assert.Equal(RegistrationState.Registered, h.Agent.Registration.State);
    }

    [Fact]
    public void A_new_nonce_without_stale_gets_one_retry_and_a_server_that_keeps_changing_it_gets_no_loop()
    {
        var h = new AgentHarness();
        h.Agent.Registration.Start();
        for (int i = 0; i < 10; i++)
        {
            if (h.Agent.Registration.State == RegistrationState.AuthFailed) break;
            h.Deliver(Reply(h.Last("REGISTER"), 401, "Unauthorized",
                "WWW-Authenticate: Digest realm=\"nanophone.test\", nonce=\"x" + i + "\", qop=\"auth\""));
        }
        Assert.Equal(RegistrationState.AuthFailed, h.Agent.Registration.State);
        Assert.True(h.Requests("REGISTER").Count <= 4, "REGISTERs: " + h.Requests("REGISTER").Count);
    }

    [Theory]
    [InlineData("WWW-Authenticate: Digest realm=\"nanophone.test\"", "challenge has no nonce")]
    [InlineData("WWW-Authenticate: Digest nonce=\"n\"", "challenge has no realm")]
    [InlineData("WWW-Authenticate: Digest realm=\"r\", nonce=\"n\", algorithm=SHA-1", "unsupported algorithm")]
    [InlineData("WWW-Authenticate: Basic realm=\"r\"", "")]
    public void A_challenge_the_phone_cannot_answer_is_a_clear_status_and_a_backoff_not_a_tight_loop(string challenge, string reason)
    {
        var h = new AgentHarness();
        h.Agent.Registration.Start();
        h.Deliver(Reply(h.Last("REGISTER"), 401, "Unauthorized", challenge));
        Assert.Equal(RegistrationState.RetryWait, h.Agent.Registration.State);
        Assert.StartsWith("bad challenge: ", h.Agent.Registration.Detail);
        Assert.Contains(reason, h.Agent.Registration.Detail);
        h.Run(14_000);
        Assert.Single(h.Requests("REGISTER"));
    }

    [Fact]
    public void Interval_too_brief_adopts_Min_Expires()
    {
        var h = new AgentHarness();
        h.Settings.Expires = 60;
        h.Agent.Registration.Start();
        h.Deliver(Reply(h.Last("REGISTER"), 423, "Interval Too Brief", "Min-Expires: 600"));
        var m = h.Last("REGISTER").Parse();
        Assert.Equal(600, m.Expires);
        Assert.Contains(";expires=600", Header(m, HeaderId.Contact));
    }

    [Fact]
    public void No_response_gives_up_at_Timer_F_and_retries_with_a_backoff_that_doubles_to_30_minutes()
    {
        var h = new AgentHarness();
        h.Agent.Registration.Start();
        long[] ceilings = { 30, 60, 120, 240, 480, 960, 1800, 1800 };
        for (int n = 0; n < ceilings.Length; n++)
        {
            var first = FirstOf(h, h.Last("REGISTER"));
            long cseq = first.Parse().CSeq;
            h.Run(first.AtMs + 32_000 - h.Clock.NowMs);
            Assert.Equal(RegistrationState.RetryWait, h.Agent.Registration.State);
            Assert.Equal("no response from registrar", h.Agent.Registration.Detail);
            long failedAt = first.AtMs + 32_000;
            Assert.DoesNotContain(h.Requests("REGISTER"), s => s.Parse().CSeq > cseq);
            while (h.Last("REGISTER").Parse().CSeq == cseq && h.Clock.NowMs - failedAt <= ceilings[n] * 1000) h.Run(100);
            var next = FirstOf(h, h.Last("REGISTER"));
            Assert.NotEqual(cseq, next.Parse().CSeq);
            long wait = next.AtMs - failedAt;
            Assert.True(wait >= ceilings[n] * 500 && wait <= ceilings[n] * 1000, "failure " + (n + 1) + ": waited " + wait + " ms");
        }
    }

    /// <summary>The first transmission of the request that s is (or retransmits).</summary>
    private static Sent FirstOf(AgentHarness h, Sent s) => h.Out.First(o => o.Text == s.Text);

    [Fact]
    public void Service_unavailable_with_Retry_After_waits_exactly_that_long()
    {
        var h = new AgentHarness();
        h.Agent.Registration.Start();
        h.Deliver(Reply(h.Last("REGISTER"), 503, "Service Unavailable", "Retry-After: 120"));
        Assert.Equal(RegistrationState.RetryWait, h.Agent.Registration.State);
        Assert.Equal("503 Service Unavailable", h.Agent.Registration.Detail);
        long at = h.Clock.NowMs;
        h.Run(120_000, 1000);
        Assert.Equal(at + 120_000, h.Last("REGISTER").AtMs);
    }

    [Fact]
    public void Never_more_than_one_REGISTER_in_flight()
    {
        var h = new AgentHarness();
        h.Agent.Registration.Start();
        h.Agent.Registration.Start();
        h.Agent.SetLocalContact(new Endpoint("127.0.0.2", 5062));
        var cseqs = h.Requests("REGISTER").Select(s => s.Parse().CSeq).Distinct().ToArray();
        Assert.Single(cseqs);
        // The queued change goes out once the first transaction ends.
        h.Deliver(Reply(h.Last("REGISTER"), 200, "OK", "Contact: <sip:linda@127.0.0.1:5062>;expires=3600"));
        h.Run(5_000);
        Assert.Equal(2, h.Requests("REGISTER").Select(s => s.Parse().CSeq).Distinct().Count());
    }

    [Fact]
    public void Address_change_registers_the_new_Contact_at_once_and_removes_the_old_binding()
    {
        var h = Registered(out _);
        long at = h.Clock.NowMs;
        h.Agent.SetLocalContact(new Endpoint("127.0.0.2", 5062));
        h.Run(5_000);
        var move = h.Requests("REGISTER").First(s => s.Text.Contains("127.0.0.2"));
        Assert.Equal(at, move.AtMs);
        string text = move.Text;
        Assert.Contains("Contact: <sip:linda@127.0.0.1:5062>;expires=0\r\n", text);
        Assert.Contains("Contact: <sip:linda@127.0.0.2:5062>;q=1.000;expires=3600\r\n", text);
        Assert.Contains("Via: SIP/2.0/UDP 127.0.0.2:5062;", text);
    }

    [Fact]
    public void Learned_received_and_rport_that_differ_from_our_Contact_re_register_with_them()
    {
        var h = new AgentHarness("192.168.1.20", 5060);
        h.Agent.Registration.Start();
        string ok = Reply(h.Last("REGISTER"), 200, "OK", "Contact: <sip:linda@192.168.1.20:5060>;expires=3600")
            .Replace(";rport", ";rport=40123;received=203.0.113.7");
        h.Deliver(ok);
        h.Run(1_000);
        var again = h.Last("REGISTER").Text;
        Assert.Contains("Contact: <sip:linda@192.168.1.20:5060>;expires=0\r\n", again);
        Assert.Contains("Contact: <sip:linda@203.0.113.7:40123>;expires=3600\r\n", again);
    }

    [Fact]
    public void Stop_removes_only_our_own_binding_with_expires_0()
    {
        var h = Registered(out _);
        h.Agent.Registration.Stop();
        var bye = h.Last("REGISTER").Parse();
        Assert.Equal(0, bye.Expires);
        Assert.Equal("<sip:linda@127.0.0.1:5062>;expires=0", Header(bye, HeaderId.Contact));
        Assert.DoesNotContain("*", Header(bye, HeaderId.Contact));
        Assert.Contains("Authorization: Digest", h.Last("REGISTER").Text);
        h.Deliver(Reply(h.Last("REGISTER"), 200, "OK"));
        Assert.Equal(RegistrationState.Unregistered, h.Agent.Registration.State);
    }

    [Fact]
    public void Stop_while_the_first_REGISTER_is_unanswered_removes_the_binding_its_200_made()
    {
        // One REGISTER in flight (§10.2): the removal waits for the answer to the first. That 200
        // made a binding, so it is not the removal's answer: the removal goes next, and only its
        // 200 ends the registration.
        var h = new AgentHarness();
        h.Agent.Registration.Start();
        var first = h.Last("REGISTER");
        h.Agent.Registration.Stop();
        Assert.Single(h.Requests("REGISTER"));
        h.Events.Clear();
        h.Deliver(Reply(first, 200, "OK", "Contact: <sip:linda@127.0.0.1:5062>;expires=3600"));
        Assert.Equal(RegistrationState.Unregistering, h.Agent.Registration.State);
        Assert.DoesNotContain(h.Events, e => e.StartsWith("unregistered"));
        var removal = h.Last("REGISTER");
        Assert.NotSame(first, removal);
        Assert.Equal(0, removal.Parse().Expires);
        h.Deliver(Reply(removal, 200, "OK"));
        Assert.Equal(RegistrationState.Unregistered, h.Agent.Registration.State);
        Assert.Equal(2, h.Requests("REGISTER").Count);
    }

    [Fact]
    public void Account_change_unregisters_the_old_identity_and_registers_with_a_new_Call_ID()
    {
        var h = Registered(out var first);
        string oldCallId = first.Parse().CallIdText;
        h.Agent.Registration.AccountChanged();
        var remove = h.Last("REGISTER").Parse();
        Assert.Equal(0, remove.Expires);
        Assert.Equal(oldCallId, remove.CallIdText);
        h.Deliver(Reply(h.Last("REGISTER"), 200, "OK"));
        var fresh = h.Last("REGISTER").Parse();
        Assert.NotEqual(oldCallId, fresh.CallIdText);
        Assert.Equal(3600, fresh.Expires);
    }

    [Fact]
    public void CRLF_keep_alives_go_to_the_registrar_at_the_configured_interval_while_registered()
    {
        var h = new AgentHarness();
        h.Settings.KeepAliveSeconds = 25;
        h.Agent.Registration.Start();
        h.Deliver(Reply(h.Last("REGISTER"), 200, "OK", "Contact: <sip:linda@127.0.0.1:5062>;expires=3600"));
        h.Run(100_000, 1000);
        var pings = h.Out.FindAll(s => s.Text == "\r\n\r\n");
        Assert.Equal(4, pings.Count);
        Assert.All(pings, p => Assert.Equal("127.0.0.1:5070", p.To));
    }
}
