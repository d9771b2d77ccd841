using System.Linq;
using System.Text;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Subscription;
using NanoPhone.Sip.Tests.Agent;
using NanoPhone.Sip.Transport;
using Xunit;
using static NanoPhone.Sip.Tests.Agent.RegistrarReplies;

namespace NanoPhone.Sip.Tests.Subscription;

/// <summary>
/// The phone subscribing to its voicemail's message summary (RFC 6665 §4.1, RFC 3842), on a manual clock:
/// - §4.1.2.1 / RFC 3842 §4: SUBSCRIBE with Event: message-summary, Accept:
///   application/simple-message-summary, Expires, Contact; to the account (mwi.uri, else our AOR),
///   through the first hop.
/// - §22 digest: a 401 is answered as REGISTER's is (DigestRetry); a refused password stops it.
/// - §4.1.2.1: the 2xx's Expires is what was granted; refreshed in the dialog before it lapses.
/// - §4.1.2.4: a NOTIFY may come before the 2xx and then makes the dialog.
/// - §4.1.3: NOTIFY answered 200; "terminated" with deactivated/timeout: re-subscribe at once, with
///   probation/giveup: later (retry-after), with rejected/noresource: not at all.
/// - §4.1.2.2 and RFC 3261 §12.2.1.2: a 481 to a refresh means the subscription is gone: a new one
///   at once, a second failure in a row waits the backoff; no answer waits the backoff too.
/// - Unsolicited NOTIFY (no To tag, as Asterisk sends): taken from the registrar, 403 from others.
/// </summary>
public class MwiClientTests
{
    private const string Voicemail = "sip:voicemail@nanophone.test";
    private const string Summary = "Messages-Waiting: yes\r\nMessage-Account: sip:voicemail@nanophone.test\r\nVoice-Message: 2/1 (1/0)\r\n";

    private static AgentHarness Phone(string? uri = Voicemail)
    {
        var h = new AgentHarness();
        h.Agent.MwiSettings.Subscribe = true;
        h.Agent.MwiSettings.Uri = uri;
        h.Agent.MwiSettings.Expires = 3600;
        return h;
    }

    /// <summary>A phone whose subscription the notifier accepted for <paramref name="granted"/> seconds.</summary>
    private static AgentHarness Subscribed(out Sent subscribe, int granted = 600)
    {
        var h = Phone();
        h.Agent.Mwi.Start();
        subscribe = h.Last("SUBSCRIBE");
        h.Deliver(Reply(subscribe, 200, "OK", "Contact: <sip:voicemail@127.0.0.1:5090>", "Expires: " + granted));
        Assert.Equal(MwiState.Active, h.Agent.Mwi.State);
        return h;
    }

    private static string Notify(Sent subscribe, int cseq, string state, string? body, string fromTag = "reg1", string evt = "message-summary")
    {
        var m = subscribe.Parse();
        string ourTag = TestData.Ascii(m.Buffer, m.FromTagOffset, m.FromTagLength);
        var sb = new StringBuilder();
        sb.Append("NOTIFY sip:linda@127.0.0.1:5062 SIP/2.0\r\n");
        sb.Append("Via: SIP/2.0/UDP 127.0.0.1:5090;branch=z9hG4bKnotify").Append(cseq).Append("\r\n");
        sb.Append("Max-Forwards: 70\r\n");
        sb.Append("From: <").Append(Voicemail).Append(">;tag=").Append(fromTag).Append("\r\n");
        sb.Append("To: <sip:linda@nanophone.test>;tag=").Append(ourTag).Append("\r\n");
        sb.Append("Call-ID: ").Append(m.CallIdText).Append("\r\n");
        sb.Append("CSeq: ").Append(cseq).Append(" NOTIFY\r\n");
        sb.Append("Contact: <sip:voicemail@127.0.0.1:5090>\r\n");
        sb.Append("Event: ").Append(evt).Append("\r\n");
        sb.Append("Subscription-State: ").Append(state).Append("\r\n");
        if (body != null) sb.Append("Content-Type: application/simple-message-summary\r\n");
        sb.Append("Content-Length: ").Append(body?.Length ?? 0).Append("\r\n\r\n").Append(body);
        return sb.ToString();
    }

    private static int _branch;

    private static string Unsolicited(string body, string evt = "message-summary") =>
        "NOTIFY sip:linda@127.0.0.1:5062 SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKunsol" + System.Threading.Interlocked.Increment(ref _branch) + "\r\nMax-Forwards: 70\r\n"
        + "From: <sip:asterisk@nanophone.test>;tag=ast1\r\nTo: <sip:linda@nanophone.test>\r\n"
        + "Call-ID: unsolicited-1@nanophone.test\r\nCSeq: 102 NOTIFY\r\nEvent: " + evt + "\r\n"
        + "Content-Type: application/simple-message-summary\r\nContent-Length: " + body.Length + "\r\n\r\n" + body;

