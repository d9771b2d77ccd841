using nanoFramework.TestFramework;
using NanoPhone.NFUnitTest.Support;
using NanoPhone.Sip.Call;
using NanoPhone.Sip.Message;
using NanoPhone.Tests.Shared;

namespace NanoPhone.NFUnitTest.Call
{
    /// <summary>
    /// What the phone decides for a forked incoming call, on a manual clock (tests/Sipua.Tests
    /// Call/IncomingCallTests; expected values in tests/data/shared/Vectors CallDecisions):
    /// the same INVITE by another path is a merged request (482); CANCEL gets 200 and the INVITE
    /// 487, a Reason cause=200 means answered elsewhere, a CANCEL for nothing gets 481; the no-answer
    /// timer sends 302 with Diversion at exactly the configured time, and races with the user and with
    /// CANCEL end in exactly one final response.
    /// </summary>
    [TestClass]
    public class CallDecisionTests
    {
        private static AgentRig Ringing(Caller caller)
        {
            AgentRig rig = new AgentRig();
            rig.Deliver(caller.Invite());
            Assert.AreEqual(1, rig.Responses(180).Length, "180 Ringing");
            return rig;
        }

        private static AgentRig RingingWithNoAnswerForward(Caller caller, int seconds)
        {
            AgentRig rig = new AgentRig();
            rig.Agent.CallSettings.ForwardNoAnswerTarget = CallDecisions.NoAnswerTarget;
            rig.Agent.CallSettings.NoAnswerSeconds = seconds;
            rig.Deliver(caller.Invite());
            return rig;
        }

        [TestMethod]
        public void The_same_INVITE_by_another_path_of_the_fork_is_a_merged_request_and_rings_once()
        {
            Caller caller = new Caller();
            AgentRig rig = Ringing(caller);
            caller.Branch = "z9hG4bKinv1-other-path";
            rig.Deliver(caller.Invite());
            Assert.AreEqual(1, rig.Responses(CallDecisions.MergedRequest).Length, rig.CallEvents);
            Assert.AreEqual(1, rig.CallEventsEndingWith("ringing"), rig.CallEvents);
        }

        [TestMethod]
        public void A_retransmitted_INVITE_resends_the_180_and_does_not_ring_again()
        {
            Caller caller = new Caller();
            AgentRig rig = Ringing(caller);
            rig.Deliver(caller.Invite());
            int[] ringing = rig.Responses(180);
            Assert.AreEqual(2, ringing.Length);
            Assert.AreEqual(rig.OutText(ringing[0]), rig.OutText(ringing[1]));
            Assert.AreEqual(0, rig.Responses(CallDecisions.MergedRequest).Length);
            Assert.AreEqual(1, rig.CallEventsEndingWith("ringing"));
        }

        [TestMethod]
        public void CANCEL_gets_200_the_INVITE_487_with_the_same_To_tag_and_the_call_is_missed()
        {
            Caller caller = new Caller();
            AgentRig rig = Ringing(caller);
            rig.Deliver(caller.Cancel(""));
            Assert.AreEqual(1, rig.Responses(CallDecisions.CancelAccepted, SipMethod.Cancel).Length);
            int[] terminated = rig.Responses(CallDecisions.RequestTerminated);
            Assert.AreEqual(1, terminated.Length);
            Assert.IsTrue(rig.Parsed(terminated[0]).CSeqMethod == SipMethod.Invite);
            Assert.AreEqual(rig.ToTag(rig.Responses(180)[0]), rig.ToTag(terminated[0]));
            Assert.EndsWith(CallDecisions.Missed, rig.CallEvents);
        }

        [TestMethod]
        public void CANCEL_with_Reason_cause_200_means_answered_elsewhere()
        {
            Caller caller = new Caller();
            AgentRig rig = Ringing(caller);
            rig.Deliver(caller.Cancel(CallDecisions.CompletedElsewhereReason));
            Assert.EndsWith(CallDecisions.AnsweredElsewhere, rig.CallEvents);
        }

