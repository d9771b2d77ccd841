using System;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using NanoPhone.Hal;
using NanoPhone.Interop.Tests.Phone;
using NanoPhone.Interop.Tests.Support;
using NanoPhone.Tests.Peers;
using Xunit;
using Xunit.Abstractions;

namespace NanoPhone.Interop.Tests.Door;

/// <summary>
/// One Kamailio for the whole class (registrar and proxy; sip:voicemail@nanophone.test goes to
/// <see cref="VoicemailPort"/>, VOICEMAIL_DST) and one baresip registered there as graham (the
/// door station that sends its keys as RFC 4733 events, its default DTMF mode), started once and
/// stopped by PID at the end.
/// </summary>
public sealed class DoorStationPeers : IDisposable
{
    public DoorStationPeers()
    {
        VoicemailPort = PeerPorts.GetFree();
        Kamailio = Kamailio.Start(PeerPorts.GetFree(), "parallel", new KamailioOptions
        {
            VoicemailDestination = $"sip:127.0.0.1:{VoicemailPort}",
        });
        try
        {
            Baresip = Baresip.Start(new BaresipOptions
            {
                User = TestUsers.Graham,
                SipPort = PeerPorts.GetFree(2),
                CtrlPort = PeerPorts.GetFree(),
                ProxyPort = Kamailio.SipPort,
                AnswerMode = "manual",
            });
            Kamailio.WaitForContacts(TestUsers.Graham, 1, TimeSpan.FromSeconds(10));
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public Kamailio Kamailio { get; }

    /// <summary>graham, the door station calling through Kamailio.</summary>
    public Baresip Baresip { get; } = null!;

    /// <summary>Where the SIPp voicemail server listens.</summary>
    public int VoicemailPort { get; }

    public void Dispose()
    {
        Baresip?.Dispose();
        Kamailio.Dispose();
    }
}

/// <summary>
/// Door stations and voicemail against real peers, the whole phone application (PhoneApp, as the
/// firmware runs it: settings, call handling, message lamp, door opener over the HAL's logic) on
/// a real UDP socket and clock, all on loopback, every wait bounded. Kamailio
/// (tests/peers/kamailio/registrar.cfg, shared by the class) is the registrar and proxy; SIPp is
/// the door station, the caller and the voicemail server.
///  1. Intercom through the proxy, intercom.allow on, asked by Call-Info: &lt;…&gt;;answer-after=1
///     (Snom) or by Alert-Info: &lt;…&gt;;info=alert-autoanswer;delay=1 (Yealink, Polycom): the
///     phone answers by itself (200) one second after the INVITE, not before and not much later,
///     on the speaker (AUTOANSWER CALL 1, AUDIO speaker CALL).
///  2. The same INVITE straight from 127.0.0.2 (let through the ghost filter by ghost.trust, but
///     neither the registrar nor in intercom.trust): it rings (180) like any call and is not
///     answered; the caller CANCELs after 2.5 s (487).
///  3. door.code *1 sent as SIP INFO (application/dtmf-relay, RFC 6086's legacy usage) in an
///     answered call (autoanswer.seconds 0: a door-station phone) pulses the relay once
///     (energised, released after door.pulse.ms) with one DOOR opened line; *2 does nothing.
///  3b. The same codes sent by baresip (calling through Kamailio) as RFC 4733 telephone-events:
///     *1 pulses the relay once, *2 nothing; the capture shows the keys as RTP events of the
///     negotiated payload type (marker on the first packet, end packets with the E bit), no INFO,
///     and tshark flags nothing in the phone's SIP, RTP or RTCP.
///  4. Message waiting (RFC 3842 over RFC 6665) with a SIPp voicemail reached through the proxy:
///     SUBSCRIBE answered 200 Expires: 8; NOTIFY Messages-Waiting: yes lights the message lamp
///     (MWI 2 new 8 old), no puts it out (MWI none); the refresh comes before the 8 s are over
///     (in the dialog: same Call-ID); a refresh answered 481 makes the phone start a new
///     subscription at once (a new Call-ID, no To tag).
///  5. An unsolicited message-summary NOTIFY relayed by the registrar is accepted (200) and
///     lights the lamp.
///  6. Every test captures the phone's port (or, for 4, the ports it sends to) with tshark:
///     nothing the phone sent is flagged, and every SIP message it sent is in the capture.
/// Prints NUMBER lines: INVITE received → 200 sent (intercom); the relay pulse; each
/// telephone-event's packets and duration; granted expiry → refresh sent; 481 received → new
/// SUBSCRIBE sent.
/// </summary>
[Collection("SipPeers")]
public sealed class DoorStationInteropTests : PeerTest, IClassFixture<DoorStationPeers>
{
    private const string Voicemail = "sip:voicemail@nanophone.test";

    /// <summary>For things that take milliseconds on loopback; generous for a loaded 2-core machine.</summary>
    private static readonly TimeSpan Short = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan SippLimit = TimeSpan.FromSeconds(25);

    /// <summary>
    /// The answer-after timer fires in the loop turn it is due (the poll never sleeps past the next
    /// timer); 500 ms allows for a descheduled loop thread and the hop through the proxy.
    /// </summary>
    private const long AnswerLateBoundMs = 500;

    /// <summary>The lamp follows the summary in the same loop turn or the next (PhoneApp.Poll): 100 ms is slack.</summary>
    private const long LineToLampMs = 100;

    /// <summary>Seconds the SIPp voicemail grants (Expires of its 200s).</summary>
    private const int GrantedSeconds = 8;

    private readonly DoorStationPeers _peers;

    public DoorStationInteropTests(DoorStationPeers peers, ITestOutputHelper output) : base(output)
    {
        _peers = peers;
        Out.WriteLine($"kamailio pid {peers.Kamailio.Pid} on {peers.Kamailio.HostPort}, voicemail at 127.0.0.1:{peers.VoicemailPort}");
    }

    private Kamailio Proxy => _peers.Kamailio;

    // ---- 1 -------------------------------------------------------------------------------------

    [Theory]
    [InlineData("Call-Info: <sip:nanophone.test>;answer-after=1")]
    [InlineData("Alert-Info: <http://nanophone.test/intercom>;info=alert-autoanswer;delay=1")]
    public void Intercom_INVITE_from_the_proxy_is_answered_on_the_speaker_after_its_answer_after_delay(string intercomHeader)
    {
        var app = StartRegisteredApp("intercom.allow=on");
        int sippPort = PeerPorts.GetFree();
        var capture = Own(PhoneCapture.Start(Out, app, Proxy.SipPort, sippPort));

        var o = Caller("intercom_answered.xml", sippPort);
        o.Keys["intercom"] = intercomHeader;
        o.PauseMs = 300;
        var result = Own(Sipp.Start(o)).Wait();
        Out.WriteLine("== sipp\n" + result.Describe());
        Assert.True(result.Succeeded, "the door station's call was not answered:\n" + result.Describe());

        Datagram invite = app.Network.ReceivedRequests("INVITE").First();
        Datagram ok = app.Network.SentResponses(200, "INVITE").First();
        long delay = ok.AtMs - invite.AtMs;
        Out.WriteLine($"NUMBER intercom INVITE received -> 200 sent: {delay} ms ({intercomHeader})");
        Assert.InRange(delay, 1000, 1000 + AnswerLateBoundMs);
        Assert.Contains(app.Network.Log, d => d.Outgoing && d.StatusCode == 180 && d.AtMs <= ok.AtMs);

        var autoanswer = app.WaitForLine(l => l.StartsWith("AUTOANSWER ", StringComparison.Ordinal), Short, what: "AUTOANSWER line");
        string call = autoanswer.Text.Split(' ')[1];
        Assert.Equal("AUTOANSWER " + call + " 1", autoanswer.Text);
        app.WaitForLine("AUDIO speaker " + call, Short);
        capture.AssertPhoneClean(app);
    }

    // ---- 2 -------------------------------------------------------------------------------------

    [Fact]
    public void The_same_intercom_INVITE_from_an_untrusted_source_rings_normally_and_is_not_answered()
    {
        // 127.0.0.2 may ring the phone (ghost.trust) but is no intercom source: not the registrar,
        // not in intercom.trust.
        var app = StartRegisteredApp("intercom.allow=on", "ghost.trust=127.0.0.2");
        int sippPort = PeerPorts.GetFree();
        var capture = Own(PhoneCapture.Start(Out, app, sippPort));
        var o = new SippOptions
        {
            Scenario = "intercom_ring_cancel.xml",
            LocalPort = sippPort,
            Remote = $"127.0.0.1:{app.LocalPort}",
            Service = TestUsers.Linda,
            Timeout = SippLimit,
        };
        o.Keys["answer_after"] = "1";
        o.ExtraArgs.Add("-i");
        o.ExtraArgs.Add("127.0.0.2");
        var result = Own(Sipp.Start(o)).Wait();
        Out.WriteLine("== sipp\n" + result.Describe());
        Assert.True(result.Succeeded, "the untrusted intercom call did not ring and end with 487:\n" + result.Describe());

        Datagram invite = app.Network.ReceivedRequests("INVITE").First();
        Assert.StartsWith("127.0.0.2:", invite.Remote);
        Assert.NotEmpty(app.Network.SentResponses(180, "INVITE"));
        Assert.Empty(app.Network.SentResponses(200, "INVITE"));
        Assert.NotEmpty(app.Network.SentResponses(487, "INVITE"));
        app.WaitForLine(l => l.StartsWith("RINGING ", StringComparison.Ordinal), Short, what: "RINGING line");
        Assert.DoesNotContain(app.Lines, l => l.Text.StartsWith("AUTOANSWER ", StringComparison.Ordinal) || l.Text.StartsWith("AUDIO speaker", StringComparison.Ordinal));
        capture.AssertPhoneClean(app);
    }

    // ---- 3 -------------------------------------------------------------------------------------

    [Fact]
    public void Door_code_sent_as_SIP_INFO_pulses_the_relay_exactly_once()
    {
        var app = StartRegisteredApp("autoanswer.seconds=0", "door.code=*1", "door.pulse.ms=200");
        int sippPort = PeerPorts.GetFree();
        var capture = Own(PhoneCapture.Start(Out, app, Proxy.SipPort, sippPort));

        var result = RunDoorCall(sippPort, "*", "1");
        Assert.True(result.Succeeded, "the INFO call failed:\n" + result.Describe());

        PhoneLine opened = app.WaitForLine("DOOR opened", Short);
        WaitForRelayReleased(app);
        // The coil is released once when the HAL starts; from the first pulse on: on, then off.
        var relay = app.RelayChanges.SkipWhile(r => !r.Energised).ToList();
        Assert.Equal(new[] { true, false }, relay.Select(r => r.Energised).ToArray());
        long pulse = relay[1].AtMs - relay[0].AtMs;
        Out.WriteLine($"NUMBER door relay pulse: {pulse} ms (door.pulse.ms 200)");
        Assert.InRange(pulse, 200, 200 + AnswerLateBoundMs);
        Assert.Single(app.Lines, l => l.Text == "DOOR opened");
        Assert.Equal(2, app.Network.SentResponses(200, "INFO").Select(d => d.Header("CSeq")).Distinct().Count());
        Assert.True(opened.AtMs >= app.Network.ReceivedRequests("INFO").Last().AtMs, "DOOR opened before the second key came");
        capture.AssertPhoneClean(app);
    }

    [Fact]
    public void A_wrong_door_code_sent_as_SIP_INFO_does_nothing()
    {
        var app = StartRegisteredApp("autoanswer.seconds=0", "door.code=*1", "door.pulse.ms=200");
        int sippPort = PeerPorts.GetFree();
        var capture = Own(PhoneCapture.Start(Out, app, Proxy.SipPort, sippPort));
        var result = RunDoorCall(sippPort, "*", "2");
        Assert.True(result.Succeeded, "the INFO call failed:\n" + result.Describe());

        // Both INFOs were taken (200) and the call ended: the app has seen every key it will see.
        Assert.Equal(2, app.Network.SentResponses(200, "INFO").Select(d => d.Header("CSeq")).Distinct().Count());
        app.WaitForLine(l => l.StartsWith("ENDED ", StringComparison.Ordinal), Short, what: "ENDED line");
        Assert.DoesNotContain(app.RelayChanges, r => r.Energised);
        Assert.DoesNotContain(app.Lines, l => l.Text.StartsWith("DOOR", StringComparison.Ordinal));
        capture.AssertPhoneClean(app);
    }

    // ---- 3b: the same code as RFC 4733 events from a real peer ---------------------------------

    [Fact]
    public void Door_code_sent_by_baresip_as_RFC_4733_events_pulses_the_relay_exactly_once()
    {
        var call = RunBaresipDoorCall("*1");
        var app = call.App;

        // The coil is released once when the HAL starts; from the first pulse on: on, then off,
        // and nothing more once the call is over (the events' repeated end packets open nothing).
        var relay = app.RelayChanges.SkipWhile(r => !r.Energised).ToList();
        Out.WriteLine("relay: " + string.Join(", ", relay.Select(r => $"{r.AtMs} ms {(r.Energised ? "energised" : "released")}")));
        Assert.Equal(new[] { true, false }, relay.Select(r => r.Energised).ToArray());
        long pulse = relay[1].AtMs - relay[0].AtMs;
        PhoneLine lastKey = app.Lines.Last(l => l.Text == "DTMF 1");
        PhoneLine opened = Assert.Single(app.Lines, l => l.Text == "DOOR opened");
        Out.WriteLine($"NUMBER door relay pulse (RFC 4733 keys from baresip): {pulse} ms (door.pulse.ms 200); 'DTMF 1' -> relay energised {relay[0].AtMs - lastKey.AtMs} ms");
        Assert.InRange(pulse, 200, 200 + AnswerLateBoundMs);
        Assert.InRange(relay[0].AtMs, lastKey.AtMs, lastKey.AtMs + LineToLampMs);
        Assert.True(opened.AtMs >= lastKey.AtMs, "DOOR opened before the last key came");
        AssertKeysWentAsTelephoneEvents(call, "*1");
    }

    [Fact]
    public void A_wrong_door_code_sent_by_baresip_as_RFC_4733_events_does_nothing()
    {
        var call = RunBaresipDoorCall("*2");
        Assert.DoesNotContain(call.App.RelayChanges, r => r.Energised);
        Assert.DoesNotContain(call.App.Lines, l => l.Text.StartsWith("DOOR", StringComparison.Ordinal));
        AssertKeysWentAsTelephoneEvents(call, "*2");
    }

    // ---- 4 -------------------------------------------------------------------------------------

    [Fact]
    public void Voicemail_NOTIFY_lights_and_clears_the_lamp_the_subscription_is_refreshed_in_time_and_renewed_after_481()
    {
        var o = new SippOptions
        {
            Scenario = "voicemail_mwi.xml",
            LocalPort = _peers.VoicemailPort,
            Timeout = SippLimit,
        };
        o.Keys["expires"] = GrantedSeconds.ToString();
        var voicemail = Own(Sipp.Start(o));
        // The phone subscribes as it starts: capture first (every datagram of the phone goes to
        // Kamailio, so its port is enough), from the phone's first datagram on.
        var capture = Own(PhoneCapture.StartBeforeThePhone(Out, Proxy.SipPort, _peers.VoicemailPort));
        var app = StartRegisteredApp("mwi.subscribe=on", "mwi.uri=" + Voicemail, "mwi.expires=60");

        // The lamp as wired (the HAL's output), and the lines: on with the summary, off with the next.
        PhoneLine waiting = app.WaitForLine("MWI 2 new 8 old", Short);
        PhoneLine none = app.WaitForLine("MWI none", Short, app.Lines.ToList().IndexOf(waiting));
        var lamp = app.LampChanges(Indicator.MessageWaiting);
        Out.WriteLine("message lamp: " + string.Join(", ", lamp.Select(l => l.AtMs + " ms " + (l.Lit ? "lit" : "dark"))));
        var lit = lamp.First(l => l.Lit);
        var dark = lamp.First(l => !l.Lit && l.AtMs >= lit.AtMs);
        Assert.InRange(lit.AtMs, waiting.AtMs - LineToLampMs, waiting.AtMs + LineToLampMs);
        Assert.InRange(dark.AtMs, none.AtMs - LineToLampMs, none.AtMs + LineToLampMs);
        Assert.DoesNotContain(lamp, l => l.Lit && l.AtMs > lit.AtMs);   // steady: voicemail alone does not blink
        Assert.Equal(LampMode.Off, app.MessageLamp);

        var result = voicemail.Wait();
        Out.WriteLine("== sipp voicemail\n" + result.Describe());
        Assert.True(result.Succeeded, "the voicemail scenario did not complete:\n" + result.Describe());

        // The first SUBSCRIBE, its 200 (Expires: 8) and the refresh in the same dialog before expiry.
        var subscribes = app.Network.NewRequests("SUBSCRIBE");
        Datagram first = subscribes[0];
        Assert.Equal(Voicemail, first.FirstLine.Split(' ')[1]);
        Assert.Equal("message-summary", first.Header("Event"));
        Datagram granted = AnswerTo(app, first, 200);
        Assert.Equal(GrantedSeconds.ToString(), granted.Header("Expires"));
        Datagram refresh = subscribes[1];
        Assert.Equal(first.Header("Call-ID"), refresh.Header("Call-ID"));
        long refreshAfter = refresh.AtMs - granted.AtMs;
        Out.WriteLine($"NUMBER MWI refresh sent {refreshAfter} ms after the 200 granting {GrantedSeconds} s");
        Assert.True(refreshAfter < GrantedSeconds * 1000, $"the refresh came {refreshAfter} ms after a {GrantedSeconds} s grant");

        // The refresh answered 481: a new subscription (new Call-ID, no To tag) at once.
        Datagram refused = app.Network.ReceivedResponses().First(d => d.StatusCode == 481 && d.CSeqMethod() == "SUBSCRIBE");
        Datagram renewed = WaitForSent(app, d => d.IsRequest("SUBSCRIBE") && d.AtMs >= refused.AtMs && d.Header("Call-ID") != first.Header("Call-ID"),
            "a new SUBSCRIBE after the 481");
        Out.WriteLine($"NUMBER MWI 481 received -> new SUBSCRIBE sent: {renewed.AtMs - refused.AtMs} ms");
        Assert.DoesNotContain("tag=", renewed.Header("To") ?? "");
        Assert.InRange(renewed.AtMs - refused.AtMs, 0, AnswerLateBoundMs);
        capture.AssertPhoneClean(app);
    }

    // ---- 5 -------------------------------------------------------------------------------------

    [Fact]
    public void Unsolicited_message_summary_NOTIFY_from_the_registrar_is_accepted_and_lights_the_lamp()
    {
        var app = StartRegisteredApp();
        int sippPort = PeerPorts.GetFree();
        var capture = Own(PhoneCapture.Start(Out, app, Proxy.SipPort, sippPort));
        var o = Caller("registrar_notify.xml", sippPort);
        o.Keys["target"] = $"sip:{TestUsers.Linda}@127.0.0.1:{app.LocalPort}";
        var result = Own(Sipp.Start(o)).Wait();
        Out.WriteLine("== sipp\n" + result.Describe());
        Assert.True(result.Succeeded, "the unsolicited NOTIFY was not answered 200:\n" + result.Describe());

        Datagram notify = app.Network.ReceivedRequests("NOTIFY").First();
        Assert.Equal(Proxy.HostPort, notify.Remote);
        Assert.NotEmpty(app.Network.SentResponses(200, "NOTIFY"));
        app.WaitForLine("MWI 3 new 1 old (1 urgent)", Short);
        Assert.Equal(LampMode.On, app.MessageLamp);
        capture.AssertPhoneClean(app);
    }

    // ---- helpers -------------------------------------------------------------------------------

    /// <summary>The app registered with the shared Kamailio as linda; its lines and datagrams go to the test output at the end.</summary>
    private AppUnderTest StartRegisteredApp(params string[] settings) => StartRegisteredApp(false, settings);

    /// <param name="audio">With the audio path (RTP sockets from media.port.min), for RFC 4733 keys.</param>
    private AppUnderTest StartRegisteredApp(bool audio, params string[] settings)
    {
        var app = audio ? AppUnderTest.WithAudio(Proxy.SipPort, settings) : new AppUnderTest(Proxy.SipPort, settings);
        Own(new Dump(app, Out));
        Out.WriteLine($"phone app on 127.0.0.1:{app.LocalPort} ({string.Join(", ", settings)})");
        app.WaitForLine(l => l.StartsWith("REGISTERED ", StringComparison.Ordinal), Short, what: "REGISTERED line");
        return app;
    }

    /// <summary>A SIPp UAC through Kamailio calling linda.</summary>
    private SippOptions Caller(string scenario, int port)
    {
        var o = new SippOptions
        {
            Scenario = scenario,
            LocalPort = port,
            Remote = Proxy.HostPort,
            Service = TestUsers.Linda,
            Timeout = SippLimit,
        };
        o.Keys["domain"] = TestUsers.Domain;
        return o;
    }

    private SippResult RunDoorCall(int port, string key1, string key2)
    {
        var o = Caller("door_info.xml", port);
        o.Keys["key1"] = key1;
        o.Keys["key2"] = key2;
        var result = Own(Sipp.Start(o)).Wait();
        Out.WriteLine("== sipp\n" + result.Describe());
        return result;
    }

    /// <summary>A call from baresip (graham) through Kamailio to the door-station phone, its keys sent as RFC 4733 events.</summary>
    private sealed record BaresipDoorCall(AppUnderTest App, PhoneCapture Capture, int RtpPort, int EventPayloadType);

    /// <summary>
    /// baresip calls linda through Kamailio; the phone (autoanswer.seconds 0, door.code *1, with its
    /// audio path) answers; once the media runs, baresip sends <paramref name="keys"/> one at a time
    /// (ctrl_tcp sndcode: a telephone-event and its end packets each), every key awaited as a DTMF
    /// line; then, after the pulse would be over, baresip hangs up. The capture holds the phone's
    /// SIP port, Kamailio, baresip and the phone's RTP ports and is stopped when the call is over.
    /// </summary>
    private BaresipDoorCall RunBaresipDoorCall(string keys)
    {
        int media = PeerPorts.GetFree(12);
        media += media & 1;
        var app = StartRegisteredApp(audio: true, "autoanswer.seconds=0", "door.code=*1", "door.pulse.ms=200",
            "media.port.min=" + media, "media.port.max=" + (media + 9));
        var baresip = _peers.Baresip;
        var capture = Own(PhoneCapture.Start(Out, app, new[] { Proxy.SipPort, baresip.SipPort }.Concat(Enumerable.Range(media, 10)).ToArray()));

        baresip.Dial($"sip:{TestUsers.Linda}@{TestUsers.Domain}");
        baresip.WaitForEvent("CALL_ESTABLISHED", Short);
        app.WaitForLine(l => l.StartsWith("MEDIA started ", StringComparison.Ordinal), Short, what: "MEDIA started line");
        foreach (char key in keys)
        {
            int mark = app.Mark;
            var sent = baresip.Command("sndcode", key.ToString());
            Assert.True(sent.Ok, "baresip refused sndcode " + key + ": " + sent.Data);
            app.WaitForLine("DTMF " + key, Short, mark);
        }
        // The last event's end packets, and the pulse, are over well within this.
        Thread.Sleep(1000);
        baresip.Hangup();
        baresip.WaitForEvent("CALL_CLOSED", Short);
        app.WaitForLine(l => l.StartsWith("ENDED ", StringComparison.Ordinal), Short, what: "ENDED line");

        // The telephone-event payload type baresip offered is the one the phone answered with.
        Datagram invite = app.Network.ReceivedRequests("INVITE").First();
        Datagram ok = app.Network.SentResponses(200, "INVITE").First();
        int offered = TelephoneEventPayloadType(invite.Text, "baresip's offer");
        int answered = TelephoneEventPayloadType(ok.Text, "the phone's answer");
        Assert.Equal(offered, answered);
        var port = Regex.Match(ok.Text, @"\nm=audio (\d+) RTP/AVP ([\d ]+)");
        Assert.True(port.Success, "no m=audio line in the phone's 200:\n" + ok.Text);
        Assert.Contains(answered.ToString(), port.Groups[2].Value.Trim().Split(' '));
        Out.WriteLine($"telephone-event payload type: offered {offered}, answered {answered}; the phone's RTP port {port.Groups[1].Value}");
        return new BaresipDoorCall(app, capture, int.Parse(port.Groups[1].Value), answered);
    }

    private static int TelephoneEventPayloadType(string message, string what)
    {
        var m = Regex.Match(message, @"a=rtpmap:(\d+) telephone-event/8000");
        Assert.True(m.Success, "no telephone-event in " + what + ":\n" + message);
        return int.Parse(m.Groups[1].Value);
    }

    /// <summary>
    /// The capture of a <see cref="RunBaresipDoorCall"/>: the keys reached the phone's RTP port as
    /// telephone-events of the negotiated payload type (RFC 4733 §2.3: one timestamp an event, the
    /// first packet marked, end packets with the E bit and the final duration), in order; no INFO
    /// anywhere; tshark flags nothing the phone sent (its SIP, and its RTP decoded as RTP).
    /// </summary>
    private void AssertKeysWentAsTelephoneEvents(BaresipDoorCall call, string keys)
    {
        call.Capture.AssertPhoneClean(call.App);
        string pcap = call.Capture.PcapPath;

        var events = new TelephoneEvents(pcap, call.RtpPort, call.EventPayloadType);
        Out.WriteLine($"-- telephone-event packets to the phone's port {call.RtpPort} (payload type {call.EventPayloadType}): {events.Packets.Count}");
        foreach (var p in events.Packets) Out.WriteLine(p.ToString());
        var byEvent = events.Events;
        Assert.Equal(keys, new string(byEvent.Select(e => TelephoneEvents.Key(e.First().Event)).ToArray()));
        foreach (var e in byEvent)
        {
            var packets = e.ToList();
            Assert.True(packets[0].Marker, $"the first packet of event {TelephoneEvents.Key(packets[0].Event)} is not marked");
            Assert.All(packets, p => Assert.Equal(packets[0].Event, p.Event));
            var ends = packets.SkipWhile(p => !p.End).ToList();
            Assert.True(ends.Count >= 1, $"event {TelephoneEvents.Key(packets[0].Event)} has no end packet (E bit)");
            Assert.All(ends, p => Assert.True(p.End, "a packet without the E bit after the end"));
            Assert.All(ends, p => Assert.Equal(ends[0].Duration, p.Duration));
            Assert.True(ends[0].Duration > 0, "an end packet with duration 0");
            Out.WriteLine($"NUMBER telephone-event {TelephoneEvents.Key(packets[0].Event)}: {packets.Count} packets, {ends.Count} with the E bit, duration {ends[0].Duration} ({ends[0].Duration / 8} ms)");
        }

        Assert.DoesNotContain(call.App.Network.Log, d => d.IsRequest("INFO"));
        Assert.Empty(Tshark.ReadSip(pcap, call.Capture.Ports, "sip.Method == \"INFO\""));

        var rtpFlags = Tshark.Read(pcap, new[] { $"udp.port=={call.RtpPort},rtp", $"udp.port=={call.RtpPort + 1},rtcp" },
            $"udp.srcport in {{{call.RtpPort}, {call.RtpPort + 1}}} and not icmp and (_ws.malformed or _ws.expert.severity >= 0x00600000)");
        int fromPhone = Tshark.Read(pcap, new[] { $"udp.port=={call.RtpPort},rtp" }, $"rtp and udp.srcport == {call.RtpPort}").Count;
        Out.WriteLine($"the phone sent {fromPhone} RTP packets in the capture");
        Assert.True(fromPhone > 0, "no RTP from the phone in the capture");
        Assert.True(rtpFlags.Count == 0, "tshark flags the phone's RTP or RTCP:\n" + string.Join("\n", rtpFlags));
    }

    private static void WaitForRelayReleased(AppUnderTest app)
    {
        var deadline = DateTime.UtcNow + Short;
        while (app.RelayChanges.SkipWhile(r => !r.Energised).Count() < 2 && DateTime.UtcNow < deadline) Thread.Sleep(10);
    }

    /// <summary>The first response the phone received to <paramref name="request"/> (same CSeq) with <paramref name="code"/>.</summary>
    private static Datagram AnswerTo(AppUnderTest app, Datagram request, int code) =>
        app.Network.ReceivedResponses().First(d => d.StatusCode == code && d.Header("CSeq") == request.Header("CSeq")
            && d.Header("Call-ID") == request.Header("Call-ID"));

    /// <summary>Waits (bounded) for a datagram the phone sent that <paramref name="match"/> accepts.</summary>
    private static Datagram WaitForSent(AppUnderTest app, Func<Datagram, bool> match, string what)
    {
        var deadline = DateTime.UtcNow + Short;
        while (true)
        {
            Datagram? hit = app.Network.Log.FirstOrDefault(d => d.Outgoing && match(d));
            if (hit != null) return hit;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"no {what} within {Short.TotalSeconds} s\n{app.Describe()}");
            Thread.Sleep(10);
        }
    }

    /// <summary>Stops the app (un-REGISTER, bounded) and then prints what it did.</summary>
    private sealed class Dump : IDisposable
    {
        private readonly AppUnderTest _app;
        private readonly ITestOutputHelper _out;

        public Dump(AppUnderTest app, ITestOutputHelper output)
        {
            _app = app;
            _out = output;
        }

        public void Dispose()
        {
            _app.Dispose();
            _out.WriteLine(_app.Describe());
        }
    }
}