    /// <summary>Each SUBSCRIBE once: retransmissions (same branch) left out.</summary>
    private static System.Collections.Generic.List<Sent> Subscribes(AgentHarness h) =>
        h.Requests("SUBSCRIBE").GroupBy(s => Header(s, "Via")).Select(g => g.First()).ToList();

    private static string Header(Sent s, string name)
    {
        var m = s.Parse();
        int i = m.IndexOfName(name);
        return i < 0 ? "" : TestData.Ascii(m.Buffer, m.ValueOffsetAt(i), m.ValueLengthAt(i));
    }

    [Fact]
    public void SUBSCRIBE_asks_for_message_summary_of_the_voicemail_account_through_the_first_hop()
    {
        var h = Phone();
        h.Agent.Mwi.Start();
        var s = h.Last("SUBSCRIBE");
        var m = s.Parse();
        Assert.Equal(Voicemail, m.RequestUri.ToString());
        Assert.Equal("<" + Voicemail + ">", Header(s, "To"));
        Assert.Equal("sip:linda@nanophone.test", m.From.Uri.ToString());
        Assert.True(m.FromTagLength > 0);
        Assert.False(m.HasToTag);
        Assert.Equal("message-summary", Header(s, "Event"));
        Assert.Equal("application/simple-message-summary", Header(s, "Accept"));
        Assert.Equal(3600, m.Expires);
        Assert.Equal("<sip:linda@127.0.0.1:5062>", Header(s, "Contact"));
        Assert.Equal("127.0.0.1:5070", s.To);
        Assert.Contains("NOTIFY", Header(s, "Allow"));
        Assert.Equal(new[] { "subscription subscribing" }, h.MwiEvents);
    }

    [Fact]
    public void Without_mwi_uri_the_phone_subscribes_to_its_own_address_of_record()
    {
        var h = Phone(uri: null);
        h.Agent.Mwi.Start();
        Assert.Equal("sip:linda@nanophone.test", h.Last("SUBSCRIBE").Parse().RequestUri.ToString());
    }

    [Fact]
    public void With_mwi_subscribe_off_nothing_is_sent()
    {
        var h = Phone();
        h.Agent.MwiSettings.Subscribe = false;
        h.Agent.Mwi.Start();
        Assert.Empty(h.Requests("SUBSCRIBE"));
        Assert.Equal(MwiState.Off, h.Agent.Mwi.State);
    }

    [Fact]
    public void A_401_is_answered_with_credentials_for_the_SUBSCRIBE_CSeq_plus_one_same_Call_ID()
    {
        var h = Phone();
        h.Agent.Mwi.Start();
        var first = h.Last("SUBSCRIBE");
        h.Deliver(Reply(first, 401, "Unauthorized", Challenge));
        var second = h.Last("SUBSCRIBE");
        Assert.Equal(first.Parse().CallIdText, second.Parse().CallIdText);
        Assert.Equal(first.Parse().CSeq + 1, second.Parse().CSeq);
        string auth = Header(second, "Authorization");
        Assert.StartsWith("Digest ", auth);
        Assert.Contains("username=\"linda\"", auth);
        Assert.Contains("uri=\"" + Voicemail + "\"", auth);
        // The same nonce challenged again, not stale: the password is wrong; no storm of retries.
        h.Deliver(Reply(second, 401, "Unauthorized", Challenge));
        Assert.Equal(MwiState.Failed, h.Agent.Mwi.State);
        h.Run(3_600_000);
        Assert.Equal(2, h.Requests("SUBSCRIBE").Count);
    }

    [Fact]
    public void The_2xx_Expires_is_granted_and_the_refresh_goes_in_the_dialog_at_90_percent()
    {
        var h = Subscribed(out var first, granted: 600);
        Assert.Equal(600, h.Agent.Mwi.GrantedExpires);
        long at = h.Clock.NowMs;
        h.Run(539_000);
        Assert.Single(h.Requests("SUBSCRIBE"));
        h.Run(1_000);
        var refresh = h.Last("SUBSCRIBE");
        Assert.Equal(at + 540_000, refresh.AtMs);
        var m = refresh.Parse();
        // In the dialog (RFC 3261 §12.2.1.1): the remote target from the 2xx's Contact, its To tag, CSeq + 1.
        Assert.Equal("sip:voicemail@127.0.0.1:5090", m.RequestUri.ToString());
        Assert.Equal("127.0.0.1:5090", refresh.To);
        Assert.Equal("reg1", TestData.Ascii(m.Buffer, m.ToTagOffset, m.ToTagLength));
        Assert.Equal(first.Parse().CallIdText, m.CallIdText);
        Assert.Equal(first.Parse().CSeq + 1, m.CSeq);
        Assert.Equal(3600, m.Expires);
    }