        [TestMethod]
        public void CANCEL_for_no_transaction_gets_481()
        {
            AgentRig rig = new AgentRig();
            rig.Deliver(new Caller().Cancel(""));
            Assert.AreEqual(1, rig.Responses(CallDecisions.NoSuchTransaction).Length);
            Assert.AreEqual(0, rig.CallEventCount);
        }

        [TestMethod]
        public void No_answer_sends_302_with_Contact_and_Diversion_at_exactly_the_configured_time()
        {
            Caller caller = new Caller();
            AgentRig rig = RingingWithNoAnswerForward(caller, CallDecisions.NoAnswerSeconds);
            long rang = rig.Clock.NowMs;
            rig.Run(CallDecisions.NoAnswerSeconds * 1000L - 1);
            Assert.AreEqual(0, rig.Responses(CallDecisions.Redirect).Length, "too early");
            rig.Run(1);
            int[] redirect = rig.Responses(CallDecisions.Redirect);
            Assert.AreEqual(1, redirect.Length);
            Assert.AreEqual(rang + CallDecisions.NoAnswerSeconds * 1000L, rig.OutAt(redirect[0]));
            Assert.AreEqual(CallDecisions.RedirectContact, rig.Header(redirect[0], HeaderId.Contact));
            Assert.AreEqual(CallDecisions.RedirectDiversion, rig.Header(redirect[0], HeaderId.Diversion));
            Assert.AreEqual("sip:linda@nanophone.test", rig.Parsed(redirect[0]).To.Uri.ToString(), "the request's To, not the target");
            Assert.EndsWith(CallDecisions.Forwarded, rig.CallEvents);
        }

        [TestMethod]
        public void Answer_and_the_no_answer_timer_in_the_same_tick_send_exactly_one_final_response()
        {
            AgentRig rig = RingingWithNoAnswerForward(new Caller(), 5);
            rig.Clock.Advance(5000);
            Assert.IsTrue(rig.Agent.Calls.Answer(1), "the user lifts the handset as the timer is due");
            rig.Agent.Tick();
            Assert.AreEqual(1, rig.Responses(200, SipMethod.Invite).Length);
            Assert.AreEqual(0, rig.Responses(CallDecisions.Redirect).Length);
        }

        [TestMethod]
        public void The_no_answer_timer_first_then_answer_is_refused()
        {
            AgentRig rig = RingingWithNoAnswerForward(new Caller(), 5);
            rig.Run(5000);
            Assert.IsFalse(rig.Agent.Calls.Answer(1));
            Assert.AreEqual(1, rig.Responses(CallDecisions.Redirect).Length);
            Assert.AreEqual(0, rig.Responses(200, SipMethod.Invite).Length);
        }

        [TestMethod]
        public void CANCEL_then_the_no_answer_timer_sends_487_only()
        {
            Caller caller = new Caller();
            AgentRig rig = RingingWithNoAnswerForward(caller, 5);
            rig.Run(4000);
            rig.Deliver(caller.Cancel(""));
            rig.Run(2000);
            int[] terminated = rig.Responses(CallDecisions.RequestTerminated);
            Assert.IsTrue(terminated.Length >= 1);
            for (int i = 1; i < terminated.Length; i++) Assert.AreEqual(rig.OutText(terminated[0]), rig.OutText(terminated[i]), "only retransmissions");
            Assert.AreEqual(0, rig.Responses(CallDecisions.Redirect).Length);
        }

        [TestMethod]
        public void CANCEL_after_our_200_gets_200_and_the_call_stays_up()
        {
            Caller caller = new Caller();
            AgentRig rig = Ringing(caller);
            Assert.IsTrue(rig.Agent.Calls.Answer(1));
            rig.Deliver(caller.Cancel(""));
            Assert.AreEqual(1, rig.Responses(CallDecisions.CancelAccepted, SipMethod.Cancel).Length);
            Assert.AreEqual(0, rig.Responses(CallDecisions.RequestTerminated).Length);
            Assert.IsNotNull(rig.Agent.Calls.Current);
            Assert.IsTrue(rig.Agent.Calls.Current.State == CallState.IncomingAccepted, CallStates.Name(rig.Agent.Calls.Current.State));
        }
    }
}
