using nanoFramework.TestFramework;
using NanoPhone.NFUnitTest.Support;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Timing;
using NanoPhone.Sip.Transaction;
using NanoPhone.Tests.Shared;

namespace NanoPhone.NFUnitTest.Transaction
{
    /// <summary>
    /// The transaction layer's timers on a manual clock (RFC 3261 §17, RFC 6026): when each copy is
    /// sent and when the transaction ends, against tests/data/shared/Vectors TimerSchedules (the
    /// schedules of tests/Sipua.Tests/Transaction).
    /// </summary>
    [TestClass]
    public class TimerScheduleTests
    {
        private static void AssertTimes(long[] expected, long[] actual, string what)
        {
            Assert.AreEqual(Join(expected), Join(actual), what);
        }

        private static string Join(long[] t)
        {
            string s = "";
            for (int i = 0; i < t.Length; i++) s = i == 0 ? t[i].ToString() : s + ", " + t[i];
            return s;
        }

        [TestMethod]
        public void Timer_values_follow_T1_and_Timer_D_keeps_its_32_s_floor()
        {
            TimerSettings t = new TimerSettings();
            Assert.AreEqual(TimerSchedules.InviteClientTimeoutAt, (long)t.TimerB);
            Assert.AreEqual(TimerSchedules.NonInviteClientTimeoutAt, (long)t.TimerF);
            Assert.AreEqual(TimerSchedules.InviteServerNoAckTimeoutAt, (long)t.TimerH);
            Assert.AreEqual(64 * t.T1, t.TimerJ);
            Assert.AreEqual(t.T4, t.TimerK);
            Assert.AreEqual(t.T2, t.Backoff(t.T2));
            TimerSettings small = new TimerSettings();
            small.T1 = 100;
            Assert.AreEqual(64 * 100, small.TimerB);
            Assert.AreEqual(small.TimerDMinimum, small.TimerD);
        }

        [TestMethod]
        public void INVITE_client_without_an_answer_resends_on_Timer_A_and_times_out_on_Timer_B()
        {
            TransactionRig rig = new TransactionRig();
            SipTransaction tx = rig.Send(SipMethod.Invite, TransactionRig.Outgoing("INVITE"));
            Assert.IsNotNull(tx);
            Assert.IsTrue(tx.State == TransactionState.Calling, tx.StateName);
            rig.RunUntil(60000);
            AssertTimes(TimerSchedules.InviteClientSends, rig.SendTimes("INVITE"), "INVITE sends");
            Assert.AreEqual(0, rig.SendTimes("ACK").Length);
            Assert.AreEqual(2, rig.EventCount);
            Assert.AreEqual(TimerSchedules.InviteClientTimeoutAt + " timeout Timeout", rig.Event(0));
            Assert.AreEqual(TimerSchedules.InviteClientTimeoutAt + " terminated Timeout", rig.Event(1));
            Assert.AreEqual(0, rig.Timers.Count);
        }

        [TestMethod]
        public void Non_INVITE_client_without_an_answer_resends_on_Timer_E_up_to_T2_and_times_out_on_Timer_F()
        {
            TransactionRig rig = new TransactionRig();
            SipTransaction tx = rig.Send(SipMethod.Register, TransactionRig.Outgoing("REGISTER"));
            Assert.IsTrue(tx.State == TransactionState.Trying, tx.StateName);
            rig.RunUntil(TimerSchedules.NonInviteClientTimeoutAt - 1);
            AssertTimes(TimerSchedules.NonInviteClientSends, rig.SendTimes("REGISTER"), "REGISTER sends");
            Assert.AreEqual(0, rig.EventCount);
            rig.RunUntil(40000);
            AssertTimes(TimerSchedules.NonInviteClientSends, rig.SendTimes("REGISTER"), "REGISTER sends");
            Assert.AreEqual(TimerSchedules.NonInviteClientTimeoutAt + " timeout Timeout", rig.Event(0));
            Assert.AreEqual(TimerSchedules.NonInviteClientTimeoutAt + " terminated Timeout", rig.Event(1));
            Assert.AreEqual(0, rig.Layer.ClientCount);
            Assert.AreEqual(0, rig.Timers.Count);
        }

        [TestMethod]
        public void Non_INVITE_client_timers_scale_with_the_configured_T1_T2_T4()
        {
            TimerSettings settings = new TimerSettings();
            settings.T1 = 100;
            settings.T2 = 400;
            settings.T4 = 1000;
            TransactionRig rig = new TransactionRig(settings);
            rig.Send(SipMethod.Options, TransactionRig.Outgoing("OPTIONS"));
            rig.RunUntil(10000);
            AssertTimes(TimerSchedules.NonInviteClientShortSends, rig.SendTimes("OPTIONS"), "OPTIONS sends");
            Assert.AreEqual(TimerSchedules.NonInviteClientShortTimeoutAt + " timeout Timeout", rig.Event(0));
        }

