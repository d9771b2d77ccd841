using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using NanoPhone.Hal;
using NanoPhone.Interop.Tests.Phone;
using NanoPhone.Interop.Tests.Support;
using NanoPhone.Tests.Peers;
using Xunit;
using Xunit.Abstractions;

namespace NanoPhone.Interop.Tests.Media;

/// <summary>
/// The phone's audio against a real peer, on loopback, every wait bounded: the whole simulator
/// (<c>nanophone run</c>: its RTP sockets from media.port.min, its 20 ms frame clock, audio.in a
/// 1000 Hz sine, audio.out a WAV file) registered as linda at Kamailio; baresip as graham (PCMU
/// first) and alice (PCMA only), sending a 700 Hz sine and recording what it hears (sndfile).
///  1. The phone calls baresip (PCMU) and baresip calls the phone (PCMA): each tone is found in the
///     other's recording, within ±2 %, for the call's length less a second of set-up.
///  2. tshark's RTP analysis of the phone's stream: no sequence errors, timestamps +160 a packet
///     (a whole number of frames across a talk spurt after hold), only the negotiated payload type
///     (and telephone-event), max jitter under 2 ms (<c>-z rtp,streams</c>); the phone's RTCP decodes.
///  3. DTMF both ways: a key on the phone reaches baresip as an RFC 4733 event (CALL_DTMF_START), a
///     digit baresip sends is a <c>DTMF</c> line on the phone.
///  4. Hold: while the phone holds, it sends no RTP (the longest gap in the capture spans the hold),
///     and resume restarts the stream with a marker bit; a re-INVITE naming another port (SIPp) moves
///     the phone's stream there.
///  5. Through a relay that drops 5 % and delays each packet 0-60 ms (so they overtake each other)
///     the tone is still heard for most of the call; concealed frames and the SNR of what is heard
///     (against a pure sine) are printed.
///  6. A stranger sending RTP to the phone's port all along is counted and never played.
///  7. A SIPp UAS whose answer has no telephone-event: the phone app's keys (its keypad, with its
///     audio path running) go as SIP INFO (application/dtmf-relay, Signal and Duration lines, the
///     scenario checks each by regexp) in the order pressed, its RTP carries PCMU only, and tshark
///     flags nothing the phone sent (PhoneCapture).
/// Prints MEDIA lines with the figures (tone blocks, SNR, tshark's stream row).
/// </summary>
[Collection("SipPeers")]
public sealed partial class MediaInteropTests : IClassFixture<MediaPeers>, IDisposable
{
    public const int PhoneToneHz = 1000;
    private static readonly TimeSpan Short = TimeSpan.FromSeconds(10);
    /// <summary>How long each call talks before the keys, hold and hang-up.</summary>
    private const int TalkMs = 3000;
    private const int HoldMs = 1500;

    private readonly MediaPeers _peers;
    private readonly ITestOutputHelper _out;
    private readonly string _dir;
    private readonly List<IDisposable> _owned = new();
    private SimulatedPhone? _phone;

    public MediaInteropTests(MediaPeers peers, ITestOutputHelper output)
    {
        _peers = peers;
        _out = output;
        _dir = PeerPaths.NewScratchDir("media");
    }

    public void Dispose()
    {
        if (_phone != null) _out.WriteLine("-- phone\n" + string.Join("\n", _phone.Lines));
        for (int i = _owned.Count - 1; i >= 0; i--)
        {
            try { _owned[i].Dispose(); } catch (Exception e) { _out.WriteLine("cleanup: " + e.Message); }
        }
        PeerPaths.DeleteScratchDir(_dir, false);
    }

    private T Own<T>(T thing) where T : IDisposable
    {
        _owned.Add(thing);
        return thing;
    }

