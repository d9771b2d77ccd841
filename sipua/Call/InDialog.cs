using NanoPhone.Sip.Context;
using NanoPhone.Sip.Dialog;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Sdp;
using NanoPhone.Sip.Transaction;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Sip.Call;

/// <summary>
/// A call once answered (RFC 3261 §12, §13.3.1.4, §14, §15): the 2xx that waits for its ACK, the
/// confirmed call, re-INVITEs either way and BYE either way.
/// <code>
/// IncomingAccepted, ReInviteAccepted --ACK--> Confirmed      (2xx resent T1..T2 meanwhile; re-INVITE: 491)
///                                    --64·T1 without ACK: BYE--> Terminated Ended
/// Confirmed --peer's re-INVITE: 2xx with our answer--> ReInviteAccepted (HeldByPeer / ResumedByPeer; m=audio 0 accepted: no media)
///           --Hold, resume: our re-INVITE-->         Confirmed (its client transaction runs beside; its 2xx is ACKed)
/// any answered state --BYE received: 200 / hang-up: BYE--> Terminated Ended
/// </code>
/// Every offer and answer updates the call's <see cref="SipCall.Media"/>.
/// </summary>
internal static class InDialog
{
    // ---- The 2xx and its ACK (§13.3.1.4) ---------------------------------------------------------

    /// <summary>
    /// 2xx for the call's INVITE (or re-INVITE) with our SDP: the answer to its offer (RFC 3264 §6),
    /// or our offer when it had none (answered in the ACK). Resent until the ACK.
    /// </summary>
    public static void SendOk(CallManager m, SipCall call, SipMessage invite)
    {
        UaContext ctx = m.Context;
        WriteSdp(m, call, invite);
        CallResponses.Ok(ctx.Writer, ctx, invite, call, m.Sdp);
        call.KeepOk(ctx.Writer.Buffer, ctx.Writer.Length);
        if (call.InviteActive) call.ResponseTarget.CopyFrom(call.InviteTx.Peer);
        call.OkSentAt = ctx.Clock.NowMs;
        call.OkInterval = ctx.Layer.Settings.T1;
        Resend2xx(m, call);
        ctx.Timers.Cancel(ref call.RetransmitTimer);
        call.RetransmitTimer = m.Schedule(call, call.OkInterval, CallManager.TimerRetransmit2xx);
        // RFC 4028 §7.2, §9: the interval agreed in this 2xx runs from now.
        SessionRefresh.Start(m, call);
    }

    /// <summary>Our answer to the offer in request (RFC 3264 §6) into the manager's SDP writer; false if it has none the phone can answer.</summary>
    public static bool WriteAnswer(CallManager m, SipCall call, SipMessage request)
    {
        SessionDescription offer = m.Received;
        int codec;
        if (!offer.TryParse(request.Buffer, request.BodyOffset, request.BodyLength) || SdpNegotiator.ChooseStream(offer, out codec) < 0) return false;
        m.Settings.Media.SessionVersion++;
        SdpNegotiator.WriteAnswer(m.Sdp, offer, m.Settings.Media, call.Media.LocalPort, call.IsHolding);
        call.Media.Answered(offer, call.IsHolding);
        return true;
    }

    private static void WriteSdp(CallManager m, SipCall call, SipMessage invite)
    {
        LocalMedia local = m.Settings.Media;
        SessionDescription offer = m.Received;
        if (invite.BodyLength > 0 && offer.TryParse(invite.Buffer, invite.BodyOffset, invite.BodyLength))
        {
            if (SdpNegotiator.WriteAnswer(m.Sdp, offer, local, call.Media.LocalPort, call.IsHolding) < 0)
            {
                // Only a re-INVITE that removes the audio gets here (others were refused with 488).
                SdpNegotiator.WriteAllRejected(m.Sdp, offer, local);
                call.Media.Removed();
                return;
            }
            call.Media.Answered(offer, call.IsHolding);
        }
        else
        {
            SdpNegotiator.WriteOffer(m.Sdp, local, call.Media.LocalPort, MediaDirection.SendRecv);
        }
    }

    private static void Resend2xx(CallManager m, SipCall call)
    {
        TransactionLayer layer = m.Context.Layer;
        if (call.InviteActive) layer.SendResponse(call.InviteTx, call.Ok, 0, call.OkLength);
        else layer.SendStateless(call.Ok, 0, call.OkLength, call.ResponseTarget);
    }

