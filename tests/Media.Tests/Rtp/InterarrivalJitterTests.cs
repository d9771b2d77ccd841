using NanoPhone.Media.Rtp;
using Xunit;

namespace NanoPhone.Media.Tests.Rtp;

/// <summary>
/// RFC 3550 §6.4.1 and Appendix A.8, interarrival jitter: D(i,j) = (Rj − Ri) − (Sj − Si);
/// J(i) = J(i−1) + (|D(i−1,i)| − J(i−1))/16, in timestamp units, computed in integers scaled by 16.
/// </summary>
public class InterarrivalJitterTests
{
    [Fact]
    public void Packets_arriving_exactly_every_frame_have_no_jitter()
    {
        var j = new InterarrivalJitter();
        for (uint i = 0; i < 100; i++) j.Update(5000 + 160 * i, 77 + 160 * i);
        Assert.Equal(0u, j.Value);
    }

    [Fact]
    public void Each_packet_moves_the_estimate_a_sixteenth_of_the_way_to_the_transit_difference()
    {
        var j = new InterarrivalJitter();
        j.Update(0, 0);
        j.Update(160 + 32, 160);          // |D| = 32
        Assert.Equal(2u, j.Value);        // 32/16
        j.Update(320, 320);               // |D| = 32 again: J = 2 + (32 − 2)/16 = 3.875
        Assert.Equal(3u, j.Value);
    }

    [Fact]
    public void Alternating_transit_converges_to_the_mean_deviation()
    {
        var j = new InterarrivalJitter();
        for (uint i = 0; i < 2000; i++) j.Update(160 * i + (i % 2 == 0 ? 0u : 80u), 160 * i);
        Assert.InRange((int)j.Value, 78, 80);          // |D| is always 80
    }

    [Fact]
    public void Timestamps_and_arrival_wrapping_around_32_bits_do_not_disturb_it()
    {
        var j = new InterarrivalJitter();
        for (uint i = 0; i < 200; i++) j.Update(0xFFFFFF00u + 160 * i, 0xFFFFFFF0u + 160 * i);
        Assert.Equal(0u, j.Value);
    }
}