        [TestMethod]
        public void Non_INVITE_client_answered_stops_resending_and_ends_on_Timer_K()
        {
            TransactionRig rig = new TransactionRig();
            SipTransaction tx = rig.Send(SipMethod.Register, TransactionRig.Outgoing("REGISTER"));
            rig.RunUntil(1000);
            Assert.IsTrue(rig.ReceiveResponse(TransactionRig.ResponseTo("REGISTER", 200, "OK")));
            Assert.IsTrue(tx.State == TransactionState.Completed, tx.StateName);
            Assert.AreEqual(200, tx.LastStatusCode);
            rig.RunUntil(2000);
            Assert.IsTrue(rig.ReceiveResponse(TransactionRig.ResponseTo("REGISTER", 200, "OK")), "a retransmitted 200 is absorbed");
            rig.RunUntil(TimerSchedules.NonInviteClientAnsweredEndAt - 1);
            Assert.IsTrue(tx.State == TransactionState.Completed, tx.StateName);
            rig.RunUntil(TimerSchedules.NonInviteClientAnsweredEndAt);
            AssertTimes(TimerSchedules.NonInviteClientAnsweredSends, rig.SendTimes("REGISTER"), "REGISTER sends");
            Assert.AreEqual(2, rig.EventCount);
            Assert.AreEqual("1000 response 200 Completed", rig.Event(0));
            Assert.AreEqual(TimerSchedules.NonInviteClientAnsweredEndAt + " terminated Normal", rig.Event(1));
        }

        [TestMethod]
        public void INVITE_server_resends_a_final_response_on_Timer_G_until_Timer_H()
        {
            TransactionRig rig = new TransactionRig();
            rig.SendTryingForInvite = true;
            Assert.IsTrue(rig.Receive(TransactionRig.Incoming("INVITE", "")) == RequestOutcome.Created);
            SipTransaction tx = rig.LastServerTx;
            Assert.AreEqual(1, rig.SendTimes("SIP/2.0 100 Trying").Length);
            Assert.IsTrue(rig.Respond(tx, TransactionRig.Reply("INVITE", 404, "Not Found")));
            rig.RunUntil(60000);
            AssertTimes(TimerSchedules.InviteServerNoAckSends, rig.SendTimes("SIP/2.0 404"), "404 sends");
            Assert.AreEqual(3, rig.EventCount);
            Assert.AreEqual("0 request INVITE", rig.Event(0));
            Assert.AreEqual(TimerSchedules.InviteServerNoAckTimeoutAt + " timeout NoAck", rig.Event(1));
            Assert.AreEqual(TimerSchedules.InviteServerNoAckTimeoutAt + " terminated NoAck", rig.Event(2));
            Assert.AreEqual(0, rig.Layer.ServerCount);
        }

        [TestMethod]
        public void INVITE_server_stops_Timer_G_on_the_ACK_and_ends_on_Timer_I()
        {
            TransactionRig rig = new TransactionRig();
            rig.Receive(TransactionRig.Incoming("INVITE", ""));
            SipTransaction tx = rig.LastServerTx;
            rig.RunUntil(TimerSchedules.InviteServerAckedSends[0]);
            Assert.IsTrue(rig.Respond(tx, TransactionRig.Reply("INVITE", 486, "Busy Here")));
            Assert.IsTrue(tx.State == TransactionState.Completed, tx.StateName);
            rig.RunUntil(TimerSchedules.InviteServerAckedAt);
            Assert.IsTrue(rig.Receive(TransactionRig.Incoming("ACK", "314159")) == RequestOutcome.Absorbed);
            Assert.IsTrue(tx.State == TransactionState.Confirmed, tx.StateName);
            rig.RunUntil(30000);
            AssertTimes(TimerSchedules.InviteServerAckedSends, rig.SendTimes("SIP/2.0 486"), "486 sends");
            Assert.AreEqual(2, rig.EventCount);
            Assert.AreEqual(TimerSchedules.InviteServerAckedEndAt + " terminated Normal", rig.Event(1));
        }

        [TestMethod]
        public void Timer_queue_fires_in_due_order_ties_in_scheduling_order_and_ignores_stale_handles()
        {
            ManualClock clock = new ManualClock(0);
            TimerQueue q = new TimerQueue(4);
            Recorder r = new Recorder();
            int late = q.Schedule(300, r, 3, 0);
            q.Schedule(100, r, 1, 0);
            q.Schedule(100, r, 2, 0);
            Assert.AreEqual(100L, q.NextDueMs);
            clock.Advance(99);
            Assert.AreEqual(0, q.RunDue(clock.NowMs));
            clock.Advance(1);
            Assert.AreEqual(2, q.RunDue(clock.NowMs));
            Assert.AreEqual("1,2", r.Fired);
            Assert.IsTrue(q.Cancel(late));
            Assert.IsFalse(q.Cancel(late), "a cancelled handle is stale");
            int reused = q.Schedule(200, r, 4, 0);
            Assert.IsFalse(q.Cancel(late), "a stale handle never cancels the timer that reuses its slot");
            Assert.IsTrue(q.IsPending(reused));
            Assert.AreEqual(TimerQueue.Never, q.DueMsOf(late));
            clock.Set(1000);
            Assert.AreEqual(1, q.RunDue(clock.NowMs));
            Assert.AreEqual("1,2,4", r.Fired);
            Assert.AreEqual(TimerQueue.Never, q.NextDueMs);
            Assert.ThrowsException(typeof(System.ArgumentException), () => clock.Set(999));
        }

        private sealed class Recorder : ITimerTarget
        {
            public string Fired = "";
            public void OnTimer(int timerKind, int cookie) { Fired = Fired.Length == 0 ? timerKind.ToString() : Fired + "," + timerKind; }
        }
    }
}
