using System;
using System.Collections.Generic;
using NanoPhone.Media.Codec;
using NanoPhone.Media.Rtp;
using NanoPhone.Media.Session;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Media.Tests.Support;

/// <summary>
/// A MediaSession with a recording transport, recorded events and a manual clock, and a peer at
/// 192.0.2.20:4000 (RTCP 4001) that sends 20 ms PCMU packets of a constant code. Our microphone
/// plays a ramp so sent payloads can be checked sample by sample.
/// </summary>
public sealed class CallRig
{
    public const uint PeerSsrc = 0x11223344;
    public readonly FakeTransport Net = new();
    public readonly RecordingEvents Events = new();
    public readonly MediaSession Session;
    public readonly MediaParameters Params = new();
    public readonly Endpoint Peer = Packets.At("192.0.2.20:4000");
    public readonly Endpoint PeerRtcp = Packets.At("192.0.2.20:4001");
    public readonly short[] Mic = new short[160];
    public readonly short[] Speaker = new short[160];
    public long Now = 10_000;
    public int PeerSeq = 5000;
    public uint PeerTs = 90_000;
    public byte PeerCode = 0xA0;

    public CallRig(MediaSettings? settings = null, IMediaRandom? random = null)
    {
        for (int i = 0; i < 160; i++) Mic[i] = (short)(i * 200 - 16000);
        Session = new MediaSession(Net, random ?? new FixedRandom(0xDEADBEEF, 0x0000FFF0, 0xFFFFFF00, 500, 500, 500), Events, settings ?? new MediaSettings());
        Params.Remote.CopyFrom(Peer);
        Params.PayloadType = G711.Pcmu;
        Params.TelephoneEventPayloadType = 101;
    }

    public CallRig Start()
    {
        Session.Start(Params, Now);
        return this;
    }

    /// <summary>n 20 ms ticks: microphone in, speaker out, RTCP.</summary>
    public void Tick(int n = 1)
    {
        for (int i = 0; i < n; i++)
        {
            Now += 20;
            Session.Tick(Mic, Speaker, Now);
        }
    }

    /// <summary>The peer's next 20 ms packet arrives now (from its SDP address unless from is given).</summary>
    public void PeerSends(Endpoint? from = null, uint ssrc = PeerSsrc, int pt = 0, bool marker = false)
    {
        // Written in place into one buffer, as a socket's receive buffer is reused (nothing allocated).
        RtpHeader.Write(_packet, 0, marker, pt, PeerSeq++, PeerTs, ssrc);
        for (int i = RtpHeader.FixedLength; i < _packet.Length; i++) _packet[i] = PeerCode;
        PeerTs += 160;
        Session.ReceiveRtp(_packet, 0, _packet.Length, from ?? Peer, Now);
    }

    private readonly byte[] _packet = new byte[RtpHeader.FixedLength + 160];

    /// <summary>A call in progress: the peer sends a packet every tick.</summary>
    public void Talk(int frames)
    {
        for (int i = 0; i < frames; i++)
        {
            PeerSends();
            Tick();
        }
    }

    public List<RtpHeader> SentRtp()
    {
        var list = new List<RtpHeader>();
        foreach (var s in Net.Rtp) list.Add(Packets.Parse(s.Data));
        return list;
    }

    public RtcpReader LastRtcp(uint aboutSsrc = 0)
    {
        var r = new RtcpReader();
        byte[] b = Net.Rtcp[^1].Data;
        if (r.Parse(b, 0, b.Length, aboutSsrc == 0 ? Session.Ssrc : aboutSsrc, PeerSsrc) != RtcpParseStatus.Ok)
            throw new InvalidOperationException("our RTCP does not parse");
        return r;
    }
}
