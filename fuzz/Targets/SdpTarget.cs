#nullable disable
using System.Collections.Generic;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Sdp;

namespace NanoPhone.Fuzz;

/// <summary>
/// A received SDP body (an INVITE's offer): SessionDescription.TryParse, the hold and codec
/// queries, and SdpNegotiator.WriteAnswer (without and with our hold). Invariants: the same
/// result at another offset with nothing touched outside the body, and an answer that parses
/// again with one m= line per offered one (RFC 3264 §6), our port on the chosen stream only.
/// </summary>
public sealed class SdpTarget : FuzzTarget
{
    private readonly SessionDescription _sdp = new SessionDescription();
    private readonly SessionDescription _shifted = new SessionDescription();
    private readonly SessionDescription _answer = new SessionDescription();
    private readonly SipWriter _w = new SipWriter(WriterCapacity);
    private readonly LocalMedia _local = new LocalMedia();

    public override string Name { get { return "sdp"; } }

    public override string Description
    {
        get { return "one SDP body: SessionDescription.TryParse -> IsHold/HasFormat -> SdpNegotiator.WriteAnswer"; }
    }

    public override List<Seed> Seeds(string dataDir)
    {
        List<Seed> seeds = SeedData.Bodies(SeedData.Messages(dataDir));
        string[] extra =
        {
            "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 49170 RTP/AVP 0 8 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=ptime:20\r\n",
            "v=0\r\no=- 2 2 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\nm=audio 49170 RTP/AVP 8\r\na=sendonly\r\n",
            "v=0\r\no=- 3 3 IN IP6 2001:db8::1\r\ns=-\r\nc=IN IP6 2001:db8::1\r\nt=0 0\r\na=inactive\r\nm=audio 5004/2 RTP/AVP 18 0\r\na=recvonly\r\n",
            "v=0\r\no=- 4 4 IN IP4 h\r\ns=-\r\nt=0 0\r\nm=video 5006 RTP/AVP 96\r\nc=IN IP4 192.0.2.9\r\nm=audio 0 RTP/AVP 0\r\nm=audio 5008 RTP/SAVP 0 101\r\na=rtpmap:101 TELEPHONE-EVENT/8000\r\nm=application 9 TCP/BFCP *\r\n",
            "v=0\nm=audio 1 RTP/AVP 0\n",
        };
        for (int i = 0; i < extra.Length; i++) seeds.Add(new Seed("sdp-extra-" + i + ".sdp", CodecTarget.Ascii(extra[i])));
        seeds.AddRange(SeedData.Regressions(dataDir, Name));
        return seeds;
    }

    public override void Run(byte[] data)
    {
        byte[] exact = (byte[])data.Clone();
        bool ok = _sdp.TryParse(exact, 0, exact.Length);

        byte[] guarded = Guarded(data);
        bool shiftedOk = _shifted.TryParse(guarded, GuardLength, data.Length);
        CheckGuards(guarded, data.Length, "SessionDescription.TryParse");
        Check(shiftedOk == ok && _shifted.Error == _sdp.Error, "TryParse's verdict depends on the body's offset");
        Check(_shifted.MediaCount == _sdp.MediaCount, "the m= line count depends on the offset");
        for (int m = 0; m < _sdp.MediaCount; m++)
        {
            Check(_shifted.Port[m] == _sdp.Port[m] && _shifted.IsAudio[m] == _sdp.IsAudio[m]
                && _shifted.FormatCount[m] == _sdp.FormatCount[m] && _shifted.TelephoneEvent[m] == _sdp.TelephoneEvent[m]
                && _shifted.Direction[m] == _sdp.Direction[m] && _shifted.LineLength[m] == _sdp.LineLength[m]
                && _shifted.ProtoLength[m] == _sdp.ProtoLength[m], "media line " + m + " depends on the offset");
        }
        if (!ok) return;

        Check(_sdp.MediaCount >= 0 && _sdp.MediaCount <= SessionDescription.MaxMedia, "MediaCount out of range");
        for (int m = 0; m < _sdp.MediaCount; m++)
        {
            Check(_sdp.LineOffset[m] >= 0 && _sdp.LineOffset[m] + _sdp.LineLength[m] <= exact.Length, "an m= line view outside the body");
            Check(_sdp.ProtoOffset[m] >= 0 && _sdp.ProtoLength[m] >= 0 && _sdp.ProtoOffset[m] + _sdp.ProtoLength[m] <= exact.Length, "a proto view outside the body");
            Check(_sdp.FormatCount[m] >= 0 && _sdp.FormatCount[m] <= SessionDescription.MaxFormats, "FormatCount out of range");
            _ = _sdp.IsHold(m);
            _ = _sdp.HasFormat(m, LocalMedia.Pcmu);
        }
        int first = _sdp.FirstAudio;
        Check(first < _sdp.MediaCount, "FirstAudio out of range");

        Answer(false);
        Answer(true);
    }

    private void Answer(bool weHold)
    {
        int codec = SdpNegotiator.WriteAnswer(_w, _sdp, _local, weHold);
        if (codec < 0) return;
        Check(LocalMedia.Supports(codec), "the answer chose a codec we do not have");
        byte[] copy = new byte[_w.Length];
        System.Buffer.BlockCopy(_w.Buffer, 0, copy, 0, copy.Length);
        Check(_answer.TryParse(copy, 0, copy.Length), "our SDP answer does not parse: " + _answer.Error);
        Check(_answer.MediaCount == _sdp.MediaCount, "the answer's m= lines do not match the offer's (RFC 3264 §6)");
        int chosen = _answer.FirstAudio;
        Check(chosen >= 0 && _answer.Port[chosen] == _local.RtpPort && _answer.HasFormat(chosen, codec), "the answer's audio stream is not ours");
        for (int m = 0; m < _answer.MediaCount; m++)
        {
            Check(m == chosen || _answer.Port[m] == 0, "a stream other than the chosen one is not rejected");
        }
    }
}
