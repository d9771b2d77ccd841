using System;
using System.Linq;
using System.Threading;
using NanoPhone.Interop.Tests.Phone;
using NanoPhone.Interop.Tests.Support;
using NanoPhone.Sip.Call;
using NanoPhone.Sip.Registration;
using NanoPhone.Tests.Peers;
using Xunit;
using Xunit.Abstractions;

namespace NanoPhone.Interop.Tests.Calls.Incoming;

/// <summary>
/// Incoming calls against real peers, all on loopback, every wait bounded, the phone on its real
/// clock and RFC 3261 timers (T1 500 ms). Kamailio (tests/peers/kamailio/registrar.cfg) is the
/// registrar and forking proxy for linda; baresip is linda's second device; SIPp is the caller
/// and the voicemail.
///  1. Parallel fork, baresip answers: the phone gets CANCEL with
///     Reason: SIP;cause=200;text="Call completed elsewhere" (Kamailio's tm adds it by default,
///     local_cancel_reason=1), answers 200 + 487 and logs "answered elsewhere".
///  2. Parallel fork, nobody answers: the phone's no-answer timer (3 s) sends 302 to
///     sip:voicemail@nanophone.test with Diversion; once baresip's branch times out, Kamailio
///     follows the 302 to the voicemail UAS (SIPp), Diversion copied (REDIRECT_VOICEMAIL,
///     REDIRECT_DIVERSION).
///  3. Serial fork by q: the phone (q=1.0) rings alone; Kamailio's branch timer CANCELs it (the
///     call is "missed" on the phone), then baresip (q=0.5) rings and answers.
///  4. SIPp straight at the phone (127.0.0.1 is the registrar's address, so the ghost filter lets
///     it through): retransmitted INVITE (180 resent, one ring), merged INVITE (482), CANCEL (487),
///     CANCEL for nothing (481); answered call: 2xx resent until ACK, hold by re-INVITE
///     (a=sendonly answered a=recvonly), BYE.
///  5. Every test captures the phone's port with tshark: nothing the phone sent is flagged.
///  6. RFC 3581: the phone's responses fill in rport and received in the top Via
///     (ResponseBuilder.Begin adds them from the request's source).
/// Prints NUMBER lines: no-answer timer due → 302 on the wire; CANCEL received → the event that
/// turns the ringer off ("answered elsewhere" / "missed"); 2xx retransmission interval.
/// Whole class: about 55 s with the machine at load average 10 (2 cores).
/// </summary>
[Collection("SipPeers")]
public sealed class IncomingCallInteropTests : PeerTest
{
    private const string Voicemail = "sip:voicemail@nanophone.test";

    /// <summary>
    /// For things that take milliseconds on loopback (an event, a reply, a registration). Generous:
    /// the machine has 2 cores shared with builds, fuzzers and other interop runs.
    /// </summary>
    private static readonly TimeSpan Short = TimeSpan.FromSeconds(10);

    /// <summary>Hard limit of every SIPp run (it also gets -timeout one second below it).</summary>
    private static readonly TimeSpan SippLimit = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A CANCEL is handled and the event raised in the same loop turn as its receipt (0–1 ms); 250 ms
    /// only catches a phone that waits for something (a timer, the next poll) on a loaded machine.
    /// </summary>
    private const long CancelToEventBoundMs = 250;

    /// <summary>
    /// The no-answer timer fires in the loop turn it is due (the poll never sleeps past the next
    /// timer, at most PhoneLoop.MaxWaitMs = 20 ms); 300 ms allows for a descheduled loop thread.
    /// </summary>
    private const long TimerTo302BoundMs = 300;

    public IncomingCallInteropTests(ITestOutputHelper output) : base(output)
    {
    }

    // ---- 1 -------------------------------------------------------------------------------------

