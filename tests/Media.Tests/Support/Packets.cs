using NanoPhone.Media.Dtmf;
using NanoPhone.Media.Rtp;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Media.Tests.Support;

/// <summary>Builders for the peer's packets and addresses in tests.</summary>
public static class Packets
{
    public static Endpoint At(string hostPort)
    {
        var e = new Endpoint();
        if (!e.TryParse(hostPort, 0)) throw new System.ArgumentException(hostPort);
        return e;
    }

    /// <summary>An RTP packet with payload bytes of value fill (G.711 codes).</summary>
    public static byte[] Packet(int seq, uint ts, uint ssrc = 0x11223344, int pt = 0, bool marker = false, int payload = 160, byte fill = 0xFF)
    {
        byte[] b = new byte[RtpHeader.FixedLength + payload];
        RtpHeader.Write(b, 0, marker, pt, seq, ts, ssrc);
        for (int i = RtpHeader.FixedLength; i < b.Length; i++) b[i] = fill;
        return b;
    }

    /// <summary>An RTP packet carrying a given payload.</summary>
    public static byte[] Packet(int seq, uint ts, uint ssrc, int pt, bool marker, byte[] payload)
    {
        byte[] b = new byte[RtpHeader.FixedLength + payload.Length];
        RtpHeader.Write(b, 0, marker, pt, seq, ts, ssrc);
        payload.CopyTo(b, RtpHeader.FixedLength);
        return b;
    }

    /// <summary>A telephone-event packet (RFC 4733 §2.3).</summary>
    public static byte[] Event(int seq, uint ts, int code, bool end, int duration, bool marker = false, uint ssrc = 0x11223344, int pt = 101)
    {
        byte[] b = new byte[RtpHeader.FixedLength + 4];
        RtpHeader.Write(b, 0, marker, pt, seq, ts, ssrc);
        DtmfSender.Write(b, RtpHeader.FixedLength, code, end, duration);
        return b;
    }

    public static RtpHeader Parse(byte[] b)
    {
        var h = new RtpHeader();
        Xunit.Assert.Equal(RtpParseStatus.Ok, h.Parse(b, 0, b.Length));
        return h;
    }
}
