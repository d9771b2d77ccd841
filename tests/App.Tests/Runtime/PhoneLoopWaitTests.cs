using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using NanoPhone.App.Runtime;
using NanoPhone.App.Tests.Phone;
using NanoPhone.Sip.Transport;
using Xunit;

namespace NanoPhone.App.Tests.Runtime;

/// <summary>
/// How long a PhoneLoop turn waits in the poll. Scenarios:
///  1. a poller that cannot be woken is never asked to wait more than MaxWaitMs, whatever the owner allows;
///  2. a wakeable one waits up to WaitLimitMs when no timer is due sooner;
///  3. Post from another thread ends that wait at once, and the work runs in the next turn;
///  4. a turn that ran posted work does not wait (the owner's per-turn work sees its effects);
///  5. WakeUp while the loop is not waiting makes it skip its next wait;
///  6. Stop ends a long wait.
/// </summary>
public class PhoneLoopWaitTests
{
    private readonly PhoneRig _rig = new();

    private sealed class RecordingPoller : IDatagramPoller
    {
        public readonly List<int> Timeouts = new();
        public bool Poll(int timeoutMs, IDatagramReceiver receiver)
        {
            Timeouts.Add(timeoutMs);
            return false;
        }
    }

    /// <summary>Waits for real (up to the timeout) unless woken.</summary>
    private sealed class WakeablePoller : IDatagramPoller, IWakeablePoller
    {
        private readonly AutoResetEvent _wake = new(false);
        public readonly ManualResetEventSlim Waiting = new();
        public readonly List<int> Timeouts = new();
        public int Wakes;

        public bool Poll(int timeoutMs, IDatagramReceiver receiver)
        {
            lock (Timeouts) Timeouts.Add(timeoutMs);
            Waiting.Set();
            bool woken = _wake.WaitOne(timeoutMs);
            Waiting.Reset();
            return woken;
        }

        public void Wake()
        {
            Interlocked.Increment(ref Wakes);
            _wake.Set();
        }

        public int LastTimeout { get { lock (Timeouts) return Timeouts[Timeouts.Count - 1]; } }
    }

    private sealed class Flag : ILoopWork
    {
        public volatile bool Ran;
        public void Run() => Ran = true;
    }

    [Fact]
    public void A_poller_that_cannot_be_woken_waits_at_most_MaxWaitMs()
    {
        var poller = new RecordingPoller();
        var loop = new PhoneLoop(_rig.App.Agent, poller, _rig.Clock) { WaitLimitMs = 5000 };
        loop.RunOnce();
        Assert.Single(poller.Timeouts);
        Assert.InRange(poller.Timeouts[0], 0, PhoneLoop.MaxWaitMs);
    }

    [Fact]
    public void A_wakeable_poller_waits_up_to_the_owners_limit_and_MaxWaitMs_by_default()
    {
        var wakeable = new WakeablePoller();
        var loop = new PhoneLoop(_rig.App.Agent, wakeable, _rig.Clock);
        Assert.Equal(PhoneLoop.MaxWaitMs, loop.WaitLimitMs);
        loop.WaitLimitMs = 50;
        loop.RunOnce();
        Assert.Equal(50, wakeable.LastTimeout);     // no timer is due: the owner's limit
        loop.WaitLimitMs = int.MaxValue;
        Assert.Equal(PhoneLoop.MaxIdleWaitMs, loop.WaitLimitMs);
    }

    [Fact]
    public void Post_from_another_thread_ends_a_long_wait_and_the_work_runs_next_turn()
    {
        var poller = new WakeablePoller();
        var loop = new PhoneLoop(_rig.App.Agent, poller, _rig.Clock) { WaitLimitMs = PhoneLoop.MaxIdleWaitMs };
        var watch = Stopwatch.StartNew();
        var turn = new Thread(loop.RunOnce);
        turn.Start();
        Assert.True(poller.Waiting.Wait(5000));
        var work = new Flag();
        Assert.True(loop.Post(work));
        Assert.True(turn.Join(10000));
        Assert.True(watch.ElapsedMilliseconds < 10000);
        Assert.Equal(1, poller.Wakes);
        Assert.Equal(PhoneLoop.MaxIdleWaitMs, poller.LastTimeout);
        Assert.False(work.Ran);
        loop.RunOnce();
        Assert.True(work.Ran);
        Assert.Equal(0, poller.LastTimeout);       // it ran posted work: no wait in that turn
    }

    [Fact]
    public void A_turn_that_ran_posted_work_does_not_wait()
    {
        var poller = new RecordingPoller();
        var loop = new PhoneLoop(_rig.App.Agent, poller, _rig.Clock);
        var work = new Flag();
        Assert.True(loop.Post(work));
        loop.RunOnce();
        Assert.True(work.Ran);
        Assert.Equal(new[] { 0 }, poller.Timeouts);
        loop.RunOnce();
        Assert.Equal(PhoneLoop.MaxWaitMs, poller.Timeouts[1]);
    }

    [Fact]
    public void WakeUp_while_the_loop_is_not_waiting_skips_its_next_wait_only()
    {
        var poller = new WakeablePoller();
        var loop = new PhoneLoop(_rig.App.Agent, poller, _rig.Clock) { WaitLimitMs = 30 };
        loop.WakeUp();
        loop.RunOnce();
        Assert.Equal(0, poller.LastTimeout);
        Assert.Equal(0, poller.Wakes);
        loop.RunOnce();
        Assert.Equal(30, poller.LastTimeout);
    }

    [Fact]
    public void Stop_ends_a_long_wait()
    {
        var poller = new WakeablePoller();
        var loop = new PhoneLoop(_rig.App.Agent, poller, _rig.Clock) { WaitLimitMs = PhoneLoop.MaxIdleWaitMs };
        var watch = Stopwatch.StartNew();
        loop.Start();
        Assert.True(poller.Waiting.Wait(5000));
        loop.Stop();
        Assert.True(watch.ElapsedMilliseconds < 10000);
    }
}