    [Fact]
    public void Parallel_fork_baresip_answers_and_the_phone_gets_CANCEL_with_Reason_and_logs_answered_elsewhere()
    {
        var kamailio = StartKamailio("parallel");
        var phone = StartRegisteredPhone(kamailio);
        var baresip = StartBaresip(kamailio);
        kamailio.WaitForContacts(TestUsers.Linda, 2, Short);
        int callerPort = PeerPorts.GetFree();
        var capture = Own(PhoneCapture.Start(Out, phone, kamailio.SipPort, baresip.SipPort, callerPort));
        var caller = StartCaller(kamailio, callerPort);

        // Both of linda's devices ring; then the other one answers.
        var ringing = phone.WaitForCall(CallEventKind.Ringing, Short);
        Assert.Contains("sipp@127.0.0.1", ringing.Peer);
        baresip.WaitForEvent("CALL_INCOMING", Short);
        baresip.Accept();
        baresip.WaitForEvent("CALL_ESTABLISHED", Short);

        var elsewhere = phone.WaitForCall(CallEventKind.AnsweredElsewhere, Short, ringing.Number);
        var cancel = phone.Network.ReceivedRequests("CANCEL").First();
        Out.WriteLine($"CANCEL from Kamailio: Reason: {cancel.Header("Reason")}");
        Assert.Equal("SIP;cause=200;text=\"Call completed elsewhere\"", cancel.Header("Reason"));
        long delay = elsewhere.AtMs - cancel.AtMs;
        Out.WriteLine($"NUMBER CANCEL received -> 'answered elsewhere' event (ringer off): {delay} ms");
        Assert.InRange(delay, 0, CancelToEventBoundMs);

        // 200 for the CANCEL, 487 for the INVITE with the 180's tag, and Kamailio ACKs the 487.
        var ringback = phone.Network.SentResponses(180, "INVITE").First();
        var cancelled = phone.WaitForDatagram(d => d.Outgoing && d.StatusCode == 200 && d.CSeqMethod() == "CANCEL", Short, "200 for the CANCEL");
        var terminated = phone.WaitForDatagram(d => d.Outgoing && d.StatusCode == 487, Short, "487");
        Assert.Equal("INVITE", terminated.CSeqMethod());
        Assert.Equal(ringback.ToTag(), terminated.ToTag());
        Assert.Equal(cancel.Branch(), cancelled.Branch());
        var ack = phone.WaitForDatagram(d => !d.Outgoing && d.IsRequest("ACK"), Short, "ACK for the 487");
        Assert.Equal(terminated.ToTag(), ack.ToTag());
        Assert.Empty(phone.Network.SentResponses(200, "INVITE"));
        Assert.Equal(new[] { "incoming", "ringing", "answered elsewhere (call completed elsewhere)" }, phone.Events.History(ringing.Number));
        Assert.Null(phone.OnLoop(() => phone.Agent.Calls.Current));

        // The caller talks to baresip and hangs up.
        var result = caller.Wait();
        Out.WriteLine("== caller\n" + result.Describe());
        Assert.True(result.Succeeded, result.Describe());
        baresip.WaitForEvent("CALL_CLOSED", Short);

        capture.AssertPhoneClean(phone);
    }

    // ---- 2 -------------------------------------------------------------------------------------

