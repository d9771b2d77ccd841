using System;
using NanoPhone.App.Phone;
using Xunit;

namespace NanoPhone.App.Tests.Phone;

public class CallLogTests
{
    [Fact]
    public void Newest_first_and_the_oldest_makes_room_when_full()
    {
        var log = new CallLog(3);
        Assert.Equal(3, log.Capacity);
        Assert.Equal(0, log.Count);
        for (int i = 1; i <= 5; i++) log.Add(CallLogKind.Missed, "caller " + i, null, i * 1000, 0);
        Assert.Equal(3, log.Count);
        Assert.Equal("caller 5", log.Peer(0));
        Assert.Equal("caller 4", log.Peer(1));
        Assert.Equal("caller 3", log.Peer(2));
        Assert.Equal(5000, log.AtMs(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => log.Entry(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => log.Entry(-1));
    }

    [Fact]
    public void Entries_read_as_one_line_each()
    {
        var log = new CallLog(CallLog.DefaultCapacity);
        log.Add(CallLogKind.Answered, "Graham <sip:graham@example.com>", null, 3_725_000, 63);
        log.Add(CallLogKind.Forwarded, "sip:bob@example.com", "sip:vm@example.com", 3_726_000, 0);
        log.Add(CallLogKind.Rejected, "sip:scan@203.0.113.9", "486 Busy Here", 3_727_000, 0);
        log.Add(CallLogKind.AnsweredElsewhere, "sip:bob@example.com", null, 3_728_000, 0);
        log.Add(CallLogKind.Missed, null!, null, 360_000_000, 0);
        log.Add(CallLogKind.Forwarded, "sip:carol@example.com", "", 0, 0);
        log.Add(CallLogKind.Rejected, "sip:dave@example.com", "", 0, 0);
        Assert.Equal("(time not set, up 00:00:00) rejected sip:dave@example.com", log.Entry(0));
        Assert.Equal("(time not set, up 00:00:00) forwarded sip:carol@example.com", log.Entry(1));
        Assert.Equal("(time not set, up 100:00:00) missed ", log.Entry(2));
        Assert.Equal("(time not set, up 01:02:08) answered elsewhere sip:bob@example.com", log.Entry(3));
        Assert.Equal("(time not set, up 01:02:07) rejected sip:scan@203.0.113.9 (486 Busy Here)", log.Entry(4));
        Assert.Equal("(time not set, up 01:02:06) forwarded sip:bob@example.com to sip:vm@example.com", log.Entry(5));
        Assert.Equal("(time not set, up 01:02:05) answered Graham <sip:graham@example.com>, 63 s", log.Entry(6));
        Assert.Equal(63, log.Seconds(6));
        Assert.Equal("sip:vm@example.com", log.Detail(5));
        Assert.Equal(CallLogKind.Answered, log.Kind(6));
    }

    [Fact]
    public void Our_own_calls_read_as_dialled_with_their_length_or_how_they_were_given_up_and_failed_with_why()
    {
        // The wall clock was set at 3,728 s of uptime to 2026-12-06 14:00:00 UTC: every entry has its date.
        var clock = new NanoPhone.Sip.Timing.ManualClock(3_728_000);
        var wall = new NanoPhone.App.Time.WallClock(clock);
        Assert.True(wall.Sync(1_796_565_600_000));
        var log = new CallLog(CallLog.DefaultCapacity) { Clock = wall };
        log.Add(CallLogKind.Dialled, "sip:1234@example.com", null, 3_725_000, 42);
        log.Add(CallLogKind.Dialled, "sip:1234@example.com", "cancelled", 3_726_000, 0);
        log.Add(CallLogKind.Failed, "sip:1234@example.com", "486 Busy Here", 3_727_000, 0);
        log.Add(CallLogKind.Failed, "sip:1234@example.com", "", 3_728_000, 0);
        Assert.Equal("2026-12-06 14:00:00 UTC failed sip:1234@example.com", log.Entry(0));
        Assert.Equal("2026-12-06 13:59:59 UTC failed sip:1234@example.com (486 Busy Here)", log.Entry(1));
        Assert.Equal("2026-12-06 13:59:58 UTC dialled sip:1234@example.com (cancelled)", log.Entry(2));
        Assert.Equal("2026-12-06 13:59:57 UTC dialled sip:1234@example.com, 42 s", log.Entry(3));
        Assert.Equal("dialled", CallLog.KindName(CallLogKind.Dialled));
        Assert.Equal("failed", CallLog.KindName(CallLogKind.Failed));
    }

    [Fact]
    public void Clear_empties_it_and_a_capacity_below_one_is_refused()
    {
        var log = new CallLog(2);
        log.Add(CallLogKind.Missed, "a", null, 0, 0);
        log.Clear();
        Assert.Equal(0, log.Count);
        log.Add(CallLogKind.Missed, "b", null, 0, 0);
        Assert.Equal("b", log.Peer(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CallLog(0));
    }
}
