using NanoPhone.Media.Codec;
using NanoPhone.Media.Rtp;
using NanoPhone.Media.Session;
using NanoPhone.Media.Tones;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Bench.Media
{
    /// <summary>
    /// A call in progress for timing one 20 ms media frame, portable (no generics, no System.Math:
    /// it compiles for nanoFramework too, so a nanoFramework benchmark can time the same frame).
    /// <see cref="Frame"/>: the peer's RTP packet arrives (written in place into one reused buffer, as
    /// a socket's), then the session's Tick sends the microphone frame (a 1 kHz tone, as RTP) and plays
    /// a speaker frame, with RTCP when due (every ~4 s). The transport counts and drops what is sent.
    /// </summary>
    public sealed class MediaFrameRig
    {
        private sealed class CountingTransport : IMediaTransport
        {
            public int Rtp;
            public int Rtcp;

            public bool SendRtp(byte[] buf, int off, int len, Endpoint to)
            {
                Rtp++;
                return true;
            }

            public bool SendRtcp(byte[] buf, int off, int len, Endpoint to)
            {
                Rtcp++;
                return true;
            }
        }

        private sealed class Xorshift : IMediaRandom
        {
            private uint _x = 2463534242u;

            public uint Next()
            {
                _x ^= _x << 13;
                _x ^= _x >> 17;
                _x ^= _x << 5;
                return _x;
            }
        }

        public const uint PeerSsrc = 0x11223344;

        private readonly CountingTransport _net = new CountingTransport();
        private readonly Endpoint _peer = new Endpoint();
        private readonly byte[] _packet = new byte[RtpHeader.FixedLength + 160];
        private readonly short[] _mic = new short[160];
        private readonly short[] _speaker = new short[160];
        private int _seq;
        private uint _ts;
        private long _now;

        public readonly MediaSession Session;

        /// <param name="warmUpFrames">Frames run before timing: past A.1's probation, the first reports, the delay's settling.</param>
        public MediaFrameRig(int warmUpFrames)
        {
            _peer.SetIPv4(192, 0, 2, 20, 4000);
            var p = new MediaParameters();
            p.Remote.CopyFrom(_peer);
            p.PayloadType = G711.Pcmu;
            p.TelephoneEventPayloadType = 101;
            Session = new MediaSession(_net, new Xorshift(), null, new MediaSettings());
            Session.Start(p, 0);
            var tone = new TonePlayer();
            tone.Level = 8000;
            tone.Start(new Tone(ToneKind.None, 1000, 0, null));
            tone.Fill(_mic, 0, 160);                    // 1 kHz: 8 samples a period, the same every frame
            G711.Encode(G711.Pcmu, _mic, 0, _packet, RtpHeader.FixedLength, 160);
            for (int i = 0; i < warmUpFrames; i++) Frame();
        }

        public int RtpSent { get { return _net.Rtp; } }

        public int RtcpSent { get { return _net.Rtcp; } }

        /// <summary>One 20 ms frame of the call; returns a speaker sample (so nothing is optimised away).</summary>
        public int Frame()
        {
            RtpHeader.Write(_packet, 0, false, G711.Pcmu, _seq, _ts, PeerSsrc);
            _seq = (_seq + 1) & 0xFFFF;
            _ts += 160;
            _now += 20;
            Session.ReceiveRtp(_packet, 0, _packet.Length, _peer, _now);
            Session.Tick(_mic, _speaker, _now);
            return _speaker[80];
        }
    }
}