    [Fact]
    public void A_NOTIFY_in_the_subscription_is_answered_200_and_its_summary_reaches_the_app()
    {
        var h = Subscribed(out var s);
        h.Deliver(Notify(s, 1, "active;expires=600", Summary), new Endpoint("127.0.0.1", 5090));
        var ok = h.Responses(200, "NOTIFY").Single();
        Assert.Equal(TestData.Ascii(s.Parse().Buffer, s.Parse().FromTagOffset, s.Parse().FromTagLength),
            TestData.Ascii(ok.Parse().Buffer, ok.Parse().ToTagOffset, ok.Parse().ToTagLength));
        Assert.Equal("summary yes 2/1 (1/0)", h.MwiEvents.Last());
        Assert.True(h.Agent.Mwi.Summary.Waiting);
    }

    [Fact]
    public void A_NOTIFY_that_shortens_the_subscription_brings_the_refresh_forward()
    {
        var h = Subscribed(out var s, granted: 600);
        long at = h.Clock.NowMs;
        h.Deliver(Notify(s, 1, "active;expires=100", Summary), new Endpoint("127.0.0.1", 5090));
        h.Run(90_000);
        Assert.Equal(2, h.Requests("SUBSCRIBE").Count);
        Assert.Equal(at + 90_000, h.Last("SUBSCRIBE").AtMs);
    }

    [Fact]
    public void A_NOTIFY_before_the_2xx_makes_the_dialog_and_the_late_2xx_keeps_it()
    {
        var h = Phone();
        h.Agent.Mwi.Start();
        var s = h.Last("SUBSCRIBE");
        h.Deliver(Notify(s, 1, "pending", null), new Endpoint("127.0.0.1", 5090));
        Assert.Single(h.Responses(200, "NOTIFY"));
        h.Deliver(Reply(s, 202, "Accepted", "Contact: <sip:voicemail@127.0.0.1:5090>", "Expires: 600"));
        Assert.Equal(MwiState.Active, h.Agent.Mwi.State);
        h.Deliver(Notify(s, 2, "active;expires=600", Summary), new Endpoint("127.0.0.1", 5090));
        Assert.Equal(2, h.Responses(200, "NOTIFY").Count);
    }

    [Fact]
    public void A_481_to_the_refresh_starts_a_new_subscription_at_once_a_second_one_waits_the_backoff()
    {
        var h = Subscribed(out var first, granted: 600);
        h.Run(540_000);
        var refresh = h.Last("SUBSCRIBE");
        h.Deliver(Reply(refresh, 481, "Subscription Does Not Exist"));
        var fresh = h.Last("SUBSCRIBE");
        Assert.Equal(refresh.AtMs, fresh.AtMs);
        var m = fresh.Parse();
        Assert.False(m.HasToTag);
        Assert.NotEqual(first.Parse().CallIdText, m.CallIdText);
        Assert.Equal(Voicemail, m.RequestUri.ToString());
        h.Deliver(Reply(fresh, 481, "Subscription Does Not Exist"));
        Assert.Equal(MwiState.RetryWait, h.Agent.Mwi.State);
        int sent = Subscribes(h).Count;
        // The second failure in a row: RetryBackoff's 30 s·2 ceiling, drawn from its upper half.
        h.Run(29_999);
        Assert.Equal(sent, Subscribes(h).Count);
        h.Run(30_001);
        Assert.Equal(sent + 1, Subscribes(h).Count);
        long wait = Subscribes(h)[^1].AtMs - fresh.AtMs;
        Assert.InRange(wait, 30_000, 60_000);
    }

    [Fact]
    public void No_answer_at_all_waits_the_backoff_then_subscribes_anew()
    {
        var h = Phone();
        h.Agent.Mwi.Start();
        var first = h.Last("SUBSCRIBE");
        h.Run(32_000);   // Timer F = 64·T1
        Assert.Equal(MwiState.RetryWait, h.Agent.Mwi.State);
        Assert.Contains("subscription retrying (no response)", h.MwiEvents);
        h.Run(30_000);
        var again = Subscribes(h)[^1];
        Assert.NotSame(first, again);
        Assert.NotEqual(first.Parse().CallIdText, again.Parse().CallIdText);
    }