    [Fact]
    public void Parallel_fork_nobody_answers_the_phones_no_answer_302_takes_the_call_to_voicemail()
    {
        int voicemailPort = PeerPorts.GetFree();
        // baresip's branch rings for 6 s: Kamailio follows the phone's 302 only when every branch
        // has finished (RFC 3261 §16.7). 3 s after the phone's 3 s timer: room for a loaded machine.
        var options = new KamailioOptions { FrInvTimerMs = 6000, VoicemailDestination = $"sip:127.0.0.1:{voicemailPort}" };
        options.ExtraDefines.Add("REDIRECT_VOICEMAIL");
        options.ExtraDefines.Add("REDIRECT_DIVERSION");
        var kamailio = StartKamailio("parallel", options);
        var phone = StartRegisteredPhone(kamailio);
        const int noAnswerSeconds = 3;
        phone.OnLoop(() =>
        {
            phone.Agent.CallSettings.ForwardNoAnswerTarget = Voicemail;
            phone.Agent.CallSettings.NoAnswerSeconds = noAnswerSeconds;
        });
        var baresip = StartBaresip(kamailio);
        kamailio.WaitForContacts(TestUsers.Linda, 2, Short);
        var voicemail = Own(Sipp.Start(new SippOptions
        {
            Scenario = "uas_answer.xml",
            LocalPort = voicemailPort,
            Service = "voicemail",
            Timeout = SippLimit,
        }));
        int callerPort = PeerPorts.GetFree();
        var capture = Own(PhoneCapture.Start(Out, phone, kamailio.SipPort, baresip.SipPort, callerPort, voicemailPort));
        var caller = StartCaller(kamailio, callerPort);

        var ringing = phone.WaitForCall(CallEventKind.Ringing, Short);
        baresip.WaitForEvent("CALL_INCOMING", Short);
        var forwarded = phone.WaitForCall(CallEventKind.Forwarded, TimeSpan.FromSeconds(noAnswerSeconds) + Short, ringing.Number);

        // The timer was scheduled between sending the 180 and reporting "ringing" (same loop turn).
        var ringback = phone.Network.SentResponses(180, "INVITE").First();
        var redirect = phone.Network.SentResponses(302, "INVITE").Single();
        long dueEarliest = ringback.AtMs + noAnswerSeconds * 1000L;
        long dueLatest = ringing.AtMs + noAnswerSeconds * 1000L;
        Out.WriteLine($"NUMBER no-answer timer due -> 302 on the wire: {redirect.AtMs - dueLatest} ms " +
                       $"(timer due at {dueLatest} ms, known to within {dueLatest - dueEarliest} ms; 302 sent at {redirect.AtMs} ms)");
        Assert.True(redirect.AtMs >= dueEarliest, $"302 {dueEarliest - redirect.AtMs} ms early");
        Assert.InRange(redirect.AtMs - dueEarliest, 0, TimerTo302BoundMs);
        Assert.Equal($"<{Voicemail}>", redirect.Header("Contact"));
        Assert.Equal("<sip:linda@nanophone.test>;reason=no-answer", redirect.Header("Diversion"));
        Assert.Equal(ringback.ToTag(), redirect.ToTag());
        var ack = phone.WaitForDatagram(d => !d.Outgoing && d.IsRequest("ACK"), Short, "ACK for the 302");
        Assert.Equal(redirect.ToTag(), ack.ToTag());
        Assert.Equal(new[] { "incoming", "ringing", $"forwarded ({Voicemail})" }, phone.Events.History(ringing.Number));

        // baresip's branch times out (Kamailio CANCELs it); then the 302 is followed to voicemail.
        baresip.WaitForEvent("CALL_CLOSED", Short);
        var result = caller.Wait();
        Out.WriteLine("== caller\n" + result.Describe());
        Assert.True(result.Succeeded, result.Describe());
        var vm = voicemail.Wait(Short);
        Out.WriteLine("== voicemail\n" + vm.Describe());
        Assert.True(vm.Succeeded, vm.Describe());
        var vmInvite = vm.Messages().First(m => !m.Sent && m.FirstLine.StartsWith("INVITE ", StringComparison.Ordinal));
        Assert.Equal("INVITE sip:voicemail@nanophone.test SIP/2.0", vmInvite.FirstLine);
        Assert.Contains("\nDiversion: <sip:linda@nanophone.test>;reason=no-answer\n", vmInvite.Text);
        Assert.DoesNotContain(baresip.Events, e => e.Type == "CALL_ESTABLISHED");
        Assert.Single(phone.Network.ReceivedRequests("INVITE").Select(d => d.Branch()).Distinct());

        capture.AssertPhoneClean(phone);
    }

    // ---- 3 -------------------------------------------------------------------------------------

