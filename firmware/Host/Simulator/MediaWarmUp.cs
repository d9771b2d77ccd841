using NanoPhone.Media.Codec;
using NanoPhone.Media.Session;
using NanoPhone.Media.Tones;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Host.Simulator;

/// <summary>
/// Runs the media path once at start-up on a transport that drops everything, so that .NET compiles
/// it before the first call: otherwise the first frames of the first call wait for the JIT and go
/// out bunched (tens of ms late), which the far end measures as jitter. The device interprets IL and
/// has nothing to warm.
/// </summary>
public static class MediaWarmUp
{
    public static void Run()
    {
        var session = new MediaSession(new Nowhere(), new Counter(), null, new MediaSettings());
        var p = new MediaParameters { PayloadType = G711.Pcmu, TelephoneEventPayloadType = 101 };
        p.Remote.SetIPv4(192, 0, 2, 1, 9);
        short[] mic = new short[MediaSession.FrameSamples], speaker = new short[MediaSession.FrameSamples];
        byte[] packet = new byte[12 + 160];
        var from = new Endpoint("192.0.2.1", 9);
        var tones = new TonePlayer();
        tones.Start(ToneSet.Us.Dial);
        for (int law = 0; law < 2; law++)
        {
            p.PayloadType = law == 0 ? G711.Pcmu : G711.Pcma;
            session.Start(p, 0);
            session.SendDigit('5');
            for (int i = 0; i < 50; i++)
            {
                packet[0] = 0x80;
                packet[1] = (byte)p.PayloadType;
                packet[3] = (byte)i;
                uint ts = (uint)(i * 160);
                packet[4] = (byte)(ts >> 24); packet[5] = (byte)(ts >> 16); packet[6] = (byte)(ts >> 8); packet[7] = (byte)ts;
                packet[11] = 1;
                session.ReceiveRtp(packet, 0, packet.Length, from, i * 20);
                tones.Fill(mic, 0, mic.Length);
                session.Tick(mic, speaker, i * 20);
                tones.Mix(speaker, 0, speaker.Length);
            }
            session.Stop(1000);
        }
    }

    private sealed class Nowhere : IMediaTransport
    {
        public bool SendRtp(byte[] buf, int off, int len, Endpoint to) => true;

        public bool SendRtcp(byte[] buf, int off, int len, Endpoint to) => true;
    }

    private sealed class Counter : IMediaRandom
    {
        private uint _n = 0x9E3779B9;

        public uint Next() => _n = _n * 1664525 + 1013904223;
    }
}