    [Fact]
    public void Terminated_with_timeout_re_subscribes_at_once_with_rejected_never()
    {
        var h = Subscribed(out var s);
        h.Deliver(Notify(s, 1, "terminated;reason=timeout", null), new Endpoint("127.0.0.1", 5090));
        Assert.Equal(2, h.Requests("SUBSCRIBE").Count);
        Assert.False(h.Last("SUBSCRIBE").Parse().HasToTag);

        var h2 = Subscribed(out var s2);
        h2.Deliver(Notify(s2, 1, "terminated;reason=rejected", null), new Endpoint("127.0.0.1", 5090));
        Assert.Equal(MwiState.Failed, h2.Agent.Mwi.State);
        h2.Run(7_200_000);
        Assert.Single(h2.Requests("SUBSCRIBE"));
    }

    [Fact]
    public void Terminated_with_probation_waits_its_retry_after()
    {
        var h = Subscribed(out var s);
        long at = h.Clock.NowMs;
        h.Deliver(Notify(s, 1, "terminated;reason=probation;retry-after=120", null), new Endpoint("127.0.0.1", 5090));
        h.Run(119_000);
        Assert.Single(Subscribes(h));
        h.Run(2_000);
        Assert.Equal(at + 120_000, Subscribes(h)[1].AtMs);
    }

    [Fact]
    public void A_NOTIFY_of_another_package_gets_489_one_without_Subscription_State_400_a_bad_summary_400()
    {
        var h = Subscribed(out var s);
        h.Deliver(Notify(s, 1, "active", null, evt: "presence"), new Endpoint("127.0.0.1", 5090));
        Assert.Single(h.Responses(489, "NOTIFY"));
        string noState = Notify(s, 2, "active", null).Replace("Subscription-State: active\r\n", "");
        h.Deliver(noState, new Endpoint("127.0.0.1", 5090));
        h.Deliver(Notify(s, 3, "active", "Voice-Message: 1/0\r\n"), new Endpoint("127.0.0.1", 5090));
        Assert.Equal(2, h.Responses(400, "NOTIFY").Count);
        Assert.DoesNotContain(h.MwiEvents, e => e.StartsWith("summary"));
    }

    [Fact]
    public void A_NOTIFY_for_a_dialog_the_phone_does_not_have_gets_481()
    {
        var h = Subscribed(out var s);
        h.Deliver(Notify(s, 1, "active", Summary, fromTag: "someone-else"), new Endpoint("127.0.0.1", 5090));
        Assert.Single(h.Responses(481, "NOTIFY"));
        Assert.DoesNotContain(h.MwiEvents, e => e.StartsWith("summary"));
    }

    [Fact]
    public void An_unsolicited_NOTIFY_from_the_registrar_is_taken_even_without_a_subscription()
    {
        var h = new AgentHarness();
        h.Deliver(Unsolicited(Summary), new Endpoint("127.0.0.1", 5071));
        var ok = h.Responses(200, "NOTIFY").Single();
        Assert.True(ok.Parse().HasToTag);
        Assert.Equal(new[] { "summary yes 2/1 (1/0) unsolicited" }, h.MwiEvents);
    }

    [Fact]
    public void An_unsolicited_NOTIFY_from_a_stranger_is_refused_403_and_changes_nothing()
    {
        var h = new AgentHarness();
        h.Deliver(Unsolicited(Summary), new Endpoint("192.0.2.66", 5060));
        Assert.True(h.Responses(403, "NOTIFY").Count == 1, string.Join("\n", h.Out.Select(o => o.Text)));
        Assert.Empty(h.MwiEvents);
        h.Deliver(Unsolicited(Summary, evt: "check-sync"));
        Assert.Single(h.Responses(489, "NOTIFY"));
    }

    [Fact]
    public void A_NOTIFY_with_a_body_the_phone_cannot_read_gets_415_with_Accept()
    {
        var h = new AgentHarness();
        h.Deliver(Unsolicited(Summary).Replace("application/simple-message-summary", "text/plain"));
        var r = h.Responses(415).Single();
        // RFC 3261 §21.4.13: Accept lists what a NOTIFY may carry here: a REFER's progress (RFC 3515) or a summary.
        Assert.Contains("Accept: message/sipfrag, application/simple-message-summary\r\n", r.Text);
    }

    [Fact]
    public void Stop_removes_the_subscription_with_Expires_0_in_its_dialog()
    {
        var h = Subscribed(out var s);
        h.Agent.Mwi.Stop();
        var bye = h.Last("SUBSCRIBE");
        var m = bye.Parse();
        Assert.Equal(0, m.Expires);
        Assert.True(m.HasToTag);
        Assert.Equal(MwiState.Unsubscribing, h.Agent.Mwi.State);
        h.Deliver(Reply(bye, 200, "OK", "Expires: 0"));
        Assert.Equal(MwiState.Off, h.Agent.Mwi.State);
        h.Run(7_200_000);
        Assert.Equal(2, h.Requests("SUBSCRIBE").Count);
    }
}
