using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using NanoPhone.Interop.Tests.Phone;
using NanoPhone.Interop.Tests.Support;
using NanoPhone.Sip.Call;
using NanoPhone.Sip.Registration;
using NanoPhone.Tests.Peers;
using Xunit;
using Xunit.Abstractions;

namespace NanoPhone.Interop.Tests.Calls.Transfer;

/// <summary>
/// Call waiting and transfer against real peers, on loopback, every wait bounded; Kamailio
/// (registrar.cfg) is the registrar and record-routing proxy; a Request-URI naming 127.0.0.1:port
/// is relayed as it is, so a SIPp UAS there is a transfer target without registering.
///  1. The phone as transferee (RFC 3515): a SIPp caller (transferor_refer.xml) is answered, then
///     REFERs the phone to a SIPp UAS: 202, NOTIFY sipfrag 100 then 200 (SIPp checks both bodies),
///     and the UAS's INVITE carries Referred-By.
///  2. Blind transfer by the phone: it calls baresip (graham), then REFERs it to a SIPp UAS; baresip
///     calls the UAS, the phone sees NOTIFY sipfrag 200 and hangs up (BYE).
///  3. Attended transfer: baresip held, a consultation call to a SIPp UAS, then REFER to baresip
///     with Refer-To naming the consultation dialog in ?Replaces= (checked on the wire, decoded
///     against the dialog); baresip's answer to it is printed.
///  4. Call waiting: baresip calls, the phone answers; SIPp (caller_waiting_held.xml) calls, waits,
///     is answered (baresip held, a=sendonly); the phone swaps (SIPp held by a=sendonly, baresip
///     resumed by a=sendrecv); SIPp hangs up, then the phone hangs up baresip.
/// Every test captures with tshark: nothing the phone sent is flagged.
/// </summary>
[Collection("SipPeers")]
public sealed class TransferInteropTests : CallPeerTest
{
    private static readonly TimeSpan SippLimit = TimeSpan.FromSeconds(30);

    public TransferInteropTests(ITestOutputHelper output) : base(output)
    {
    }

    // ---- 1 -------------------------------------------------------------------------------------

    [Fact]
    public void As_transferee_of_a_SIPp_REFER_the_phone_answers_202_NOTIFYs_100_and_200_and_calls_with_Referred_By()
    {
        var kamailio = StartKamailio();
        // Two live calls (the device's): the transferor's and the one its REFER asks for.
        var phone = StartRegisteredPhone(kamailio, calls: 3);
        int targetPort = PeerPorts.GetFree();
        var target = StartUas("uas_answer.xml", targetPort, "carol");
        int transferorPort = PeerPorts.GetFree();
        var capture = Own(PhoneCapture.Start(Out, phone, kamailio.SipPort, targetPort, transferorPort));
        var o = new SippOptions { Scenario = "transferor_refer.xml", LocalPort = transferorPort, Remote = kamailio.HostPort, Service = TestUsers.Linda, Timeout = SippLimit };
        o.Keys["domain"] = TestUsers.Domain;
        o.Keys["target"] = $"sip:carol@127.0.0.1:{targetPort}";
        var transferor = Own(Sipp.Start(o));

        var ringing = phone.WaitForCall(CallEventKind.Ringing, Short);
        Assert.True(phone.OnLoop(() => phone.Agent.Calls.Answer(ringing.Number)));
        var referred = phone.WaitForCall(CallEventKind.Referred, Short, ringing.Number);
        Assert.Equal($"sip:carol@127.0.0.1:{targetPort}", referred.Detail);
        var placed = phone.WaitForCall(CallEventKind.Answered, Short, ringing.Number + 1);
        Assert.Equal(CallCause.None, placed.Cause);

        var result = transferor.Wait();
        Out.WriteLine("== transferor (SIPp)\n" + result.Describe());
        Assert.True(result.Succeeded, result.Describe());
        phone.WaitForCall(CallEventKind.Ended, Short, ringing.Number);

        var accepted = phone.Network.SentResponses(202, "REFER").Single();
        var notifies = phone.Network.NewRequests("NOTIFY");
        Assert.Equal(2, notifies.Count);
        Assert.Equal("SIP/2.0 100 Trying\r\n", notifies[0].Body());
        Assert.Equal("SIP/2.0 200 OK\r\n", notifies[1].Body());
        Assert.StartsWith("active", notifies[0].Header("Subscription-State"));
        Assert.StartsWith("terminated", notifies[1].Header("Subscription-State"));
        Assert.True(accepted.AtMs <= notifies[0].AtMs);

        // The INVITE as it finally went (Kamailio challenges it once: 407, then with credentials).
        var invite = phone.Network.SentRequests("INVITE").Last();
        Assert.Equal($"INVITE sip:carol@127.0.0.1:{targetPort} SIP/2.0", invite.FirstLine);
        Out.WriteLine("Referred-By in the phone's INVITE: " + invite.Header("Referred-By"));
        Assert.Equal($"<sip:sipp@127.0.0.1:{transferorPort}>", invite.Header("Referred-By"));

        // The target saw it too, then the phone hangs up the transferred call.
        Assert.True(phone.OnLoop(() => phone.Agent.Calls.HangUp(ringing.Number + 1)));
        var uas = target.Wait(Short);
        Out.WriteLine("== target (SIPp)\n" + uas.Describe());
        Assert.True(uas.Succeeded, uas.Describe());
        var atTarget = uas.Messages().First(m => !m.Sent && m.FirstLine.StartsWith("INVITE ", StringComparison.Ordinal));
        Assert.Contains($"\nReferred-By: <sip:sipp@127.0.0.1:{transferorPort}>\n", atTarget.Text);

        capture.AssertPhoneClean(phone);
    }

