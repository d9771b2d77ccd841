using System.Collections.Generic;
using NanoPhone.Media.Dtmf;
using Xunit;

namespace NanoPhone.Media.Tests.Dtmf;

/// <summary>
/// RFC 4733 §2.5.1, the sender of telephone-events, one packet per 20 ms frame:
/// - §2.5.1.1/§2.5.1.2: the first packet has the marker bit; every packet of the event carries the
///   event's start as its timestamp and the duration so far, growing by a frame each packet;
/// - §2.3: event code, E bit, volume (−10 dBm0), 16-bit duration;
/// - §2.5.1.4: the final packet, with E set and the full duration, goes three times;
/// - keys pressed meanwhile wait their turn, with 40 ms of audio between two events (ITU-T Q.24).
/// </summary>
public class DtmfSenderTests
{
    private sealed record Pkt(uint Ts, bool Marker, int Code, bool End, int Volume, int Duration);

    private static List<Pkt?> Frames(DtmfSender s, int frames, uint firstFrameTs = 8000)
    {
        var list = new List<Pkt?>();
        var b = new byte[4];
        for (int f = 0; f < frames; f++)
        {
            int n = s.NextFrame(firstFrameTs + (uint)(160 * f), 160, b, 0, out uint ts, out bool m);
            list.Add(n == 0 ? null : new Pkt(ts, m, b[0], (b[1] & 0x80) != 0, b[1] & 0x3F, (b[2] << 8) | b[3]));
        }
        return list;
    }

    [Fact]
    public void S2_5_1_a_100_ms_key_press_is_five_updates_then_three_end_packets()
    {
        var s = new DtmfSender();
        Assert.True(s.Enqueue(DtmfEvent.FromDigit('5'), 100));
        var p = Frames(s, 10);
        Assert.Equal(new Pkt(8000, true, 5, false, 10, 160), p[0]);
        Assert.Equal(new Pkt(8000, false, 5, false, 10, 320), p[1]);
        Assert.Equal(new Pkt(8000, false, 5, false, 10, 480), p[2]);
        Assert.Equal(new Pkt(8000, false, 5, false, 10, 640), p[3]);
        Assert.Equal(new Pkt(8000, false, 5, true, 10, 800), p[4]);   // the final packet …
        Assert.Equal(new Pkt(8000, false, 5, true, 10, 800), p[5]);   // … sent three times
        Assert.Equal(new Pkt(8000, false, 5, true, 10, 800), p[6]);
        Assert.Null(p[7]);                                             // then audio
        Assert.False(s.Busy);
    }

    [Fact]
    public void Keys_pressed_meanwhile_follow_after_40_ms_of_audio_each_with_its_own_timestamp()
    {
        var s = new DtmfSender();
        s.Enqueue(DtmfEvent.FromDigit('1'), 40);
        s.Enqueue(DtmfEvent.FromDigit('#'), 40);
        var p = Frames(s, 12);
        // '1': frames 0–1 updates (the second is the first end), 2–3 the other ends; 4–5 audio; '#' from 6.
        Assert.True(p[0]!.Marker && p[0]!.Code == 1);
        Assert.True(p[1]!.End && p[2]!.End && p[3]!.End);
        Assert.Null(p[4]);
        Assert.Null(p[5]);
        Assert.Equal(new Pkt(8000 + 6 * 160, true, 11, false, 10, 160), p[6]);
        Assert.Equal(2, s.EventsSent);
    }

    [Fact]
    public void Event_codes_of_RFC_4733_table_7()
    {
        Assert.Equal(0, DtmfEvent.FromDigit('0'));
        Assert.Equal(9, DtmfEvent.FromDigit('9'));
        Assert.Equal(10, DtmfEvent.FromDigit('*'));
        Assert.Equal(11, DtmfEvent.FromDigit('#'));
        Assert.Equal(12, DtmfEvent.FromDigit('A'));
        Assert.Equal(15, DtmfEvent.FromDigit('d'));
        Assert.Equal(16, DtmfEvent.FromDigit('!'));
        Assert.Equal(-1, DtmfEvent.FromDigit('x'));
        Assert.Equal('#', DtmfEvent.ToDigit(11));
        Assert.Equal('\0', DtmfEvent.ToDigit(17));
    }

    [Fact]
    public void A_full_queue_and_unknown_codes_are_refused()
    {
        var s = new DtmfSender();
        for (int i = 0; i < DtmfSender.QueueLength; i++) Assert.True(s.Enqueue(1, 100));
        Assert.False(s.Enqueue(1, 100));
        Assert.False(new DtmfSender().Enqueue(17, 100));
        Assert.False(new DtmfSender().Enqueue(-1, 100));
    }
}
