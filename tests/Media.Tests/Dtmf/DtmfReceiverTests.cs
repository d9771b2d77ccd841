using NanoPhone.Media.Dtmf;
using NanoPhone.Media.Tests.Support;
using Xunit;

namespace NanoPhone.Media.Tests.Dtmf;

/// <summary>
/// RFC 4733 §2.5.2, the receiver: an event is known by its timestamp (the time it began), so
/// - a key press gives exactly one key, however many updates and end packets it has;
/// - the key is reported even when the first packets were lost;
/// - pressing the same key again is a new event (new timestamp): a second key;
/// - a reordered packet of an earlier event reports nothing;
/// - §2.5.1.3: the next segment of a long event (timestamp advanced by the last duration, not ended)
///   is the same key press.
/// </summary>
public class DtmfReceiverTests
{
    private static char Feed(DtmfReceiver r, byte[] packet) => r.Receive(packet, 12, packet.Length - 12, Packets.Parse(packet).Timestamp);

    [Fact]
    public void One_key_per_event_however_many_updates_and_end_packets()
    {
        var r = new DtmfReceiver();
        Assert.Equal('7', Feed(r, Packets.Event(1, 4000, 7, false, 160, marker: true)));
        Assert.Equal('\0', Feed(r, Packets.Event(2, 4000, 7, false, 320)));
        Assert.Equal('\0', Feed(r, Packets.Event(3, 4000, 7, true, 480)));
        Assert.Equal('\0', Feed(r, Packets.Event(4, 4000, 7, true, 480)));
        Assert.Equal('\0', Feed(r, Packets.Event(5, 4000, 7, true, 480)));
        Assert.Equal(1, r.Events);
        Assert.True(r.LastEnded);
        Assert.Equal(480, r.LastDuration);
    }

    [Fact]
    public void A_key_whose_first_packets_were_lost_is_still_reported_once()
    {
        var r = new DtmfReceiver();
        Assert.Equal('#', Feed(r, Packets.Event(9, 123456, 11, true, 800)));
        Assert.Equal('\0', Feed(r, Packets.Event(10, 123456, 11, true, 800)));
        Assert.Equal(1, r.Events);
    }

    [Fact]
    public void The_same_key_pressed_twice_is_two_events_and_a_late_packet_of_the_first_is_nothing()
    {
        var r = new DtmfReceiver();
        Assert.Equal('1', Feed(r, Packets.Event(1, 1000, 1, true, 400)));
        Assert.Equal('1', Feed(r, Packets.Event(5, 3000, 1, false, 160, marker: true)));
        Assert.Equal('\0', Feed(r, Packets.Event(2, 1000, 1, true, 400)));
        Assert.Equal(2, r.Events);
    }

    [Fact]
    public void S2_5_1_3_the_next_segment_of_a_long_event_is_the_same_key_press()
    {
        var r = new DtmfReceiver();
        Assert.Equal('0', Feed(r, Packets.Event(1, 10_000, 0, false, 0xFFFF)));
        Assert.Equal('\0', Feed(r, Packets.Event(2, 10_000 + 0xFFFF, 0, false, 800)));
        Assert.Equal('\0', Feed(r, Packets.Event(3, 10_000 + 0xFFFF, 0, true, 1600)));
        Assert.Equal(1, r.Events);
    }

    [Fact]
    public void Short_payloads_and_unknown_event_codes_are_dropped_and_counted()
    {
        var r = new DtmfReceiver();
        Assert.Equal('\0', r.Receive(new byte[] { 5, 10, 0 }, 0, 3, 100));
        Assert.Equal('\0', r.Receive(new byte[] { 17, 10, 0, 160 }, 0, 4, 100));
        Assert.Equal(2, r.Malformed);
        Assert.Equal(0, r.Events);
    }
}
