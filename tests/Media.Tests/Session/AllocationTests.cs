using System;
using NanoPhone.Media.Session;
using NanoPhone.Media.Tests.Support;
using Xunit;

namespace NanoPhone.Media.Tests.Session;

/// <summary>
/// The device has ~100 KB of heap and an interpreting runtime: a call in progress allocates nothing.
/// Counted exactly (GC.GetAllocatedBytesForCurrentThread) over a minute of two-way audio with
/// RTCP both ways, a digit each way, concealment and jitter.
/// </summary>
public class AllocationTests
{
    [Fact]
    public void A_minute_of_a_call_allocates_nothing_after_the_first_second()
    {
        var rig = new CallRig();
        rig.Net.Keep = false;
        rig.Start();
        var rtcp = new byte[200];
        int n = NanoPhone.Media.Rtp.RtcpWriter.ReceiverReport(rtcp, 0, CallRig.PeerSsrc, 0);
        n = NanoPhone.Media.Rtp.RtcpWriter.SourceDescription(rtcp, n, CallRig.PeerSsrc, new byte[] { 65 }, 1);
        byte[] dtmf = Packets.Event(0, 0, 5, true, 800);
        rig.Talk(50);                                         // warm-up: JIT, first-use paths
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 3000; i++)
        {
            if (i % 37 != 0) rig.PeerSends();                  // some loss: concealment runs
            else { rig.PeerSeq++; rig.PeerTs += 160; }
            if (i % 250 == 0) rig.Session.ReceiveRtcp(rtcp, 0, n, rig.PeerRtcp, rig.Now);
            if (i == 1000) rig.Session.SendDigit('7');
            if (i == 2000) rig.Session.ReceiveRtp(dtmf, 0, dtmf.Length, rig.Peer, rig.Now);
            rig.Tick();
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.True(rig.Net.RtcpCount > 10 && rig.Session.Stats.ConcealedFrames > 50);
    }
}
