using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using NanoPhone.Tests.Peers;
using Xunit;

namespace NanoPhone.Interop.Tests.Media;

/// <summary>
/// 7. The 3-way conference mixed in the phone, against two real peers through Kamailio: baresip
///    graham (700 Hz, the class's shared peer) and a second baresip, carol (1300 Hz, not registered:
///    called at its address), both recording what they hear (sndfile). The phone (1000 Hz) calls
///    graham, holds him, calls carol, then <c>conference</c>: graham is taken off hold (re-INVITE
///    a=sendrecv) and for the conference's length what graham received holds carol's tone and the
///    phone's (from the capture: baresip's sndfile stops at a hold), carol's recording holds
///    graham's and the phone's, and the phone's audio.out holds both peers'.
///    <c>hangup</c> ends both calls. tshark: the phone's two RTP streams have no sequence error, no
///    loss, no expert complaint, their RTCP decodes; no SIP the phone sent is flagged.
/// </summary>
public sealed partial class MediaInteropTests
{
    private const int CarolToneHz = 1300;
    private const int ConferenceMs = 4000;

    [Fact]
    public void In_a_conference_each_peer_hears_the_other_and_the_phone_and_the_phone_hears_both()
    {
        var (phone, media, audioOut) = StartPhone();
        int phoneSip = int.Parse(phone.All(@"^LISTENING 127\.0\.0\.1:\d+$")[0].Split(':')[1], CultureInfo.InvariantCulture);
        string carolRecordings = Path.Combine(_dir, "carol");
        Directory.CreateDirectory(carolRecordings);
        int carolSip = PeerPorts.GetFree(2);
        var carol = Own(Baresip.Start(new BaresipOptions
        {
            User = "carol", Password = "unused", SipPort = carolSip, CtrlPort = PeerPorts.GetFree(),
            ProxyPort = _peers.Kamailio.SipPort, RegisterInterval = 0,
            AudioSource = "ausine," + CarolToneHz, AudioCodecs = "PCMU", RecordDir = carolRecordings,
        }));
        var capture = Own(Tshark.Start(Enumerable.Range(media, 10).Append(phoneSip)));
        var graham = _peers.Baresip;
        DateTime recordFrom = DateTime.UtcNow;

        // Call 1: graham, then held; call 2: carol.
        phone.Type("call sip:graham@" + TestUsers.Domain);
        graham.WaitForEvent("CALL_INCOMING", Short);
        graham.Accept();
        phone.WaitFor(@"^MEDIA started PCMU 127\.0\.0\.1:\d+$", Short);
        Thread.Sleep(1000);
        phone.Type("hold");
        phone.WaitFor("^MEDIA held$", Short);
        phone.Type($"call sip:carol@127.0.0.1:{carolSip}");
        carol.WaitForEvent("CALL_INCOMING", Short);
        carol.Accept();
        phone.WaitFor(@"^ANSWERED 2 ", Short);
        Thread.Sleep(1000);

        // The conference: graham taken off hold beside carol.
        phone.Type("conference");
        phone.WaitFor("^RESUME 1$", Short);
        var started = phone.WaitForLine("^CONFERENCE started 2 1$", Short);
        Thread.Sleep(ConferenceMs);
        phone.Type("hangup");
        var ended = phone.WaitForLine("^CONFERENCE ended$", Short);
        graham.WaitForEvent("CALL_CLOSED", Short);
        carol.WaitForEvent("CALL_CLOSED", Short);
        phone.WaitFor("^ENDED [12] hung up$", Short);
        phone.WaitFor("^ENDED [12] hung up$", Short);
        capture.Stop();
        double seconds = (ended.AtUtc - started.AtUtc).TotalSeconds;
        _out.WriteLine($"CONFERENCE {seconds:0.00} s (from the line CONFERENCE started to CONFERENCE ended)");

        // What each side heard: both others' tones together, for the conference's length less 1 s of set-up.
        // baresip 1.0's sndfile stops recording what it hears when its call is held and does not
        // start again on resume (see the media test above): graham's recording ends at the hold, so
        // what graham received in the conference is read from the capture (the phone's PCMU to him).
        var grahamFile = ToneAnalysis.ReadWav(NewestRecording(_peers.RecordDir, recordFrom));
        _out.WriteLine($"CONFERENCE graham's sndfile recording: {grahamFile.Seconds:0.0} s (it stopped at the hold)");
        AssertBothTones("graham received (the phone's RTP to him, from the capture)", SentAudio(capture.PcapPath, media), PhoneToneHz, CarolToneHz, seconds);
        AssertBothTones("carol heard (sndfile)", ToneAnalysis.ReadWav(NewestRecording(carolRecordings, recordFrom)), PhoneToneHz, MediaPeers.BaresipToneHz, seconds);
        AssertBothTones("carol received (the phone's RTP to her, from the capture)", SentAudio(capture.PcapPath, media + 2), PhoneToneHz, MediaPeers.BaresipToneHz, seconds);
        AssertBothTones("phone heard (audio.out)", ToneAnalysis.ReadWav(audioOut), MediaPeers.BaresipToneHz, CarolToneHz, seconds);

        // tshark: both of the phone's streams (call 1 from the first port pair, call 2 from the next).
        foreach (int port in new[] { media, media + 2 })
        {
            var rtp = new RtpCapture(capture.PcapPath, port);
            int wrong = rtp.WrongPayload(0);
            _out.WriteLine($"CONFERENCE phone's stream from {port}: {rtp.Packets.Count} packets, sequence errors {rtp.SequenceErrors()}, lost {rtp.Lost}, wrong payload {wrong}, max jitter {rtp.MaxAudioJitterMs(0):0.000} ms, problems '{rtp.Problems}'");
            Assert.True(rtp.Packets.Count > ConferenceMs / 20, $"only {rtp.Packets.Count} RTP packets from port {port}");
            Assert.Equal(0, rtp.SequenceErrors());
            Assert.Equal(0, wrong);
            Assert.Equal(0, rtp.Lost);
            Assert.Equal("", rtp.Problems);
            Assert.NotEmpty(rtp.RtcpLines);
            var flaggedRtcp = rtp.FlaggedRtcp();
            Assert.True(flaggedRtcp.Count == 0, $"tshark flags the phone's RTCP from port {port + 1}: " + string.Join(" | ", flaggedRtcp));
        }
        var flagged = Tshark.FindMalformedSip(capture.PcapPath, new[] { phoneSip }).Where(f => f.Source.EndsWith(":" + phoneSip, StringComparison.Ordinal) || f.Source == "127.0.0.1").ToList();
        var sent = Tshark.ReadSip(capture.PcapPath, new[] { phoneSip }, "sip").Count;
        _out.WriteLine($"CONFERENCE tshark: {sent} SIP frames on the phone's port, flagged: {string.Join(" | ", flagged)}");
        Assert.True(sent > 10, "no SIP captured on the phone's port");
        Assert.Empty(flagged);
    }