    [Fact]
    public void Serial_fork_the_phone_rings_first_its_branch_times_out_as_missed_and_baresip_answers()
    {
        // The phone's q group may ring 3 s (FR_INV_TIMER), then Kamailio tries the next q group.
        const int branchMs = 3000;
        var kamailio = StartKamailio("serial", new KamailioOptions { FrInvTimerMs = branchMs });
        var phone = StartRegisteredPhone(kamailio);     // q=1.0
        var baresip = StartBaresip(kamailio, q: 0.5);
        kamailio.WaitForContacts(TestUsers.Linda, 2, Short);
        Out.WriteLine(kamailio.Dump());
        int callerPort = PeerPorts.GetFree();
        var capture = Own(PhoneCapture.Start(Out, phone, kamailio.SipPort, baresip.SipPort, callerPort));
        var caller = StartCaller(kamailio, callerPort);

        var ringing = phone.WaitForCall(CallEventKind.Ringing, Short);
        var missed = phone.WaitForCall(CallEventKind.Missed, TimeSpan.FromMilliseconds(branchMs) + Short, ringing.Number);
        var cancel = phone.Network.ReceivedRequests("CANCEL").First();
        string? reason = cancel.Header("Reason");
        Out.WriteLine($"CANCEL from Kamailio on the branch timeout: Reason: {reason ?? "(none)"}");
        Assert.DoesNotContain("cause=200", reason ?? "");
        long delay = missed.AtMs - cancel.AtMs;
        Out.WriteLine($"NUMBER CANCEL received -> 'missed' event (ringer off): {delay} ms");
        Assert.InRange(delay, 0, CancelToEventBoundMs);
        Assert.Equal(new[] { "incoming", "ringing", "missed (caller hung up)" }, phone.Events.History(ringing.Number));

        var incoming = baresip.WaitForEvent("CALL_INCOMING", Short);
        // baresip's event, mapped onto the phone's clock (both read now). It can only have come after
        // Kamailio's branch timer (tm ticks are 1/16 s: 200 ms slack) and after the phone's CANCEL
        // was sent (100 ms slack: the phone's loop may have logged it a little late).
        long phoneNow = phone.Clock.NowMs;
        double baresipRangAt = phoneNow - (DateTime.UtcNow - incoming.ReceivedUtc).TotalMilliseconds;
        var ringback = phone.Network.SentResponses(180, "INVITE").First();
        Out.WriteLine($"baresip rang {baresipRangAt - ringback.AtMs:0} ms after the phone's 180, {baresipRangAt - cancel.AtMs:0} ms after its CANCEL");
        Assert.True(baresipRangAt >= ringback.AtMs + branchMs - 200, "baresip rang while the phone's q group still had time");
        Assert.True(baresipRangAt >= cancel.AtMs - 100, "baresip rang before the phone was cancelled");
        baresip.Accept();
        baresip.WaitForEvent("CALL_ESTABLISHED", Short);

        var terminated = phone.WaitForDatagram(d => d.Outgoing && d.StatusCode == 487, Short, "487");
        Assert.Equal(ringback.ToTag(), terminated.ToTag());
        phone.WaitForDatagram(d => !d.Outgoing && d.IsRequest("ACK"), Short, "ACK for the 487");
        var result = caller.Wait();
        Out.WriteLine("== caller\n" + result.Describe());
        Assert.True(result.Succeeded, result.Describe());
        baresip.WaitForEvent("CALL_CLOSED", Short);
        Assert.Single(phone.Network.ReceivedRequests("INVITE").Select(d => d.Branch()).Distinct());
        Assert.Empty(phone.Network.SentResponses(200, "INVITE"));

        capture.AssertPhoneClean(phone);
    }

    // ---- 4 -------------------------------------------------------------------------------------

