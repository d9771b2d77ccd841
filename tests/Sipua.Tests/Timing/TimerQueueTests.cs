using System.Collections.Generic;
using NanoPhone.Sip.Timing;
using Xunit;

namespace NanoPhone.Sip.Tests.Timing;

/// <summary>
/// TimerQueue and ManualClock. Scenarios:
///  1. RunDue fires due timers in due-time order, ties in scheduling order, and only those due.
///  2. NextDueMs tells the loop when to wake (Never when empty).
///  3. Cancel by handle; a stale handle (fired or cancelled, slot reused) cancels nothing.
///  4. a full queue answers None; fired and cancelled slots are reused.
///  5. targets may schedule from OnTimer; a timer already due then fires in the same RunDue.
///  6. heap order holds under many random schedules and cancels.
///  7. scheduling and firing allocate nothing.
///  8. ManualClock only moves forward.
///  9. at the largest capacity (1,048,575, enough for 2 timers per transaction of a 100,000-call
///     load) handles stay positive and never None, and a stale handle of the highest slot
///     cancels nothing across a full cycle of its generations.
/// </summary>
public class TimerQueueTests
{
    private sealed class Log : ITimerTarget
    {
        public readonly List<string> Fired = new();
        public System.Action<int, int>? Then;
        public void OnTimer(int timerKind, int cookie)
        {
            Fired.Add(timerKind + ":" + cookie);
            Then?.Invoke(timerKind, cookie);
        }
    }

    [Fact]
    public void Due_timers_fire_in_due_time_order_and_ties_in_scheduling_order()
    {
        var q = new TimerQueue(8);
        var log = new Log();
        q.Schedule(300, log, 1, 0);
        q.Schedule(100, log, 2, 0);
        q.Schedule(200, log, 3, 0);
        q.Schedule(100, log, 4, 0);
        q.Schedule(500, log, 5, 0);

        Assert.Equal(100, q.NextDueMs);
        Assert.Equal(0, q.RunDue(99));
        Assert.Equal(4, q.RunDue(300));
        Assert.Equal(new[] { "2:0", "4:0", "3:0", "1:0" }, log.Fired);
        Assert.Equal(500, q.NextDueMs);
        Assert.Equal(1, q.RunDue(1000));
        Assert.Equal(TimerQueue.Never, q.NextDueMs);
    }

    [Fact]
    public void Cancel_works_by_handle_and_stale_handles_cancel_nothing()
    {
        var q = new TimerQueue(1);
        var log = new Log();
        int a = q.Schedule(100, log, 1, 7);
        Assert.True(q.IsPending(a));
        Assert.Equal(100, q.DueMsOf(a));
        Assert.True(q.Cancel(a));
        Assert.False(q.Cancel(a));
        Assert.False(q.Cancel(TimerQueue.None));

        int b = q.Schedule(200, log, 2, 8);        // reuses the one slot
        Assert.NotEqual(a, b);
        Assert.False(q.Cancel(a));                 // the stale handle does not touch b
        Assert.True(q.IsPending(b));
        q.RunDue(200);
        Assert.False(q.IsPending(b));
        Assert.False(q.Cancel(b));
        Assert.Equal(new[] { "2:8" }, log.Fired);
    }

    [Fact]
    public void A_full_queue_answers_None_and_freed_slots_are_reused()
    {
        var q = new TimerQueue(2);
        var log = new Log();
        q.Schedule(1, log, 1, 0);
        q.Schedule(2, log, 2, 0);
        Assert.Equal(0, q.FreeCount);
        Assert.Equal(TimerQueue.None, q.Schedule(3, log, 3, 0));
        q.RunDue(1);
        Assert.NotEqual(TimerQueue.None, q.Schedule(3, log, 3, 0));
        Assert.Equal(2, q.Count);
    }

    [Fact]
    public void A_target_may_reschedule_and_a_timer_already_due_fires_in_the_same_run()
    {
        var q = new TimerQueue(4);
        var log = new Log();
        log.Then = (kind, cookie) => { if (cookie < 3) q.Schedule(100 + cookie * 10, log, kind, cookie + 1); };
        q.Schedule(100, log, 9, 0);
        Assert.Equal(4, q.RunDue(125));
        Assert.Equal(new[] { "9:0", "9:1", "9:2", "9:3" }, log.Fired);
        Assert.Equal(0, q.Count);
    }

