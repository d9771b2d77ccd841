using NanoPhone.Media.Rtp;
using Xunit;

namespace NanoPhone.Media.Tests.Rtp;

/// <summary>
/// RFC 3550 Appendix A.1 (sequence number validity) and A.3 (loss for reception reports):
/// - a new source is on probation until MIN_SEQUENTIAL (2) packets arrived in sequence;
/// - the sequence number wraps into the cycle count (extended highest sequence number);
/// - a jump of MAX_DROPOUT (3000) or more is dropped, unless the next packet follows it: then the
///   source restarted and counting starts again;
/// - late packets within MAX_MISORDER (100) are counted as received; duplicates are not;
/// - expected = extended max − base + 1; lost = expected − received; the fraction lost per report
///   interval is (lost_interval &lt;&lt; 8) / expected_interval, 0 when nothing was lost.
/// </summary>
public class SequenceTrackerTests
{
    private static SequenceTracker Valid(int first)
    {
        var t = new SequenceTracker();
        t.Start(first);
        Assert.Equal(SequenceVerdict.Probation, t.Update(first));
        Assert.Equal(SequenceVerdict.Accepted, t.Update((first + 1) & 0xFFFF));
        return t;
    }

    [Fact]
    public void A1_a_new_source_needs_two_packets_in_sequence_before_it_is_valid()
    {
        var t = new SequenceTracker();
        t.Start(100);
        Assert.Equal(SequenceVerdict.Probation, t.Update(100));
        Assert.Equal(SequenceVerdict.Probation, t.Update(500));    // out of sequence: probation restarts
        Assert.True(t.OnProbation);
        Assert.Equal(SequenceVerdict.Accepted, t.Update(501));
        Assert.False(t.OnProbation);
        Assert.Equal(1u, t.Received);
        Assert.Equal(1u, t.Expected);
    }

    [Fact]
    public void A1_the_sequence_number_wraps_into_the_cycle_count()
    {
        var t = Valid(65534);                                        // 65534 probation, 65535 accepted
        Assert.Equal(SequenceVerdict.Accepted, t.Update(0));
        Assert.Equal(SequenceVerdict.Accepted, t.Update(1));
        Assert.Equal(65536u + 1, t.ExtendedMax);
        Assert.Equal(3u, t.Expected);
        Assert.Equal(0, t.CumulativeLost);
    }

    [Fact]
    public void A1_a_large_jump_is_dropped_unless_the_next_packet_follows_it()
    {
        var t = Valid(1000);
        Assert.Equal(SequenceVerdict.Jump, t.Update(1001 + 3000));
        Assert.Equal(SequenceVerdict.Accepted, t.Update(1002));    // the old stream goes on
        Assert.Equal(SequenceVerdict.Jump, t.Update(30000));
        Assert.Equal(SequenceVerdict.Restarted, t.Update(30001));  // two in a row: the sender restarted
        Assert.Equal(1u, t.Received);
        Assert.Equal(30001u, t.ExtendedMax);
        Assert.Equal(0, t.CumulativeLost);
    }

    [Fact]
    public void A1_late_packets_count_as_received_and_duplicates_do_not()
    {
        var t = Valid(10);                                           // 11 received
        Assert.Equal(SequenceVerdict.Accepted, t.Update(13));      // 12 missing so far
        Assert.Equal(1, t.CumulativeLost);
        Assert.Equal(SequenceVerdict.Accepted, t.Update(12));      // late, within MAX_MISORDER
        Assert.Equal(0, t.CumulativeLost);
        Assert.Equal(SequenceVerdict.Duplicate, t.Update(12));
        Assert.Equal(SequenceVerdict.Duplicate, t.Update(13));
        Assert.Equal(0, t.CumulativeLost);
        Assert.Equal(3u, t.Received);
    }

    [Fact]
    public void A3_expected_lost_and_the_fraction_lost_per_report_interval()
    {
        var t = Valid(0);                                            // base_seq 1
        for (int s = 2; s <= 101; s++)
        {
            if (s % 10 != 0) t.Update(s);                          // 10, 20 … 100 lost: 10 of 101
        }
        Assert.Equal(101u, t.Expected);
        Assert.Equal(10, t.CumulativeLost);
        Assert.Equal((10 << 8) / 101, t.TakeFractionLost());
        for (int s = 102; s <= 200; s++) t.Update(s);                // nothing lost in the next interval
        Assert.Equal(0, t.TakeFractionLost());
        Assert.Equal(10, t.CumulativeLost24);
    }

    [Fact]
    public void A3_more_received_than_expected_gives_a_fraction_of_zero()
    {
        var t = Valid(0);
        for (int s = 2; s < 50; s++) t.Update(s);
        t.TakeFractionLost();
        Assert.Equal(0, t.TakeFractionLost());                      // an empty interval
    }
}
