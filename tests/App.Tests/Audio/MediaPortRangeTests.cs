using System.Collections.Generic;
using NanoPhone.App.Audio;
using Xunit;

namespace NanoPhone.App.Tests.Audio;

/// <summary>
/// The RTP ports calls take from media.port.min/max (RFC 3550 §11: RTP on an even port, RTCP on the
/// next one). Scenarios:
///  1. the default range 4000-4099 gives 50 pairs, 4000 to 4098, in turn, then wraps round;
///  2. an odd min starts at the next even port; an even max leaves its own port out (its RTCP would fall outside);
///  3. max below min + 1: the one pair at min, and the reason said;
///  4. the line for a call that found every pair taken names the range.
/// </summary>
public class MediaPortRangeTests
{
    [Fact]
    public void The_default_range_gives_even_ports_4000_to_4098_in_turn_and_wraps()
    {
        var range = new MediaPortRange(4000, 4099);
        Assert.Null(range.Problem);
        Assert.Equal(50, range.PairCount);
        var ports = new List<int>();
        for (int i = 0; i < 51; i++) ports.Add(range.Next());
        Assert.Equal(4000, ports[0]);
        Assert.Equal(4002, ports[1]);
        Assert.Equal(4098, ports[49]);
        Assert.Equal(4000, ports[50]);
        Assert.All(ports, p => Assert.Equal(0, p & 1));
    }

    [Theory]
    [InlineData(4001, 4010, 4002, 4008)]   // 4010's RTCP would be 4011, outside the range
    [InlineData(4001, 4011, 4002, 4010)]
    [InlineData(5000, 5001, 5000, 5000)]   // exactly one pair
    public void Odd_and_even_bounds_keep_RTP_even_and_RTCP_inside_the_range(int min, int max, int first, int last)
    {
        var range = new MediaPortRange(min, max);
        Assert.Null(range.Problem);
        Assert.Equal(first, range.First);
        Assert.Equal(last, range.Last);
        Assert.Equal((last - first) / 2 + 1, range.PairCount);
        Assert.Equal(first, range.Next());
    }

    [Fact]
    public void A_max_below_min_gives_the_one_pair_at_min_and_says_why()
    {
        var range = new MediaPortRange(6000, 5000);
        Assert.Equal("media.port.max 5000 is below media.port.min 6000: calls take the one pair 6000-6001 (set media.port.max above media.port.min)", range.Problem);
        Assert.Equal(1, range.PairCount);
        Assert.Equal(6000, range.Next());
        Assert.Equal(6000, range.Next());
    }

    [Fact]
    public void No_free_pair_names_the_range_with_its_last_RTCP_port()
    {
        Assert.Equal("no free RTP port pair from 4000 to 4099 (media.port.min, media.port.max)", new MediaPortRange(4000, 4099).NoFreePair());
    }
}