    // ---- 2 -------------------------------------------------------------------------------------

    [Fact]
    public void Blind_transfer_of_a_call_with_baresip_to_a_SIPp_UAS_ends_on_NOTIFY_200_with_BYE()
    {
        var kamailio = StartKamailio();
        var graham = StartBaresip(kamailio, TestUsers.Graham);
        var phone = StartRegisteredPhone(kamailio);
        int targetPort = PeerPorts.GetFree();
        var target = StartUas("uas_answer.xml", targetPort, "carol");
        var capture = Own(PhoneCapture.Start(Out, phone, kamailio.SipPort, graham.SipPort, targetPort));

        int call = Dial(phone, $"sip:graham@{TestUsers.Domain}");
        graham.WaitForEvent("CALL_INCOMING", Short);
        graham.Accept();
        phone.WaitForCall(CallEventKind.Answered, Short, call);
        Thread.Sleep(300);

        string to = $"sip:carol@127.0.0.1:{targetPort}";
        Assert.Null(phone.OnLoop(() => phone.Agent.Calls.Transfer(call, to)));
        var ended = phone.WaitForCall(CallEventKind.Ended, Short + Short, call);
        Assert.Equal(CallCause.Transferred, ended.Cause);

        var refer = phone.Network.NewRequests("REFER").Single();
        Assert.Equal($"<{to}>", refer.Header("Refer-To"));
        Assert.Equal("<sip:linda@nanophone.test>", refer.Header("Referred-By"));
        var final = phone.Network.ReceivedRequests("NOTIFY").Last();
        Out.WriteLine("baresip's last NOTIFY body: " + final.Body().Trim());
        Assert.StartsWith("SIP/2.0 200", final.Body());
        var bye = phone.Network.NewRequests("BYE").Single();
        Assert.True(bye.AtMs >= final.AtMs, "BYE before the NOTIFY 200");
        Assert.Contains(phone.Network.SentResponses(200, "NOTIFY"), d => d.AtMs <= bye.AtMs);

        // baresip now talks to the target; it hangs up, the target's scenario ends.
        Thread.Sleep(300);
        graham.Hangup();
        var uas = target.Wait(Short);
        Out.WriteLine("== target (SIPp)\n" + uas.Describe());
        Assert.True(uas.Succeeded, uas.Describe());
        var atTarget = uas.Messages().First(m => !m.Sent && m.FirstLine.StartsWith("INVITE ", StringComparison.Ordinal));
        // baresip 1.0 places the new call without Referred-By (RFC 3892 makes it a SHOULD); printed, not required.
        Out.WriteLine("Referred-By at the target (from baresip): " + (atTarget.Text.Contains("\nReferred-By:") ? "present" : "absent"));

        capture.AssertPhoneClean(phone);
    }

