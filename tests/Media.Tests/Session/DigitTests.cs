using System.Linq;
using NanoPhone.Media.Session;
using NanoPhone.Media.Tests.Support;
using Xunit;

namespace NanoPhone.Media.Tests.Session;

/// <summary>
/// RFC 4733 in a call: a key pressed goes out as telephone-events with the negotiated payload type,
/// in the stream's own sequence numbers (§2.5.1), with no audio for the frames it covers; a digit
/// cannot go in-band when telephone-event was not negotiated or we do not send (then SIP INFO);
/// received events give one DigitReceived each (§2.5.2).
/// </summary>
public class DigitTests
{
    [Fact]
    public void A_key_goes_out_as_events_with_the_negotiated_type_and_audio_resumes_on_the_media_clock()
    {
        var rig = new CallRig();
        rig.Params.TelephoneEventPayloadType = 96;
        rig.Start();
        rig.Tick(3);
        Assert.True(rig.Session.SendDigit('9'));
        rig.Tick(12);
        var sent = rig.SentRtp();
        Assert.Equal(15, sent.Count);
        var events = sent.Skip(3).Take(7).ToList();
        Assert.All(events, h => Assert.Equal(96, h.PayloadType));
        Assert.All(events, h => Assert.Equal(sent[2].Timestamp + 160, h.Timestamp));
        Assert.True(events[0].Marker);
        Assert.All(events.Skip(1), h => Assert.False(h.Marker));
        for (int i = 1; i < sent.Count; i++) Assert.Equal((sent[i - 1].Sequence + 1) & 0xFFFF, sent[i].Sequence);
        Assert.Equal(0, sent[10].PayloadType);                                 // audio again
        Assert.Equal(sent[2].Timestamp + 8 * 160, sent[10].Timestamp);         // 7 frames of event later
        Assert.Equal(1, rig.Session.Stats.DigitsSent);
    }

    [Fact]
    public void Without_telephone_event_or_while_not_sending_digits_go_by_sip_info()
    {
        var rig = new CallRig();
        rig.Params.TelephoneEventPayloadType = -1;
        rig.Start();
        Assert.False(rig.Session.CanSendDigits);
        Assert.False(rig.Session.SendDigit('1'));
        rig.Params.TelephoneEventPayloadType = 101;
        rig.Params.Direction = StreamDirection.RecvOnly;
        rig.Session.Update(rig.Params, rig.Now);
        Assert.False(rig.Session.SendDigit('1'));
        rig.Params.Direction = StreamDirection.SendRecv;
        rig.Session.Update(rig.Params, rig.Now);
        Assert.True(rig.Session.SendDigit('1'));
        Assert.False(rig.Session.SendDigit('x'));
    }

    [Fact]
    public void Keys_waiting_when_a_new_answer_drops_telephone_event_are_not_sent()
    {
        var rig = new CallRig().Start();
        Assert.True(rig.Session.SendDigit('1'));
        Assert.True(rig.Session.SendDigit('2'));
        rig.Params.TelephoneEventPayloadType = -1;
        rig.Session.Update(rig.Params, rig.Now);
        rig.Tick(20);
        Assert.All(rig.SentRtp(), h => Assert.Equal(0, h.PayloadType));
        Assert.Equal(0, rig.Session.Stats.DigitsSent);
    }

    [Fact]
    public void Received_events_give_one_digit_per_key_press()
    {
        var rig = new CallRig().Start();
        rig.Talk(3);
        uint ts = rig.PeerTs;
        void Send(byte[] p) { rig.Session.ReceiveRtp(p, 0, p.Length, rig.Peer, rig.Now); }
        Send(Packets.Event(rig.PeerSeq++, ts, 5, false, 160, marker: true));
        Send(Packets.Event(rig.PeerSeq++, ts, 5, false, 320));
        Send(Packets.Event(rig.PeerSeq++, ts, 5, true, 480));
        Send(Packets.Event(rig.PeerSeq++, ts, 5, true, 480));
        Send(Packets.Event(rig.PeerSeq++, ts, 5, true, 480));
        Send(Packets.Event(rig.PeerSeq++, ts + 1600, 11, true, 480));
        Assert.Equal(new[] { '5', '#' }, rig.Events.Digits);
        Assert.Equal(2, rig.Session.Stats.DigitsReceived);
        byte[] otherType = Packets.Event(rig.PeerSeq++, ts + 3200, 1, true, 480, pt: 100);
        Send(otherType);
        Assert.Equal(1, rig.Session.Stats.UnknownPayloadType);
        Assert.Equal(2, rig.Events.Digits.Count);
    }
}