    /// <summary>
    /// 100 ms blocks where both tones sound together (each at least a third of the block's RMS, the
    /// block not silent) cover the conference less 1 s; prints the frequencies found near each tone
    /// and how much of the blocks' power the two tones are (SNR against everything else).
    /// </summary>
    private void AssertBothTones(string what, ToneAnalysis heard, int hz1, int hz2, double conferenceSeconds)
    {
        int n = heard.Rate * ToneAnalysis.BlockMs / 1000;
        var found1 = new List<double>();
        var found2 = new List<double>();
        var snr = new List<double>();
        for (int start = 0; start + n <= heard.Samples.Length; start += n)
        {
            double sumSq = 0;
            for (int i = 0; i < n; i++) sumSq += (double)heard.Samples[start + i] * heard.Samples[start + i];
            double rms = Math.Sqrt(sumSq / n);
            if (rms < 300) continue;
            var (f1, a1) = Peak(heard, start, n, hz1);
            var (f2, a2) = Peak(heard, start, n, hz2);
            if (a1 < rms / 3 || a2 < rms / 3) continue;
            found1.Add(f1);
            found2.Add(f2);
            double tones = (a1 * a1 + a2 * a2) / 2, rest = Math.Max(rms * rms - tones, 1e-9);
            snr.Add(10 * Math.Log10(tones / rest));
        }
        double seconds = found1.Count * ToneAnalysis.BlockMs / 1000.0;
        double median = snr.Count == 0 ? 0 : snr.OrderBy(x => x).ElementAt(snr.Count / 2);
        _out.WriteLine(string.Format(CultureInfo.InvariantCulture,
            "CONFERENCE {0}: {1} Hz and {2} Hz together for {3:0.0} s of {4:0.0} s recorded (conference {5:0.0} s); found {6:0.0} Hz and {7:0.0} Hz (mean); median SNR of the two tones against the rest {8:0.0} dB",
            what, hz1, hz2, seconds, heard.Seconds, conferenceSeconds, found1.DefaultIfEmpty(0).Average(), found2.DefaultIfEmpty(0).Average(), median));
        Assert.True(seconds >= conferenceSeconds - 1.0, $"{what}: {hz1} Hz and {hz2} Hz heard together for only {seconds:0.0} s of a {conferenceSeconds:0.0} s conference");
        Assert.InRange(found1.Average(), hz1 * 0.98, hz1 * 1.02);
        Assert.InRange(found2.Average(), hz2 * 0.98, hz2 * 1.02);
    }