    [Fact]
    public void Order_holds_under_random_schedules_and_cancels()
    {
        var q = new TimerQueue(200);
        var fired = new List<long>();
        var target = new Recorder(fired);
        var rnd = new System.Random(7);
        var handles = new List<int>();
        var expected = new List<long>();
        for (int i = 0; i < 200; i++)
        {
            long due = rnd.Next(0, 1000);
            handles.Add(q.Schedule(due, target, 0, (int)due));
            expected.Add(due);
        }
        for (int i = 0; i < 200; i += 3)
        {
            Assert.True(q.Cancel(handles[i]));
            expected[i] = -1;
        }
        expected.RemoveAll(d => d < 0);
        expected.Sort();
        q.RunDue(1000);
        Assert.Equal(expected, fired);
    }

    [Fact]
    public void Scheduling_and_firing_allocate_nothing()
    {
        var q = new TimerQueue(33);
        var target = new Recorder(null);
        for (int i = 0; i < 32; i++) q.Schedule(i, target, 0, i);
        q.RunDue(100);
        long before = System.GC.GetAllocatedBytesForCurrentThread();
        for (int round = 0; round < 10; round++)
        {
            for (int i = 0; i < 32; i++) q.Schedule(round * 100 + i, target, 0, i);
            Assert.True(q.Cancel(q.Schedule(5, target, 0, 0)));
            q.RunDue(round * 100 + 99);
        }
        Assert.Equal(0, System.GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void At_the_largest_capacity_a_stale_handle_does_not_cancel_the_reused_slots_new_timer()
    {
        Assert.Throws<System.ArgumentException>(() => new TimerQueue(TimerQueue.MaxCapacity + 1));
        var q = new TimerQueue(TimerQueue.MaxCapacity);
        Assert.Equal(1048575, q.Capacity);
        var log = new Log();
        int last = TimerQueue.None;
        for (int i = 0; i < q.Capacity; i++) last = q.Schedule(1000 + i, log, 1, i);
        Assert.Equal(0, q.FreeCount);
        Assert.True(last > 0);
        Assert.Equal(1000 + q.Capacity - 1, q.DueMsOf(last));

        // The highest slot, freed and taken again (a free slot is reused first) for a whole cycle of
        // its generations and once more: every old handle is dead, only the newest one counts.
        int stale = last;
        Assert.True(q.Cancel(stale));
        int first = TimerQueue.None, current = TimerQueue.None;
        const int generations = 2047;   // 11 bits above the 20 slot bits, 0 never used
        for (int round = 0; round <= generations; round++)
        {
            current = q.Schedule(5, log, 2, round);
            Assert.True(current > 0);
            Assert.False(q.Cancel(stale));
            Assert.True(q.IsPending(current));
            if (round == 0) first = current;
            if (round == generations) break;
            Assert.True(q.Cancel(current));
            stale = current;
        }
        Assert.Equal(first, current);   // every generation used once, then the handle comes round again
        Assert.Equal(q.Capacity, q.Count);
        Assert.Equal(1, q.RunDue(5));
        Assert.Equal(new[] { "2:2047" }, log.Fired);
        Assert.False(q.Cancel(current));
    }

    [Fact]
    public void ManualClock_moves_only_forward()
    {
        var c = new ManualClock(1000);
        c.Advance(500);
        Assert.Equal(1500, c.NowMs);
        c.Set(2000);
        Assert.Equal(2000, c.NowMs);
        Assert.Throws<System.ArgumentException>(() => c.Set(1999));
        Assert.Throws<System.ArgumentException>(() => c.Advance(-1));
    }

    private sealed class Recorder : ITimerTarget
    {
        private readonly List<long>? _fired;
        public Recorder(List<long>? fired) { _fired = fired; }
        public void OnTimer(int timerKind, int cookie) { _fired?.Add(cookie); }
    }
}