    // ---- 3 -------------------------------------------------------------------------------------

    [Fact]
    public void Attended_transfer_puts_the_consultation_dialog_into_Refer_To_Replaces_on_the_wire()
    {
        var kamailio = StartKamailio();
        var graham = StartBaresip(kamailio, TestUsers.Graham);
        var phone = StartRegisteredPhone(kamailio, calls: 3);
        int targetPort = PeerPorts.GetFree();
        var target = StartUas("uas_answer.xml", targetPort, "carol");
        var capture = Own(PhoneCapture.Start(Out, phone, kamailio.SipPort, graham.SipPort, targetPort));

        int first = Dial(phone, $"sip:graham@{TestUsers.Domain}");
        graham.WaitForEvent("CALL_INCOMING", Short);
        graham.Accept();
        phone.WaitForCall(CallEventKind.Answered, Short, first);
        Thread.Sleep(300);
        // A new call holds the first (a=sendonly), then the consultation with the target.
        int consult = Dial(phone, $"sip:carol@127.0.0.1:{targetPort}");
        phone.WaitForCall(CallEventKind.Hold, Short, first);
        phone.WaitForCall(CallEventKind.Answered, Short, consult);
        Thread.Sleep(300);

        Assert.Null(phone.OnLoop(() => phone.Agent.Calls.TransferTo(first, consult)));
        var refer = phone.WaitForDatagram(d => d.Outgoing && d.IsRequest("REFER"), Short, "REFER");
        var consultInvite = phone.Network.NewRequests("INVITE").Last(d => d.FirstLine.Contains("carol@"));
        var consultOk = phone.Network.Log.Last(d => !d.Outgoing && d.StatusCode == 200 && d.CSeqMethod() == "INVITE" && d.Header("Call-ID") == consultInvite.Header("Call-ID"));
        string referTo = refer.Header("Refer-To")!;
        Out.WriteLine("Refer-To on the wire: " + referTo);
        string expected = Uri.EscapeDataString(consultInvite.Header("Call-ID")!) + "%3Bto-tag%3D" + Uri.EscapeDataString(consultOk.ToTag()!)
            + "%3Bfrom-tag%3D" + Uri.EscapeDataString(consultInvite.FromTag()!);
        Assert.StartsWith($"<sip:carol@127.0.0.1:{targetPort}", referTo);
        Assert.Contains("?Replaces=" + expected + ">", referTo);

        // baresip's answer to the REFER, whatever it makes of Replaces, is printed; then everything ends.
        var answer = phone.WaitForDatagram(d => !d.Outgoing && d.StatusCode >= 200 && d.CSeqMethod() == "REFER", Short, "REFER's answer");
        Out.WriteLine($"baresip answered the REFER {answer.StatusCode}");
        Thread.Sleep(1000);
        phone.OnLoop(() =>
        {
            foreach (int n in new[] { first, consult }) phone.Agent.Calls.HangUp(n);
        });
        target.Wait(Short);
        capture.AssertPhoneClean(phone);
    }

    // ---- 4 -------------------------------------------------------------------------------------

