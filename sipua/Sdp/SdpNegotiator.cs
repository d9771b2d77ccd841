using NanoPhone.Sip.Message;

namespace NanoPhone.Sip.Sdp;

/// <summary>
/// Offer/answer for the phone's audio (RFC 3264): writes offers, and answers received offers with
/// PCMU/PCMA and telephone-event chosen from what was offered. Output goes into a SipWriter that
/// holds only the body, so the message can state its Content-Length.
/// </summary>
public static class SdpNegotiator
{
    /// <summary>Writes an offer on the configured port (<see cref="LocalMedia.RtpPort"/>).</summary>
    public static void WriteOffer(SipWriter w, LocalMedia local, MediaDirection direction)
    {
        WriteOffer(w, local, local.RtpPort, direction);
    }

    /// <summary>Writes an offer: PCMU, PCMA and telephone-event on rtpPort, with the given direction.</summary>
    public static void WriteOffer(SipWriter w, LocalMedia local, int rtpPort, MediaDirection direction)
    {
        w.Reset();
        Session(w, local);
        w.Text("m=audio ").Number(rtpPort).Text(" RTP/AVP");
        for (int i = 0; i < LocalMedia.Codecs.Length; i++) w.Byte((byte)' ').Number(LocalMedia.Codecs[i]);
        w.Byte((byte)' ').Number(LocalMedia.TelephoneEventOffered).Crlf();
        for (int i = 0; i < LocalMedia.Codecs.Length; i++) RtpMap(w, LocalMedia.Codecs[i], LocalMedia.CodecName(LocalMedia.Codecs[i]));
        RtpMap(w, LocalMedia.TelephoneEventOffered, "telephone-event/8000");
        w.Text("a=fmtp:").Number(LocalMedia.TelephoneEventOffered).Text(" 0-16").Crlf();
        w.Text("a=ptime:20").Crlf();
        w.Text("a=").Text(MediaDirections.Attribute(direction)).Crlf();
    }

    /// <summary>
    /// The stream an answer takes (RFC 3264 §6): the first audio stream with a port and a codec the
    /// phone has; -1 when there is none. codec is its first such codec, in the offer's order.
    /// </summary>
    public static int ChooseStream(SessionDescription offer, out int codec)
    {
        codec = -1;
        for (int m = 0; m < offer.MediaCount; m++)
        {
            if (!offer.IsAudio[m] || offer.Port[m] == 0) continue;
            for (int i = 0; i < offer.FormatCount[m]; i++)
            {
                if (LocalMedia.Supports(offer.Formats[m][i]))
                {
                    codec = offer.Formats[m][i];
                    return m;
                }
            }
        }
        return -1;
    }

    /// <summary>Writes the answer to an offer on the configured port (<see cref="LocalMedia.RtpPort"/>).</summary>
    public static int WriteAnswer(SipWriter w, SessionDescription offer, LocalMedia local, bool weHold)
    {
        return WriteAnswer(w, offer, local, local.RtpPort, weHold);
    }

    /// <summary>
    /// Writes the answer to an offer, one m= line per offered one (RFC 3264 §6): the chosen audio
    /// stream (<see cref="ChooseStream"/>) gets rtpPort, the common codecs in the offer's order plus
    /// telephone-event if offered; every other stream is rejected with port 0. Returns the first
    /// chosen codec, or -1 when no offered audio stream has a codec in common (the caller answers 488).
    /// </summary>
    public static int WriteAnswer(SipWriter w, SessionDescription offer, LocalMedia local, int rtpPort, bool weHold)
    {
        w.Reset();
        int chosenCodec;
        int chosenMedia = ChooseStream(offer, out chosenCodec);
        if (chosenMedia < 0) return -1;

        Session(w, local);
        for (int m = 0; m < offer.MediaCount; m++)
        {
            if (m != chosenMedia)
            {
                w.Text("m=").Bytes(offer.Buffer, offer.LineOffset[m], MediaNameLength(offer, m)).Text(" 0 ")
                    .Bytes(offer.Buffer, offer.ProtoOffset[m], offer.ProtoLength[m]).Crlf();
                continue;
            }
            w.Text("m=audio ").Number(rtpPort).Text(" RTP/AVP");
            for (int i = 0; i < offer.FormatCount[m]; i++)
            {
                int pt = offer.Formats[m][i];
                if (LocalMedia.Supports(pt)) w.Byte((byte)' ').Number(pt);
            }
            int te = offer.TelephoneEvent[m];
            if (te >= 0) w.Byte((byte)' ').Number(te);
            w.Crlf();
            for (int i = 0; i < offer.FormatCount[m]; i++)
            {
                int pt = offer.Formats[m][i];
                if (LocalMedia.Supports(pt)) RtpMap(w, pt, LocalMedia.CodecName(pt));
            }
            if (te >= 0)
            {
                RtpMap(w, te, "telephone-event/8000");
                w.Text("a=fmtp:").Number(te).Text(" 0-16").Crlf();
            }
            w.Text("a=ptime:20").Crlf();
            w.Text("a=").Text(MediaDirections.Attribute(MediaDirections.Answer(offer.EffectiveDirection(m), weHold))).Crlf();
        }
        return chosenCodec;
    }

    /// <summary>
    /// True when the offer removes the audio (RFC 3264 §8.2): it has an audio stream, every audio
    /// stream has port 0, and none could be taken anyway.
    /// </summary>
    public static bool RemovesAudio(SessionDescription offer)
    {
        bool audio = false;
        for (int m = 0; m < offer.MediaCount; m++)
        {
            if (!offer.IsAudio[m]) continue;
            if (offer.Port[m] != 0) return false;
            audio = true;
        }
        return audio;
    }

    /// <summary>The answer that accepts the removal of every stream: each m= line back with port 0 (RFC 3264 §6, §8.2).</summary>
    public static void WriteAllRejected(SipWriter w, SessionDescription offer, LocalMedia local)
    {
        w.Reset();
        Session(w, local);
        for (int m = 0; m < offer.MediaCount; m++)
        {
            w.Text("m=").Bytes(offer.Buffer, offer.LineOffset[m], MediaNameLength(offer, m)).Text(" 0 ")
                .Bytes(offer.Buffer, offer.ProtoOffset[m], offer.ProtoLength[m]).Crlf();
        }
    }

    private static int MediaNameLength(SessionDescription offer, int m)
    {
        // "m=" is not part of the view; the view starts at the media name.
        int n = 0;
        while (n < offer.LineLength[m] && offer.Buffer[offer.LineOffset[m] + n] != (byte)' ') n++;
        return n;
    }

    private static void Session(SipWriter w, LocalMedia local)
    {
        string ipv = local.AddressIsIpv6 ? "IP6" : "IP4";
        w.Text("v=0").Crlf();
        w.Text("o=nanophone ").Number(local.SessionId).Byte((byte)' ').Number(local.SessionVersion)
            .Text(" IN ").Text(ipv).Byte((byte)' ').Text(local.Address).Crlf();
        w.Text("s=-").Crlf();
        w.Text("c=IN ").Text(ipv).Byte((byte)' ').Text(local.Address).Crlf();
        w.Text("t=0 0").Crlf();
    }

    private static void RtpMap(SipWriter w, int pt, string name)
    {
        w.Text("a=rtpmap:").Number(pt).Byte((byte)' ').Text(name).Crlf();
    }
}