    [Fact]
    public void Straight_at_the_phone_retransmitted_INVITE_rings_once_merged_gets_482_CANCEL_487_and_stray_CANCEL_481()
    {
        var phone = StartLonePhone();
        int sippPort = PeerPorts.GetFree();
        var capture = Own(PhoneCapture.Start(Out, phone, sippPort));

        var result = RunAtPhone(phone, "incoming_retransmit_merge_cancel.xml", sippPort);
        Assert.True(result.Succeeded, result.Describe());

        // Three INVITEs: the first, its retransmission (same branch), the merged copy (new branch).
        var invites = phone.Network.ReceivedRequests("INVITE");
        Assert.Equal(3, invites.Count);
        string? branch = invites[0].Branch();
        Assert.Equal(branch, invites[1].Branch());
        Assert.NotEqual(branch, invites[2].Branch());
        Assert.Equal(new[] { invites[0].Header("Call-ID") }, invites.Select(i => i.Header("Call-ID")).Distinct());

        // The retransmission got the same 180 again; the phone rang once.
        var rings = phone.Network.SentResponses(180, "INVITE");
        Assert.Equal(2, rings.Count);
        Assert.Equal(rings[0].Text, rings[1].Text);
        Assert.True(rings[1].AtMs >= invites[1].AtMs);
        Assert.Single(phone.Events.Calls, e => e.Kind == CallEventKind.Ringing);

        // The merged copy: 482 on its own branch, and no second call.
        var loop = phone.Network.SentResponses(482).Single();
        Assert.Equal(invites[2].Branch(), loop.Branch());
        Assert.Single(phone.Events.Calls, e => e.Kind == CallEventKind.Incoming);

        // CANCEL: 200 for it, 487 for the INVITE (with the 180's tag), call missed.
        var cancels = phone.Network.ReceivedRequests("CANCEL");
        Assert.Equal(2, cancels.Count);
        Assert.Equal(branch, cancels[0].Branch());
        Assert.Single(phone.Network.SentResponses(200, "CANCEL"), d => d.Branch() == branch);
        var terminated = phone.Network.SentResponses(487, "INVITE").Single();
        Assert.Equal(rings[0].ToTag(), terminated.ToTag());
        var missed = phone.WaitForCall(CallEventKind.Missed, Short);
        Out.WriteLine($"NUMBER CANCEL received -> 'missed' event (ringer off), SIPp straight at the phone: {missed.AtMs - cancels[0].AtMs} ms");
        Assert.InRange(missed.AtMs - cancels[0].AtMs, 0, CancelToEventBoundMs);
        Assert.Equal(new[] { "incoming", "ringing", "missed (caller hung up)" }, phone.Events.History(missed.Number));

        // The CANCEL that matches no INVITE transaction: 481.
        var stray = phone.Network.SentResponses(481).Single();
        Assert.Equal("CANCEL", stray.CSeqMethod());
        Assert.Equal(cancels[1].Branch(), stray.Branch());
        Assert.Single(phone.Network.SentResponses(200, "CANCEL"));

        capture.AssertPhoneClean(phone);
    }

    [Fact]
    public void Straight_at_the_phone_answered_2xx_is_resent_until_ACK_hold_is_answered_recvonly_and_BYE_ends_it()
    {
        var phone = StartLonePhone();
        int sippPort = PeerPorts.GetFree();
        var capture = Own(PhoneCapture.Start(Out, phone, sippPort));

        var run = StartAtPhone(phone, "incoming_answer_hold_bye.xml", sippPort);
        var ringing = WaitForRinging(phone, run);
        Assert.True(phone.OnLoop(() => phone.Agent.Calls.Answer(ringing.Number)), "Answer refused");
        var result = run.Wait();
        Out.WriteLine("== sipp\n" + result.Describe());
        Assert.True(result.Succeeded, result.Describe());
        var ended = phone.WaitForCall(CallEventKind.Ended, Short, ringing.Number);
        Assert.Equal(new[] { "incoming", "ringing", "answered", "held", "ended (remote hung up)" },
            phone.Events.History(ringing.Number));

        // The 200 went out again T1 (500 ms) after the first, before SIPp's ACK came; none after it.
        var log = phone.Network.Log.ToList();
        int ackAt = log.FindIndex(d => !d.Outgoing && d.IsRequest("ACK") && d.CSeqNumber() == 1);
        Assert.True(ackAt >= 0, "no ACK for the 200");
        var oks = log.Select((d, i) => (d, i)).Where(x => x.d.Outgoing && x.d.StatusCode == 200
            && x.d.CSeqMethod() == "INVITE" && x.d.CSeqNumber() == 1).ToList();
        var beforeAck = oks.Where(x => x.i < ackAt).Select(x => x.d).ToList();
        Assert.True(beforeAck.Count >= 2, $"{beforeAck.Count} 200s before the ACK");
        Assert.Single(beforeAck.Select(d => d.Text).Distinct());
        long resent = beforeAck[1].AtMs - beforeAck[0].AtMs;
        Out.WriteLine($"NUMBER 200 OK resent {resent} ms after the first (T1 500 ms); {beforeAck.Count} sent before the ACK, " +
                       $"ACK {log[ackAt].AtMs - beforeAck[0].AtMs} ms after the first");
        // Never early; late by a loop turn in theory, 400 ms for a loaded machine.
        Assert.InRange(resent, 500, 900);
        // Had the phone not stopped at the ACK, it would resend at +1.5 s and +3.5 s: watch until +4 s.
        SleepUntil(phone, beforeAck[0].AtMs + 4000);
        Assert.DoesNotContain(phone.Network.Log.Skip(ackAt + 1), d => d.Outgoing
            && d.StatusCode == 200 && d.CSeqMethod() == "INVITE" && d.CSeqNumber() == 1);

        // SIPp's own trace agrees: two (or more) 200s for the INVITE reached it before it sent its ACK.
        var sipp = result.Messages();
        int sippAck = sipp.ToList().FindIndex(m => m.Sent && m.FirstLine.StartsWith("ACK ", StringComparison.Ordinal));
        int okSeen = sipp.Take(sippAck).Count(m => !m.Sent && m.FirstLine == "SIP/2.0 200 OK" && m.Text.Contains("\nCSeq: 1 INVITE"));
        Out.WriteLine($"SIPp received {okSeen} 200 OK before its ACK");
        Assert.True(okSeen >= 2, $"SIPp saw {okSeen} 200s before its ACK");

        // The answer: our SDP for the offer. The hold: a=sendonly offered, a=recvonly answered.
        var answer = beforeAck[0];
        Assert.Equal("application/sdp", answer.Header("Content-Type"));
        Assert.Contains("m=audio ", answer.Body());
        var held = phone.Network.SentResponses(200, "INVITE").Single(d => d.CSeqNumber() == 2);
        Assert.Contains("a=recvonly\r\n", held.Body());
        Assert.DoesNotContain("a=sendrecv", held.Body());
        Assert.Equal(answer.ToTag(), held.ToTag());
        // RFC 3264 §8: a changed SDP in the same session carries the o= version plus one.
        Out.WriteLine($"answer SDP:\n{answer.Body()}hold answer SDP:\n{held.Body()}");
        Assert.Equal(answer.SdpVersion() + 1, held.SdpVersion());
        var bye = phone.Network.ReceivedRequests("BYE").Single();
        Assert.Single(phone.Network.SentResponses(200, "BYE"), d => d.Branch() == bye.Branch());
        Assert.True(ended.AtMs >= bye.AtMs);
        Assert.Null(phone.OnLoop(() => phone.Agent.Calls.Current));

        capture.AssertPhoneClean(phone);
    }