    private (SimulatedPhone Phone, int MediaPort, string AudioOut) StartPhone()
    {
        int media = PeerPorts.GetFree(12);
        media += media & 1;
        string audioOut = Path.Combine(_dir, "phone-heard.wav");
        var phone = Own(new SimulatedPhone(new[]
        {
            "sip.server=127.0.0.1", "sip.port=" + _peers.Kamailio.SipPort, "sip.user=linda", "sip.password=" + TestUsers.LindaPassword,
            "sip.domain=" + TestUsers.Domain, "sip.local.port=0", "sip.expires=600",
            "media.port.min=" + media, "media.port.max=" + (media + 9),
            "audio.in=tone:" + PhoneToneHz, "audio.out=" + audioOut, "ringer.pattern=de",
        }));
        _phone = phone;
        phone.WaitFor("^REGISTERED ", Short);
        _out.WriteLine($"phone pid {phone.Pid}, media ports {media}-{media + 9}");
        return (phone, media, audioOut);
    }

    [Fact]
    public void The_phone_calls_baresip_on_PCMU_both_hear_the_others_tone_and_DTMF_and_hold_work()
    {
        var (phone, media, audioOut) = StartPhone();
        var capture = Own(Tshark.Start(Enumerable.Range(media, 10)));
        var baresip = _peers.Baresip;
        DateTime recordFrom = DateTime.UtcNow;

        phone.Type("call sip:graham@" + TestUsers.Domain);
        baresip.WaitForEvent("CALL_INCOMING", Short);
        baresip.Accept();
        var started = phone.WaitForLine(@"^MEDIA started (\S+) 127\.0\.0\.1:(\d+)$", Short);
        Assert.Equal("PCMU", started.Match.Groups[1].Value);
        int rtpPort = LocalPortOf(phone, media);

        Thread.Sleep(TalkMs);
        // 3: a key on the phone is an RFC 4733 event at baresip; baresip's digit a DTMF line here.
        phone.Type("key 5");
        var dtmf = baresip.WaitForEvent("CALL_DTMF_START", Short);
        Assert.Equal("5", dtmf.Param);
        baresip.Command("sndcode", "7");
        phone.WaitFor("^DTMF 7$", Short);

        // 4: hold stops our RTP, resume restarts it.
        phone.Type("hold");
        var held = phone.WaitForLine("^MEDIA held$", Short);
        Thread.Sleep(HoldMs);
        phone.Type("resume");
        var resumed = phone.WaitForLine("^MEDIA resumed$", Short);
        Thread.Sleep(1000);
        phone.Type("hangup");
        var stats = phone.WaitForLine(@"^MEDIA stats sent=(\d+) lost=(\d+) jitter=(\d+) concealed=(\d+)", Short);
        baresip.WaitForEvent("CALL_CLOSED", Short);
        capture.Stop();

        double talk = (stats.AtUtc - started.AtUtc).TotalSeconds - (resumed.AtUtc - held.AtUtc).TotalSeconds;
        _out.WriteLine($"MEDIA call {talk:0.00} s of two-way audio; {stats.Match.Value}");

        // 1: each side's tone in the other's audio.
        AssertTone("phone heard (audio.out)", ToneAnalysis.ReadWav(audioOut), MediaPeers.BaresipToneHz, talk);
        // baresip's sndfile stops recording what it hears when the call is held and does not start
        // again on resume: its recording covers the talk before the hold (after it, tshark shows our stream).
        string recording = BaresipRecording(recordFrom, "dec");
        AssertTone("baresip heard (sndfile, until the hold)", ToneAnalysis.ReadWav(recording), PhoneToneHz, (held.AtUtc - started.AtUtc).TotalSeconds);

        // 2: tshark on the phone's stream.
        var rtp = new RtpCapture(capture.PcapPath, rtpPort);
        AssertStream(rtp, payloadType: 0, telephoneEvent: true);
        Assert.Contains(rtp.Packets, p => p.PayloadType == 101);
        var (gap, _) = rtp.LongestGap();
        _out.WriteLine($"MEDIA longest gap in the phone's RTP {gap * 1000:0} ms (hold lasted {(resumed.AtUtc - held.AtUtc).TotalMilliseconds:0} ms)");
        Assert.True(gap * 1000 >= HoldMs - 100, $"the phone kept sending RTP while it held the call (longest gap {gap * 1000:0} ms)");
        Assert.True(rtp.Packets.Skip(1).Count(p => p.Marker) >= 1, "no marker bit when the stream restarted after hold");
    }