    /// <summary>IncomingAccepted, ReInviteAccepted: the 2xx again (T1 doubling to T2), or BYE after 64·T1 without ACK.</summary>
    public static void OnRetransmitDue(CallManager m, SipCall call)
    {
        if (call.State != CallState.IncomingAccepted && call.State != CallState.ReInviteAccepted) return;
        UaContext ctx = m.Context;
        TimerSettings t = ctx.Layer.Settings;
        if (ctx.Clock.NowMs - call.OkSentAt >= t.TimerH)
        {
            // §13.3.1.4: no ACK within 64·T1 — end the dialog with a BYE.
            SendBye(m, call.Dialog, call.ResponseTarget);
            m.Terminate(call, CallEventKind.Ended, CallCause.NoAck, 0, "no ACK");
            return;
        }
        Resend2xx(m, call);
        call.OkInterval = call.OkInterval * 2 > t.T2 ? t.T2 : call.OkInterval * 2;
        long next = ctx.Clock.NowMs + call.OkInterval;
        long deadline = call.OkSentAt + t.TimerH;
        call.RetransmitTimer = ctx.Timers.Schedule(next < deadline ? next : deadline, m, CallManager.TimerRetransmit2xx, call.Index);
    }

    /// <summary>The ACK of our 2xx: the call is confirmed; an answer in it (our 2xx had the offer) sets the media.</summary>
    public static void OnAck(CallManager m, SipCall call, SipMessage ack)
    {
        if (call.State != CallState.IncomingAccepted && call.State != CallState.ReInviteAccepted) return;
        call.State = CallState.Confirmed;
        m.Context.Timers.Cancel(ref call.RetransmitTimer);
        if (ack.BodyLength == 0 || !m.Received.TryParse(ack.Buffer, ack.BodyOffset, ack.BodyLength)) return;
        SipMessage invite = IncomingCall.InviteOf(m, call);
        if (invite != null && invite.BodyLength == 0) call.Media.Agreed(m.Received, MediaDirection.SendRecv);
    }

    // ---- Confirmed -------------------------------------------------------------------------------

    /// <summary>
    /// The peer's re-INVITE (§14.2): 500 when its CSeq is out of order or our INVITE's final response
    /// is not out yet, 491 while our last 2xx waits for its ACK, 488 for an offer with no codec in
    /// common; else 2xx with our answer (our hold kept), resent until its ACK.
    /// </summary>
    public static void OnReInvite(CallManager m, SipCall call, SipTransaction tx, SipMessage invite)
    {
        if (!call.Dialog.AcceptRemoteCSeq(invite.CSeq) || CallStates.IsUnanswered(call.State))
        {
            m.Respond(tx, invite, 500, "Server Internal Error");
            return;
        }
        if (call.State != CallState.Confirmed) { m.Respond(tx, invite, 491, "Request Pending"); return; }
        if (SessionRefresh.IsTooSmall(invite)) { SessionRefresh.RespondTooSmall(m, tx, invite); return; }
        int codec;
        if (invite.BodyLength > 0 && (!m.Received.TryParse(invite.Buffer, invite.BodyOffset, invite.BodyLength)
            || (SdpNegotiator.ChooseStream(m.Received, out codec) < 0 && !SdpNegotiator.RemovesAudio(m.Received))))
        {
            m.Respond(tx, invite, 488, "Not Acceptable Here");
            return;
        }
        call.Dialog.RefreshTarget(invite);
        if (!IncomingCall.KeepInvite(call, invite)) { m.Respond(tx, invite, 513, "Message Too Large"); return; }
        call.InviteTx = tx;
        call.InviteTxId = tx.Id;
        call.InviteCSeq = invite.CSeq;
        call.State = CallState.ReInviteAccepted;
        SessionRefresh.AsUas(call, invite);
        m.Settings.Media.SessionVersion++;
        SendOk(m, call, invite);
        SessionDescription offer = m.Received;
        bool held = invite.BodyLength > 0 && ((offer.FirstAudio >= 0 && offer.IsHold(offer.FirstAudio)) || SdpNegotiator.RemovesAudio(offer));
        if (held) m.Emit(call, CallEventKind.HeldByPeer, CallCause.None, 200, "");
        else m.Emit(call, CallEventKind.ResumedByPeer, CallCause.None, 200, "");
    }