    /// <summary>
    /// RFC 3581 §4 (and RFC 3261 §18.2.1): a UAS that gets a request whose top Via has an empty
    /// rport MUST fill in the source port (rport=PORT) and add received=SOURCE-IP, even when they
    /// equal the sent-by. A caller behind NAT learns its public address from them. Here the
    /// caller's sent-by names a private address it cannot be reached at (as behind a NAT), so
    /// received is also required by §18.2.1 itself. Raw UDP from the test: the check is about the
    /// bytes of the phone's responses, nothing a peer could add.
    /// </summary>
    [Fact]
    public void Straight_at_the_phone_responses_fill_in_rport_and_received_in_the_top_Via_RFC_3581()
    {
        var phone = StartLonePhone();
        using var caller = new System.Net.Sockets.UdpClient(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        int port = ((System.Net.IPEndPoint)caller.Client.LocalEndPoint!).Port;
        string invite =
            $"INVITE sip:linda@{phone.LocalEndpoint} SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP 192.168.1.20:5060;branch=z9hG4bK-np-rport1;rport\r\n" +
            "Max-Forwards: 70\r\n" +
            "From: <sip:nat@192.168.1.20>;tag=np-rport\r\n" +
            $"To: <sip:linda@{phone.LocalEndpoint}>\r\n" +
            "Call-ID: rport-check@192.168.1.20\r\n" +
            "CSeq: 1 INVITE\r\n" +
            "Contact: <sip:nat@192.168.1.20:5060>\r\n" +
            "Content-Length: 0\r\n\r\n";
        byte[] bytes = System.Text.Encoding.ASCII.GetBytes(invite);
        caller.Send(bytes, bytes.Length, new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, phone.LocalPort));

        // The responses reach us at the source port (the phone honours rport when sending).
        var ringing = phone.WaitForDatagram(d => d.Outgoing && d.StatusCode == 180, Short, "180 Ringing");
        var trying = phone.Network.SentResponses(100).Single();
        Out.WriteLine($"100 Via: {trying.Header("Via")}\n180 Via: {ringing.Header("Via")}");
        Assert.Equal($"127.0.0.1:{port}", ringing.Remote);
        foreach (var response in new[] { trying, ringing })
        {
            Assert.Equal(port.ToString(System.Globalization.CultureInfo.InvariantCulture), response.HeaderParam("Via", "rport"));
            Assert.Equal("127.0.0.1", response.HeaderParam("Via", "received"));
        }
    }