    [Fact]
    public void Baresip_calls_the_phone_on_PCMA_and_both_hear_the_others_tone()
    {
        var (phone, media, audioOut) = StartPhone();
        var capture = Own(Tshark.Start(Enumerable.Range(media, 10)));
        var baresip = _peers.Baresip;
        DateTime recordFrom = DateTime.UtcNow;

        baresip.Command("uafind", $"sip:{TestUsers.Alice}@{TestUsers.Domain}");
        baresip.Dial($"sip:{TestUsers.Linda}@{TestUsers.Domain}");
        phone.WaitFor("^RINGING ", Short);
        phone.Type("offhook");
        var started = phone.WaitForLine(@"^MEDIA started (\S+) 127\.0\.0\.1:(\d+)$", Short);
        Assert.Equal("PCMA", started.Match.Groups[1].Value);
        int rtpPort = LocalPortOf(phone, media);
        Thread.Sleep(TalkMs);
        baresip.Hangup();
        var stats = phone.WaitForLine(@"^MEDIA stats sent=(\d+) lost=(\d+) jitter=(\d+) concealed=(\d+)", Short);
        phone.Type("onhook");
        baresip.WaitForEvent("CALL_CLOSED", Short);
        capture.Stop();

        double talk = (stats.AtUtc - started.AtUtc).TotalSeconds;
        _out.WriteLine($"MEDIA call {talk:0.00} s; {stats.Match.Value}");
        AssertTone("phone heard (audio.out)", ToneAnalysis.ReadWav(audioOut), MediaPeers.BaresipToneHz, talk);
        AssertTone("baresip heard (sndfile)", ToneAnalysis.ReadWav(BaresipRecording(recordFrom, "dec")), PhoneToneHz, talk);
        AssertStream(new RtpCapture(capture.PcapPath, rtpPort), payloadType: 8, telephoneEvent: false);
    }

    [Fact]
    public void Through_a_lossy_jittery_relay_the_tone_arrives_strangers_are_never_played_and_a_re_INVITE_moves_the_stream()
    {
        var (phone, media, audioOut) = StartPhone();
        int phoneSip = int.Parse(phone.All(@"^LISTENING 127\.0\.0\.1:\d+$")[0].Split(':')[1], CultureInfo.InvariantCulture);
        int relayBase = PeerPorts.GetFree(5);
        relayBase += relayBase & 1;
        var phoneRtp = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, media);
        // 5 % loss, each packet delayed 0-60 ms on its own (so they overtake each other).
        var relay = Own(new LossyRelay(new[] { relayBase, relayBase + 2 }, phoneRtp, 0.05, 60, seed: 12));
        var source = Own(new RtpTone(MediaPeers.BaresipToneHz, relay.Entry(0), 0x0BADCAFE));
        // A stranger aims a 2500 Hz stream at the phone's RTP port the whole time (RTP bleed, injection).
        var stranger = Own(new RtpTone(StrangerHz, phoneRtp, 0x5EEDBEEF));
        var sipp = Own(Sipp.Start(new SippOptions
        {
            Scenario = "media_uac_move.xml",
            LocalPort = PeerPorts.GetFree(),
            Remote = "127.0.0.1:" + phoneSip,
            Service = TestUsers.Linda,
            Keys = { ["domain"] = TestUsers.Domain, ["port1"] = relayBase.ToString(CultureInfo.InvariantCulture), ["port2"] = (relayBase + 2).ToString(CultureInfo.InvariantCulture) },
            Timeout = TimeSpan.FromSeconds(30),
        }));

