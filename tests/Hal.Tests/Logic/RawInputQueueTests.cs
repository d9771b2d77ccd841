using Xunit;

namespace NanoPhone.Hal.Tests.Logic;

public class RawInputQueueTests
{
    [Fact]
    public void Entries_come_out_in_the_order_they_went_in()
    {
        var queue = new RawInputQueue(4);
        queue.Push(3, true, 10);
        queue.Push(5, false, 20);

        Assert.True(queue.TryTake(out int channel, out bool level, out long at));
        Assert.Equal((3, true, 10L), (channel, level, at));
        Assert.True(queue.TryTake(out channel, out level, out at));
        Assert.Equal((5, false, 20L), (channel, level, at));
        Assert.False(queue.TryTake(out _, out _, out _));
    }

    [Fact]
    public void A_full_queue_drops_and_counts_new_entries()
    {
        var queue = new RawInputQueue(2);
        Assert.True(queue.Push(1, true, 1));
        Assert.True(queue.Push(2, true, 2));
        Assert.False(queue.Push(3, true, 3));

        Assert.Equal(2, queue.Count);
        Assert.Equal(1, queue.Dropped);
    }

    [Fact]
    public void The_ring_buffer_wraps_around()
    {
        var queue = new RawInputQueue(2);
        for (int i = 0; i < 5; i++)
        {
            queue.Push(i, true, i);
            Assert.True(queue.TryTake(out int channel, out _, out _));
            Assert.Equal(i, channel);
        }
    }
}