    [Fact]
    public void Call_waiting_baresip_talks_SIPp_waits_is_answered_the_phone_swaps_and_both_end_cleanly()
    {
        var kamailio = StartKamailio();
        var graham = StartBaresip(kamailio, TestUsers.Graham);
        var phone = StartRegisteredPhone(kamailio, calls: 3);
        phone.OnLoop(() => phone.Agent.CallSettings.CallWaiting = true);
        int callerPort = PeerPorts.GetFree();
        var capture = Own(PhoneCapture.Start(Out, phone, kamailio.SipPort, graham.SipPort, callerPort));

        graham.Dial($"sip:linda@{TestUsers.Domain}");
        var first = phone.WaitForCall(CallEventKind.Ringing, Short);
        Assert.True(phone.OnLoop(() => phone.Agent.Calls.Answer(first.Number)));
        graham.WaitForEvent("CALL_ESTABLISHED", Short);
        Thread.Sleep(300);

        var o = new SippOptions { Scenario = "caller_waiting_held.xml", LocalPort = callerPort, Remote = kamailio.HostPort, Service = TestUsers.Linda, PauseMs = 1000, Timeout = SippLimit };
        o.Keys["domain"] = TestUsers.Domain;
        var caller = Own(Sipp.Start(o));
        var waiting = phone.WaitForCall(CallEventKind.Ringing, Short, first.Number + 1);
        Assert.Equal(CallCause.CallWaiting, waiting.Cause);
        Assert.True(phone.OnLoop(() => phone.Agent.Calls.Answer(waiting.Number)));
        phone.WaitForCall(CallEventKind.Hold, Short, first.Number);
        Thread.Sleep(500);
        // The swap: back to baresip, SIPp held.
        Assert.True(phone.OnLoop(() => phone.Agent.Calls.Hold(first.Number, false)), "swap refused");
        phone.WaitForCall(CallEventKind.Resume, Short, first.Number);

        var result = caller.Wait();
        Out.WriteLine("== waiting caller (SIPp)\n" + result.Describe());
        Assert.True(result.Succeeded, result.Describe());
        phone.WaitForCall(CallEventKind.Ended, Short, waiting.Number);
        Assert.True(phone.OnLoop(() => phone.Agent.Calls.HangUp(first.Number)));
        graham.WaitForEvent("CALL_CLOSED", Short);

        var toBaresip = phone.Network.NewRequests("INVITE").Where(d => d.Header("Call-ID") == phone.Network.ReceivedRequests("INVITE").First().Header("Call-ID")).ToList();
        Assert.Equal(2, toBaresip.Count);
        Assert.Contains("a=sendonly", toBaresip[0].Body());
        Assert.Contains("a=sendrecv", toBaresip[1].Body());
        Assert.Equal(new[] { "incoming", "ringing", "answered", "hold", "resume", "ended (hung up)" }, phone.Events.History(first.Number));
        Assert.Equal(new[] { "incoming", "ringing", "answered", "hold", "ended (remote hung up)" }, phone.Events.History(waiting.Number));
        Assert.Null(phone.OnLoop(() => phone.Agent.Calls.Current));

        capture.AssertPhoneClean(phone);
    }

    // ---- helpers -------------------------------------------------------------------------------

    /// <summary>A SIPp UAS, waited for (bounded) until its UDP port is bound.</summary>
    private SippRun StartUas(string scenario, int port, string service)
    {
        var run = Own(Sipp.Start(new SippOptions { Scenario = scenario, LocalPort = port, Service = service, Timeout = SippLimit }));
        var watch = Stopwatch.StartNew();
        while (UdpPortFree(port))
        {
            if (run.HasExited) Assert.Fail("SIPp exited at start:\n" + run.Stop().Describe());
            if (watch.Elapsed > Short) Assert.Fail($"SIPp ({scenario}) did not bind UDP {port} within {Short.TotalSeconds} s");
            Thread.Sleep(20);
        }
        return run;
    }

    private static bool UdpPortFree(int port)
    {
        try
        {
            using var u = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            u.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int Dial(PhoneUnderTest phone, string target)
    {
        string? error = null;
        int n = phone.OnLoop(() => phone.Agent.Calls.Dial(target, out error));
        Assert.True(n > 0, "Dial refused: " + error);
        return n;
    }

}