    /// <summary>The strongest frequency within ±2 % of hz in a block (1 Hz steps), and its amplitude.</summary>
    private static (double Hz, double Amplitude) Peak(ToneAnalysis a, int start, int n, int hz)
    {
        double best = 0, bestHz = hz;
        for (int f = (int)(hz * 0.98); f <= (int)(hz * 1.02); f++)
        {
            double p = a.Goertzel(start, n, f);
            if (p > best) { best = p; bestHz = f; }
        }
        return (bestHz, 2 * Math.Sqrt(best) / n);
    }

    /// <summary>The audio the phone sent from an RTP port, as its peer received it: the PCMU payloads in the capture, in order, decoded.</summary>
    private static ToneAnalysis SentAudio(string pcap, int port)
    {
        var (_, fields, _) = PeerProcess.RunTool("tshark", new[] { "-r", pcap, "-n", "-d", $"udp.port=={port},rtp",
            "-Y", $"rtp && udp.srcport=={port} && rtp.p_type==0", "-T", "fields", "-e", "rtp.payload" }, TimeSpan.FromSeconds(60));
        var samples = new List<short>();
        foreach (string line in fields.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string hex = line.Trim().Replace(":", "", StringComparison.Ordinal);
            for (int i = 0; i + 1 < hex.Length; i += 2)
                samples.Add(NanoPhone.Media.Codec.MuLaw.Decode(byte.Parse(hex.AsSpan(i, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture)));
        }
        return new ToneAnalysis(samples.ToArray(), 8000);
    }

    /// <summary>The newest sndfile recording of what a baresip heard (dump-*-dec.wav) in dir since the test began.</summary>
    private static string NewestRecording(string dir, DateTime since)
    {
        var deadline = DateTime.UtcNow + Short;
        while (true)
        {
            var files = new DirectoryInfo(dir).GetFiles("dump-*-dec.wav").Where(f => f.LastWriteTimeUtc >= since.AddSeconds(-1)).OrderByDescending(f => f.LastWriteTimeUtc).ToList();
            if (files.Count > 0 && files[0].Length > 44) return files[0].FullName;
            if (DateTime.UtcNow > deadline) throw new FileNotFoundException("no baresip recording in " + dir + ": " + string.Join(", ", Directory.GetFiles(dir)));
            Thread.Sleep(100);
        }
    }
}