        phone.WaitFor("^RINGING ", Short);
        phone.Type("offhook");
        var started = phone.WaitForLine($@"^MEDIA started PCMU 127\.0\.0\.1:{relayBase}$", Short);
        phone.WaitFor($@"^MEDIA moved 127\.0\.0\.1:{relayBase + 2}$", Short);
        int toFirstAtMove = relay.FromPhone[0];
        relay.Use(1);
        source.To = relay.Entry(1);
        var stats = phone.WaitForLine(@"^MEDIA stats sent=(\d+) lost=(\d+) jitter=(\d+) concealed=(\d+) received=(\d+) late=(\d+) strangers=(\d+)", Short);
        phone.Type("onhook");
        var result = sipp.Wait();
        Assert.True(result.Succeeded, "SIPp: " + result.Stdout + result.Stderr);

        double talk = (stats.AtUtc - started.AtUtc).TotalSeconds;
        int concealed = int.Parse(stats.Match.Groups[4].Value, CultureInfo.InvariantCulture);
        int strangers = int.Parse(stats.Match.Groups[7].Value, CultureInfo.InvariantCulture);
        _out.WriteLine($"MEDIA relay: {relay.Forwarded} forwarded, {relay.Dropped} dropped ({100.0 * relay.Dropped / Math.Max(1, relay.Dropped + relay.Forwarded):0.0} %), {relay.Reordered} overtaken; {stats.Match.Value}");
        var heard = ToneAnalysis.ReadWav(audioOut);
        AssertTone("phone heard through the relay", heard, MediaPeers.BaresipToneHz, talk, share: 0.6);
        var blocks = heard.Blocks().Where(b => b.Rms > 300 && Math.Abs(b.Frequency - MediaPeers.BaresipToneHz) <= MediaPeers.BaresipToneHz * 0.02).ToList();
        double meanSnr = 10 * Math.Log10(blocks.Average(b => Math.Pow(10, b.SnrDb / 10)));
        _out.WriteLine($"MEDIA through the relay: concealed {concealed} frames of {talk * 50:0}, SNR of the heard tone against a pure sine: median {blocks.Select(b => b.SnrDb).OrderBy(x => x).ElementAt(blocks.Count / 2):0.0} dB, worst 10 % {blocks.Select(b => b.SnrDb).OrderBy(x => x).ElementAt(blocks.Count / 10):0.0} dB");
        Assert.True(concealed > 0, "5 % loss and nothing concealed?");

        // Strangers: counted, never played.
        double tonePower = heard.Goertzel(0, heard.Samples.Length, MediaPeers.BaresipToneHz);
        double strangerPower = heard.Goertzel(0, heard.Samples.Length, StrangerHz);
        _out.WriteLine($"MEDIA strangers: {stranger.Sent} sent, {strangers} counted; {StrangerHz} Hz in what the phone played {10 * Math.Log10(strangerPower / tonePower):0.0} dB below the tone");
        Assert.True(strangers >= (int)(talk * 50) - 25, $"only {strangers} strangers' packets counted in a {talk:0.0} s call");
        Assert.True(strangerPower < tonePower * 1e-4, "the stranger's tone is heard");