    /// <summary>Hold (a=sendonly) or resume (a=sendrecv) by re-INVITE (RFC 3264 §8.4); only a confirmed call, and only a change.</summary>
    public static bool Hold(CallManager m, SipCall call, bool hold)
    {
        if (call.State != CallState.Confirmed || call.IsHolding == hold || ReInviteRunning(call)) return false;
        call.IsHolding = hold;
        if (!SendReInvite(m, call))
        {
            call.IsHolding = !hold;
            return false;
        }
        if (hold) m.Emit(call, CallEventKind.Hold, CallCause.None, 0, "");
        else m.Emit(call, CallEventKind.Resume, CallCause.None, 0, "");
        return true;
    }

    /// <summary>True while our last re-INVITE waits for its final response (RFC 3261 §14.1: one at a time).</summary>
    internal static bool ReInviteRunning(SipCall call)
    {
        return call.ReInviteTx != null && call.ReInviteTx.Id == call.ReInviteTxId && call.ReInviteTx.IsActive && call.ReInviteTx.State <= TransactionState.Proceeding;
    }

    /// <summary>
    /// A re-INVITE with a new version of our offer, its direction the call's hold (sendonly or
    /// sendrecv): for hold and resume, and as a session refresh (RFC 4028 §7.4, with Session-Expires).
    /// </summary>
    internal static bool SendReInvite(CallManager m, SipCall call)
    {
        if (call.State != CallState.Confirmed || ReInviteRunning(call)) return false;
        UaContext ctx = m.Context;
        LocalMedia local = m.Settings.Media;
        local.SessionVersion++;
        SdpNegotiator.WriteOffer(m.Sdp, local, call.Media.LocalPort, call.IsHolding ? MediaDirection.SendOnly : MediaDirection.SendRecv);
        long cseq = call.Dialog.NextLocalCSeq();
        ctx.Layer.Branches.Write(m.Branch, 0);
        CallRequests.ReInvite(ctx.Writer, ctx, call, cseq, m.Branch, m.Sdp);
        if (!call.Dialog.NextHop(m.Hop)) m.Hop.CopyFrom(ctx.FirstHop);
        SipTransaction tx = ctx.Layer.SendRequest(SipMethod.Invite, m.Branch, 0, m.Branch.Length, ctx.Writer.Buffer, 0, ctx.Writer.Length, m.Hop);
        if (tx == null) return false;
        tx.UserData = m;
        call.ReInviteTx = tx;
        call.ReInviteTxId = tx.Id;
        call.ReInviteCSeq = cseq;
        return true;
    }

    /// <summary>A response to our re-INVITE: a 2xx is ACKed (its retransmissions too) and its answer sets the media.</summary>
    public static void OnReInviteResponse(CallManager m, SipCall call, SipMessage r)
    {
        if (r.StatusCode >= 300 && call.SessionExpires > 0) { SessionRefresh.OnRefreshResponse(m, call, r); return; }
        if (r.StatusCode < 200 || r.StatusCode >= 300) return;
        call.Dialog.RefreshTarget(r);
        long saved = call.InviteCSeq;
        call.InviteCSeq = call.ReInviteCSeq;
        SendAck(m, call);
        call.InviteCSeq = saved;
        if (r.BodyLength > 0 && m.Received.TryParse(r.Buffer, r.BodyOffset, r.BodyLength))
            call.Media.Agreed(m.Received, call.IsHolding ? MediaDirection.SendOnly : MediaDirection.SendRecv);
        // Every re-INVITE of ours is a session refresh when the call has a session timer (RFC 4028 §7.4).
        if (call.SessionExpires > 0 || r.Has(HeaderId.SessionExpires)) SessionRefresh.OnRefreshResponse(m, call, r);
    }

    // ---- INFO (RFC 6086) -------------------------------------------------------------------------

    /// <summary>The peer's INFO: 500 out of CSeq order, else the app's verdict on its body (200 without
    /// an app); after a 200 in an answered call an events object that is an <see cref="IInfoEvents"/>
    /// hears it too (the door opener reads its key).</summary>
    public static void OnInfo(CallManager m, SipCall call, SipTransaction tx, SipMessage info, IInfoEvents events)
    {
        if (!call.Dialog.AcceptRemoteCSeq(info.CSeq)) { m.Respond(tx, info, 500, "Server Internal Error"); return; }
        ICallInfo app = m.Info;
        int code = app == null ? 200 : app.OnInfo(call, info);
        if (code == 200)
        {
            UaContext ctx = m.Context;
            ResponseBuilder.Begin(ctx.Writer, info, 200, "OK", null, 0, 0);
            ResponseBuilder.End(ctx.Writer);
            ctx.Layer.SendResponse(tx, ctx.Writer.Buffer, 0, ctx.Writer.Length);
            if (events != null && info.BodyLength > 0 && CallStates.IsAnswered(call.State)) events.OnCallInfo(call, info);
        }
        else m.Respond(tx, info, code, code == 415 ? "Unsupported Media Type" : code == 481 ? "Call/Transaction Does Not Exist" : "Bad Request");
    }