    // ---- helpers -------------------------------------------------------------------------------

    private Kamailio StartKamailio(string mode, KamailioOptions? options = null)
    {
        var k = Own(Kamailio.Start(PeerPorts.GetFree(), mode, options));
        Out.WriteLine($"kamailio pid {k.Pid} on {k.HostPort} ({mode}), log {k.LogPath}");
        return k;
    }

    /// <summary>The phone registered with Kamailio as linda, Contact q=1.0 (first in serial forking).</summary>
    private PhoneUnderTest StartRegisteredPhone(Kamailio registrar)
    {
        var phone = OwnPhone(new PhoneUnderTest(registrar.SipPort, s => s.Q = 1000));
        Out.WriteLine($"phone on {phone.LocalEndpoint}");
        phone.StartRegistration();
        phone.WaitFor(RegistrationState.Registered, Short);
        return phone;
    }

    /// <summary>
    /// A phone with no registrar running: its registrar address is 127.0.0.1 (a free port nobody
    /// listens on, and it never registers), so requests from SIPp on 127.0.0.1 pass the ghost-call
    /// filter as if they came through the registrar — which is what the filter is meant to allow.
    /// </summary>
    private PhoneUnderTest StartLonePhone()
    {
        var phone = OwnPhone(new PhoneUnderTest(PeerPorts.GetFree()));
        Out.WriteLine($"phone on {phone.LocalEndpoint} (not registered)");
        return phone;
    }

    private Baresip StartBaresip(Kamailio k, double? q = null)
    {
        var b = Own(Baresip.Start(new BaresipOptions
        {
            User = TestUsers.Linda,
            SipPort = PeerPorts.GetFree(2), // SIP (UDP+TCP) and SIP+1 (TLS)
            CtrlPort = PeerPorts.GetFree(),
            ProxyPort = k.SipPort,
            RegisterQ = q,
        }));
        Out.WriteLine($"baresip pid {b.Pid} sip {b.SipPort} ctrl {b.CtrlPort}, config {b.ConfigDir}");
        return b;
    }

    /// <summary>An outside caller (never challenged) calling linda through Kamailio; BYE 500 ms after the answer.</summary>
    private SippRun StartCaller(Kamailio k, int port)
    {
        var o = new SippOptions
        {
            Scenario = "uac_invite.xml",
            LocalPort = port,
            Remote = k.HostPort,
            Service = TestUsers.Linda,
            PauseMs = 500,
            Timeout = SippLimit,
        };
        o.Keys["domain"] = TestUsers.Domain;
        return Own(Sipp.Start(o));
    }

    /// <summary>A SIPp UAC scenario sent straight to the phone's port; -nr (see the scenarios).</summary>
    private SippRun StartAtPhone(PhoneUnderTest phone, string scenario, int port)
    {
        var o = new SippOptions
        {
            Scenario = scenario,
            LocalPort = port,
            Remote = $"127.0.0.1:{phone.LocalPort}",
            Service = TestUsers.Linda,
            Timeout = SippLimit,
        };
        o.ExtraArgs.Add("-nr");
        return Own(Sipp.Start(o));
    }

    /// <summary>Waits (bounded) for the phone to ring; fails at once with SIPp's story if SIPp gave up.</summary>
    private PhoneCallEvent WaitForRinging(PhoneUnderTest phone, SippRun caller)
    {
        var deadline = DateTime.UtcNow + Short;
        while (true)
        {
            var hit = phone.Events.Calls.FirstOrDefault(e => e.Kind == CallEventKind.Ringing);
            if (hit != null) return hit;
            if (caller.HasExited || DateTime.UtcNow > deadline)
            {
                var r = caller.Stop();
                throw new TimeoutException($"the phone did not ring (SIPp {(r.TimedOut ? "still running" : "exited")}):\n{r.Describe()}\n{phone.Describe()}");
            }
            Thread.Sleep(10);
        }
    }

    private SippResult RunAtPhone(PhoneUnderTest phone, string scenario, int port)
    {
        var result = StartAtPhone(phone, scenario, port).Wait();
        Out.WriteLine("== sipp\n" + result.Describe());
        return result;
    }

}