        // The re-INVITE moved the phone's stream to the new port.
        _out.WriteLine($"MEDIA move: the phone sent {toFirstAtMove} packets to the first port before the move, {relay.FromPhone[0] - toFirstAtMove} after it, {relay.FromPhone[1]} to the new port");
        Assert.True(relay.FromPhone[1] >= 50, $"only {relay.FromPhone[1]} packets reached the new port");
        Assert.True(relay.FromPhone[0] - toFirstAtMove <= 3, "the phone kept sending to the old port");
    }

    private const int StrangerHz = 2500;

    [Fact]
    public void Without_telephone_event_in_the_answer_the_phones_keys_go_as_SIP_INFO_dtmf_relay()
    {
        // The phone app with its audio path (the simulator's RTP sockets), registered as linda.
        int media = PeerPorts.GetFree(12);
        media += media & 1;
        var app = Own(AppUnderTest.WithAudio(_peers.Kamailio.SipPort, "media.port.min=" + media, "media.port.max=" + (media + 9)));
        Own(new AtEnd(() => _out.WriteLine(app.Describe())));
        app.WaitForLine(l => l.StartsWith("REGISTERED ", StringComparison.Ordinal), Short, what: "REGISTERED line");
        int sippPort = PeerPorts.GetFree();
        int sippRtp = PeerPorts.GetFree(2);
        sippRtp += sippRtp & 1;
        var sipp = Own(Sipp.Start(new SippOptions
        {
            Scenario = "uas_dtmf_info.xml",
            LocalPort = sippPort,
            Service = "keys",
            Keys = { ["rtp_port"] = sippRtp.ToString(CultureInfo.InvariantCulture) },
            Timeout = TimeSpan.FromSeconds(30),
        }));
        var bound = System.Diagnostics.Stopwatch.StartNew();
        while (UdpPortFree(sippPort))
        {
            if (sipp.HasExited) Assert.Fail("SIPp exited at start:\n" + sipp.Stop().Describe());
            if (bound.Elapsed > Short) Assert.Fail($"SIPp did not bind UDP {sippPort} within {Short.TotalSeconds} s");
            Thread.Sleep(20);
        }
        var capture = Own(PhoneCapture.Start(_out, app, new[] { _peers.Kamailio.SipPort, sippPort }.Concat(Enumerable.Range(media, 2)).ToArray()));

        // Through Kamailio (which relays an R-URI that is not its domain as it is) to SIPp, whose answer has PCMU alone.
        int call = app.OnLoop(() => app.App.Dial($"sip:keys@127.0.0.1:{sippPort}", out _));
        Assert.NotEqual(0, call);
        app.WaitForLine($"MEDIA started PCMU 127.0.0.1:{sippRtp}", Short);
        var pressed = new[] { (PhoneKey.Digit1, "1"), (PhoneKey.Digit5, "5"), (PhoneKey.Hash, "#") };
        foreach (var (key, digit) in pressed) Press(app, key, digit);
        // SIPp's scenario goes on to wait for the BYE only once it has taken (and checked) three INFOs.
        var deadline = DateTime.UtcNow + Short;
        while (InfosIn(sipp.MessageTracePath) < pressed.Length && DateTime.UtcNow < deadline && !sipp.HasExited) Thread.Sleep(50);
        Assert.True(app.OnLoop(() => app.App.HangUp()), "no call to hang up");
        app.WaitForLine(l => l.StartsWith("MEDIA stats ", StringComparison.Ordinal), Short, what: "MEDIA stats line");
        var result = sipp.Wait();
        _out.WriteLine("-- SIPp\n" + result.Describe());
        Assert.True(result.Succeeded, "SIPp's scenario failed (an INFO missing, or its type or body did not match):\n" + result.Describe());

        // The digits in CSeq order as SIPp received them, each with a Duration; the phone sent exactly these.
        var infos = System.Text.RegularExpressions.Regex.Matches(result.MessageTrace,
                @"INFO sip:[^\n]*\n(?:[^\n]+\n)*?CSeq: (\d+) INFO\r?\n(?:[^\n]+\n)*?\r?\nSignal=([0-9*#A-D])\r?\nDuration=(\d+)")
            .Select(m => (CSeq: int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), Digit: m.Groups[2].Value, Duration: int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture)))
            .GroupBy(i => i.CSeq).Select(g => g.First()).OrderBy(i => i.CSeq).ToList();
        _out.WriteLine($"MEDIA INFO DTMF: SIPp received {string.Join(", ", infos.Select(i => $"CSeq {i.CSeq} Signal={i.Digit} Duration={i.Duration}"))}");
        Assert.Equal(pressed.Select(p => p.Item2).ToArray(), infos.Select(i => i.Digit).ToArray());
        Assert.All(infos, i => Assert.InRange(i.Duration, 40, 5000));
        var sentInfos = app.Network.NewRequests("INFO");
        Assert.Equal(pressed.Length, sentInfos.Count);
        Assert.All(sentInfos, d => Assert.Equal("application/dtmf-relay", d.Header("Content-Type")));

        // No telephone-event was agreed: the phone's RTP carried PCMU only; tshark flags nothing it sent on SIP.
        // The capture is stopped first: only then is every packet sent before it in the pcap.
        capture.Tshark.Stop();
        var rtp = new RtpCapture(capture.PcapPath, media);
        _out.WriteLine($"MEDIA INFO DTMF: the phone's RTP: {rtp.Packets.Count} packets, payload types {string.Join(" ", rtp.Packets.Select(p => p.PayloadType).Distinct())}; {sentInfos.Count} INFO sent, each answered 200: {app.Network.ReceivedResponses().Count(r => r.StatusCode == 200 && r.CSeqMethod() == "INFO")}");
        Assert.True(rtp.Packets.Count > 0, "no RTP from the phone in the capture");
        Assert.All(rtp.Packets, p => Assert.Equal(0, p.PayloadType));
        capture.AssertPhoneClean(app);
    }

    /// <summary>
    /// Presses a key on the app's keypad as a hand would: the contact closes, the keypad's debounce
    /// and the loop's poll make it a KEY line, then it opens again (each wait bounded).
    /// </summary>
    private static void Press(AppUnderTest app, PhoneKey key, string label)
    {
        int mark = app.Mark;
        app.Hardware.KeypadLogic.Feed(key, true, app.Clock.NowMs);
        app.WaitForLine("KEY " + label, Short, mark);
        app.Hardware.KeypadLogic.Feed(key, false, app.Clock.NowMs);
        var deadline = DateTime.UtcNow + Short;
        while (app.OnLoop(() => app.Hardware.Keypad.IsDown(key)))
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"key {label} still down after {Short.TotalSeconds} s");
            Thread.Sleep(10);
        }
    }

    /// <summary>Runs an action when disposed (the test's owned things are disposed last first).</summary>
    private sealed class AtEnd : IDisposable
    {
        private readonly Action _action;
        public AtEnd(Action action) { _action = action; }
        public void Dispose() => _action();
    }

    /// <summary>How many INFO requests SIPp's message trace shows it received so far.</summary>
    private static int InfosIn(string messageTrace)
    {
        try
        {
            if (!File.Exists(messageTrace)) return 0;
            using var stream = new FileStream(messageTrace, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            string text = new StreamReader(stream).ReadToEnd();
            return System.Text.RegularExpressions.Regex.Matches(text, @"^INFO sip:", System.Text.RegularExpressions.RegexOptions.Multiline).Count;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static bool UdpPortFree(int port)
    {
        try
        {
            using var probe = new System.Net.Sockets.UdpClient(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port));
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    // ---- Checks ------------------------------------------------------------------------------------

    /// <summary>The tone is the dominant frequency (±2 %) of enough 100 ms blocks to cover the call less 1 s of set-up.</summary>
    private void AssertTone(string what, ToneAnalysis heard, int hz, double talkSeconds, double share = 1.0)
    {
        var blocks = heard.Blocks();
        var tone = blocks.Where(b => b.Rms > 300 && Math.Abs(b.Frequency - hz) <= hz * 0.02).ToList();
        double seconds = tone.Count * ToneAnalysis.BlockMs / 1000.0;
        double snr = tone.Count == 0 ? 0 : tone.Select(b => b.SnrDb).OrderBy(x => x).ElementAt(tone.Count / 2);
        double mean = tone.Count == 0 ? 0 : tone.Average(b => b.Frequency);
        _out.WriteLine(string.Format(CultureInfo.InvariantCulture,
            "MEDIA {0}: {1} Hz for {2:0.0} s of {3:0.0} s recorded (call {4:0.0} s), mean {5:0.0} Hz, median SNR {6:0.0} dB",
            what, hz, seconds, heard.Seconds, talkSeconds, mean, snr));
        Assert.True(seconds >= (talkSeconds - 1.0) * share, $"{what}: {hz} Hz heard for only {seconds:0.0} s of a {talkSeconds:0.0} s call");
    }

    private void AssertStream(RtpCapture rtp, int payloadType, bool telephoneEvent)
    {
        _out.WriteLine("MEDIA tshark -z rtp,streams:\n" + rtp.StreamsTable);
        _out.WriteLine("MEDIA phone's RTCP: " + string.Join(" | ", rtp.RtcpLines.Take(4)));
        Assert.True(rtp.Packets.Count > 100, $"only {rtp.Packets.Count} RTP packets from port {rtp.Port} in the capture");
        int sequenceErrors = rtp.SequenceErrors();
        int timestampErrors = rtp.TimestampErrors();
        int wrong = rtp.Packets.Count(p => p.PayloadType != payloadType && !(telephoneEvent && p.PayloadType == 101));
        _out.WriteLine($"MEDIA phone's stream: {rtp.Packets.Count} packets, sequence errors {sequenceErrors}, timestamp steps not +160 {timestampErrors}, wrong payload {wrong}");
        Assert.Equal(0, sequenceErrors);
        Assert.Equal(0, wrong);
        if (!telephoneEvent) Assert.Equal(0, timestampErrors);
        else Assert.True(timestampErrors <= 8, $"{timestampErrors} timestamp steps not +160 (telephone-event packets repeat their timestamp)");
        Assert.True(rtp.PhoneStreamRow != null, "no stream from the phone's port in tshark's table:\n" + rtp.StreamsTable);
        double meanJitter = rtp.Figure(5), maxJitter = rtp.Figure(6);
        _out.WriteLine($"MEDIA tshark on the phone's stream: lost {rtp.Lost}, max delta {rtp.Figure(3)} ms, mean jitter {meanJitter} ms, max jitter {maxJitter} ms, problems '{rtp.Problems}'");
        Assert.Equal(0, rtp.Lost);
        Assert.Equal("", rtp.Problems);
        double audioJitter = rtp.MaxAudioJitterMs(payloadType);
        _out.WriteLine($"MEDIA max jitter of the phone's {(payloadType == 0 ? "PCMU" : "PCMA")} packets (RFC 3550 A.8): {audioJitter:0.000} ms");
        Assert.True(audioJitter < 2.0, $"max jitter {audioJitter:0.000} ms");
        // tshark's own figure counts telephone-event packets (their timestamp stays the event's): only without a key press.
        if (!telephoneEvent) Assert.True(maxJitter < 2.0, $"tshark's max jitter {maxJitter} ms");
        // RTCP from the phone: every datagram dissects as RTCP (SR or RR with SDES, BYE at the end), no expert warning or error.
        Assert.NotEmpty(rtp.RtcpLines);
        var flagged = rtp.FlaggedRtcp();
        Assert.True(flagged.Count == 0, "tshark flags the phone's RTCP: " + string.Join(" | ", flagged));
        Assert.Contains(rtp.RtcpLines, l => l.Split(';')[1].Contains("203", StringComparison.Ordinal));
    }

    private static int LocalPortOf(SimulatedPhone phone, int mediaMin) => mediaMin; // the first call takes the first even port of the range

    /// <summary>baresip's newest sndfile recording of a kind (enc: sent, dec: heard) made since the call began.</summary>
    private string BaresipRecording(DateTime since, string kind)
    {
        var deadline = DateTime.UtcNow + Short;
        while (true)
        {
            var file = new DirectoryInfo(_peers.RecordDir).GetFiles($"dump-*-{kind}.wav")
                .Where(f => f.LastWriteTimeUtc >= since.AddSeconds(-1)).OrderByDescending(f => f.LastWriteTimeUtc).FirstOrDefault();
            if (file != null && file.Length > 44) return file.FullName;
            if (DateTime.UtcNow > deadline)
                throw new FileNotFoundException("no baresip recording " + kind + " in " + _peers.RecordDir + ": "
                    + string.Join(", ", Directory.GetFiles(_peers.RecordDir)));
            Thread.Sleep(100);
        }
    }
}