    /// <summary>Our INFO in the call's dialog (confirmed, or our 2xx waiting for its ACK).</summary>
    public static bool SendInfo(CallManager m, SipCall call, string contentType, byte[] body, int off, int len)
    {
        if (call.State != CallState.Confirmed && call.State != CallState.ReInviteAccepted && call.State != CallState.IncomingAccepted) return false;
        UaContext ctx = m.Context;
        long cseq = call.Dialog.NextLocalCSeq();
        ctx.Layer.Branches.Write(m.Branch, 0);
        CallRequests.Info(ctx.Writer, ctx, call.Dialog, cseq, m.Branch, contentType, body, off, len);
        if (!call.Dialog.NextHop(m.Hop)) m.Hop.CopyFrom(call.ResponseTarget.Port > 0 ? call.ResponseTarget : ctx.Settings.FirstHop);
        SipTransaction tx = ctx.Layer.SendRequest(SipMethod.Info, m.Branch, 0, m.Branch.Length, ctx.Writer.Buffer, 0, ctx.Writer.Length, m.Hop);
        if (tx == null) return false;
        tx.UserData = m;
        return true;
    }

    // ---- Ending ----------------------------------------------------------------------------------

    /// <summary>BYE for the call (a ringing one gets its 487 first, §15.1.2): 200, and it is over.</summary>
    public static void OnBye(CallManager m, SipCall call, SipTransaction tx, SipMessage bye)
    {
        UaContext ctx = m.Context;
        if (!call.Dialog.AcceptRemoteCSeq(bye.CSeq)) { m.Respond(tx, bye, 500, "Server Internal Error"); return; }
        ResponseBuilder.Begin(ctx.Writer, bye, 200, "OK", null, 0, 0);
        ResponseBuilder.End(ctx.Writer);
        ctx.Layer.SendResponse(tx, ctx.Writer.Buffer, 0, ctx.Writer.Length);
        if (CallStates.IsUnanswered(call.State)) IncomingCall.SendFinal(m, call, StatusLine.RequestTerminated, null, null);
        m.Terminate(call, CallEventKind.Ended, CallCause.RemoteHangUp, 0, "remote hung up");
    }

    /// <summary>The user hangs up an answered call: BYE.</summary>
    public static void HangUp(CallManager m, SipCall call)
    {
        SendBye(m, call.Dialog, call.ResponseTarget);
        m.Terminate(call, CallEventKind.Ended, CallCause.LocalHangUp, 0, "hung up");
    }

    /// <summary>
    /// ACK for the 2xx of our INVITE (§13.2.2.4): a new transaction through the route set, kept in
    /// the call to send again for each retransmitted 2xx. §12.2.1.1: to the first route, or the
    /// remote target when the route set is empty; one that names no address falls back to the first hop.
    /// </summary>
    public static void SendAck(CallManager m, SipCall call)
    {
        UaContext ctx = m.Context;
        ctx.Layer.Branches.Write(m.Branch, 0);
        int n = CallRequests.Ack(ctx.Writer, ctx, call.Dialog, call.InviteCSeq, m.Branch);
        call.KeepOk(ctx.Writer.Buffer, n);
        if (!call.Dialog.NextHop(call.ResponseTarget)) call.ResponseTarget.CopyFrom(ctx.FirstHop);
        ctx.Layer.SendStateless(call.Ok, 0, call.OkLength, call.ResponseTarget);
    }

    /// <summary>BYE in dialog (§15.1.1), to its next hop, else to fallback; also a losing fork's dialog (Dialer).</summary>
    public static void SendBye(CallManager m, SipDialog dialog, Endpoint fallback)
    {
        UaContext ctx = m.Context;
        long cseq = dialog.NextLocalCSeq();
        ctx.Layer.Branches.Write(m.Branch, 0);
        CallRequests.Bye(ctx.Writer, ctx, dialog, cseq, m.Branch);
        if (!dialog.NextHop(m.Hop)) m.Hop.CopyFrom(fallback);
        SipTransaction tx = ctx.Layer.SendRequest(SipMethod.Bye, m.Branch, 0, m.Branch.Length, ctx.Writer.Buffer, 0, ctx.Writer.Length, m.Hop);
        if (tx != null) tx.UserData = m;
    }
}
