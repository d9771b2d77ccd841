using NanoPhone.Sip.Context;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Sdp;
using NanoPhone.Sip.Text;
using NanoPhone.Sip.Transaction;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Sip.Call;

/// <summary>
/// The phone called (UAS, RFC 3261 §8.2, §13.3; RFC 6026), up to its answer. A new INVITE is
/// decided once (<see cref="Admit"/>): dropped or 403 (ghost filter), 482 (a merged copy, §8.2.2.2),
/// 486 or the busy forward (busy), 480/486 (do-not-disturb), 302 (forward always), 488 (no common
/// codec), 486 (no slot) — or it gets a slot and rings:
/// <code>
/// IncomingOffered --180--> IncomingRinging --Answer: 200-->            IncomingAccepted (InDialog)
///                                          --Decline, busy: 603/486/302--> Terminated Rejected/Forwarded
///                                          --CANCEL: 487-->             Terminated Missed/AnsweredElsewhere
///                                          --BYE: 487-->                Terminated Ended
///                                          --no-answer timer: 302-->    Terminated Forwarded
///                                          --Expires timer: 487-->      Terminated Missed
///                                          --minute timer: 180 again--> IncomingRinging
///                                          --auto-answer timer: 200-->  IncomingAccepted (intercom, <see cref="AutoAnswer"/>)
/// </code>
/// Every final response to the INVITE carries the 180's To tag. The offer is answered when the call
/// is (<see cref="InDialog.SendOk"/>), from the INVITE the call keeps: each call its own answer.
/// </summary>
internal static class IncomingCall
{
    // The event detail of every missed call, made once (a string literal allocates on nanoCLR at every use).
    private static readonly string CallerHungUp = "caller hung up";

    /// <summary>A new INVITE outside a dialog: the decision above.</summary>
    public static void Admit(CallManager m, SipTransaction tx, SipMessage invite, Endpoint source)
    {
        UaContext ctx = m.Context;
        CallSettings s = m.Settings;
        if (!GhostFilter.Admits(ctx, s, invite, source))
        {
            m.GhostCalls++;
            if (s.GhostReject403) m.Respond(tx, invite, 403, "Forbidden");
            else ctx.Layer.Abandon(tx);
            return;
        }
        ctx.Layer.SendTrying(tx, invite);
        if (m.IsMerged(invite))
        {
            // §8.2.2.2: the same request reached us by another path of a fork. Ring once.
            m.Respond(tx, invite, 482, "Loop Detected");
            return;
        }
        bool several;
        int replaces = NanoPhone.Sip.Refer.Replaces.Find(invite, out several);
        if (replaces >= 0)
        {
            // RFC 3891: a call that takes over one of ours (the transferee of an attended transfer).
            CallTransfer.OnInviteWithReplaces(m, tx, invite, replaces, several);
            return;
        }
        if (!m.CanRingAnother()) { TurnAway(m, tx, invite, CallCause.UserBusy, "user-busy", 486, "Busy Here"); return; }
        if (s.DoNotDisturb)
        {
            TurnAway(m, tx, invite, CallCause.DoNotDisturb, "do-not-disturb", s.DndStatus, s.DndStatus == 480 ? "Temporarily Unavailable" : "Busy Here");
            return;
        }
        if (m.IsUsableTarget(s.ForwardAlwaysTarget))
        {
            ctx.NewTag(m.Tag);
            CallResponses.Redirect(ctx.Writer, ctx, invite, m.Tag, s.ForwardAlwaysTarget, "unconditional");
            ctx.Layer.SendResponse(tx, ctx.Writer.Buffer, 0, ctx.Writer.Length);
            m.EmitTurnedAway(CallEventKind.Forwarded, CallCause.Unconditional, 302, PeerOf(invite), s.ForwardAlwaysTarget);
            return;
        }
        int codec;
        if (invite.BodyLength > 0 && (!m.Received.TryParse(invite.Buffer, invite.BodyOffset, invite.BodyLength)
            || SdpNegotiator.ChooseStream(m.Received, out codec) < 0))
        {
            m.Respond(tx, invite, 488, "Not Acceptable Here");
            m.EmitTurnedAway(CallEventKind.Rejected, CallCause.NoCommonCodec, 488, PeerOf(invite), "no common codec");
            return;
        }
        if (SessionRefresh.IsTooSmall(invite)) { SessionRefresh.RespondTooSmall(m, tx, invite); return; }
        SipCall call = m.Allocate(CallState.IncomingOffered);
        if (call == null) { m.Respond(tx, invite, 486, "Busy Here"); return; }
        Ring(m, call, tx, invite);
    }

    /// <summary>Busy or do-not-disturb: 302 to the busy forward target (diversion says why), else code.</summary>
    private static void TurnAway(CallManager m, SipTransaction tx, SipMessage invite, CallCause cause, string diversion, int code, string reason)
    {
        UaContext ctx = m.Context;
        string target = m.Settings.ForwardBusyTarget;
        ctx.NewTag(m.Tag);
        if (m.IsUsableTarget(target))
        {
            CallResponses.Redirect(ctx.Writer, ctx, invite, m.Tag, target, diversion);
            ctx.Layer.SendResponse(tx, ctx.Writer.Buffer, 0, ctx.Writer.Length);
            m.EmitTurnedAway(CallEventKind.Forwarded, cause, 302, PeerOf(invite), target);
            return;
        }
        CallResponses.Plain(ctx.Writer, invite, m.Tag, code, reason);
        ctx.Layer.SendResponse(tx, ctx.Writer.Buffer, 0, ctx.Writer.Length);
        m.EmitTurnedAway(CallEventKind.Rejected, cause, code, PeerOf(invite), code + " " + reason);
    }

    /// <summary>IncomingOffered: the INVITE is kept, the early dialog made, 180 sent, ringing's timers set.</summary>
    private static void Ring(CallManager m, SipCall call, SipTransaction tx, SipMessage invite)
    {
        bool waiting = m.HasAnsweredCall();
        if (!Offered(m, call, tx, invite)) return;
        UaContext ctx = m.Context;
        call.ProvisionalCopiedEnd = CallResponses.Provisional(ctx.Writer, ctx, invite, call.LocalTag, StatusLine.Ringing);
        ctx.Layer.SendResponse(tx, ctx.Writer.Buffer, 0, ctx.Writer.Length);
        // Ringing's timers, in this order so that at the same instant a final response wins over
        // the minute's provisional: the no-answer forward, the INVITE's Expires, the provisional.
        // The no-answer forward applies to a waiting call too.
        CallSettings s = m.Settings;
        if (m.IsUsableTarget(s.ForwardNoAnswerTarget) && s.NoAnswerSeconds > 0)
            call.NoAnswerTimer = m.Schedule(call, s.NoAnswerSeconds * 1000L, CallManager.TimerNoAnswer);
        if (invite.Expires >= 0)
            call.ExpiresTimer = m.Schedule(call, invite.Expires * 1000L, CallManager.TimerInviteExpires);
        call.ProvisionalTimer = m.Schedule(call, CallManager.ProvisionalRepeatMs, CallManager.TimerProvisional);
        // Intercom and door-station answering; never for a waiting call (answering it would hold the other).
        call.AutoAnswerSeconds = waiting ? AutoAnswer.Never : AutoAnswer.Delay(ctx, s, invite, call.InviteSource);
        if (call.AutoAnswerSeconds != AutoAnswer.Never)
            call.AutoAnswerTimer = m.Schedule(call, call.AutoAnswerSeconds * 1000L, CallManager.TimerAutoAnswer);
        call.State = CallState.IncomingRinging;
        m.Emit(call, CallEventKind.Ringing, waiting ? CallCause.CallWaiting : CallCause.None, 180, string.Empty);
    }

    /// <summary>
    /// IncomingOffered: the INVITE and its keys kept, our tag drawn, the dialog made, a media port
    /// taken, the session timer read; the app hears Incoming. False (and a final response sent,
    /// the slot released) when one of them fails.
    /// </summary>
    internal static bool Offered(CallManager m, SipCall call, SipTransaction tx, SipMessage invite)
    {
        UaContext ctx = m.Context;
        call.InviteTx = tx;
        call.InviteTxId = tx.Id;
        call.InviteCSeq = invite.CSeq;
        call.CallId.Set(invite.Buffer, invite.CallIdOffset, invite.CallIdLength);
        call.FromTag.Set(invite.Buffer, invite.FromTagOffset, invite.FromTagLength);
        call.Branch.Set(invite.Buffer, invite.TopVia.BranchOffset, invite.TopVia.BranchLength);
        call.Peer = PeerOf(invite);
        call.ResponseTarget.CopyFrom(tx.Peer);
        if (!KeepInvite(call, invite))
        {
            m.Respond(tx, invite, 513, "Message Too Large");
            m.Release(call);
            return false;
        }
        ctx.NewTag(call.LocalTag);
        string why = call.Dialog.InitAsUas(invite, call.LocalTag, 1);
        if (why != null)
        {
            m.Respond(tx, invite, 400, why);
            m.Release(call);
            return false;
        }
        int port = m.Ports.Allocate();
        if (port == 0)
        {
            m.Respond(tx, invite, 486, "Busy Here");
            m.Release(call);
            return false;
        }
        call.Media.LocalPort = port;
        SessionRefresh.AsUas(call, invite);
        m.Emit(call, CallEventKind.Incoming, CallCause.None, 0, string.Empty);
        return true;
    }

    /// <summary>Keeps the INVITE's bytes: the receive buffer is reused, and the final response (and the answer to its offer) comes later.</summary>
    internal static bool KeepInvite(SipCall call, SipMessage m)
    {
        if (!call.KeepInvite(m.Buffer, m.Offset, m.Length)) return false;
        call.InviteSource.Clear();
        if (m.SourceHostLength > 0) call.InviteSource.TrySetHost(m.SourceHost, 0, m.SourceHostLength, m.SourcePort);
        return true;
    }

    /// <summary>The call's INVITE, parsed again from its kept bytes into the agent's scratch message: use it at once.</summary>
    internal static SipMessage InviteOf(CallManager m, SipCall call)
    {
        SipMessage invite = m.Context.Reparse(call.Invite, call.InviteLength);
        if (invite != null && call.InviteSource.Port != 0) UaContext.SetSource(invite, call.InviteSource);
        return invite;
    }

    // ---- IncomingRinging ----------------------------------------------------------------------

    /// <summary>The user answers: 200 with the answer to this call's offer; callers ringing beside it are busy now.</summary>
    public static bool Answer(CallManager m, SipCall call)
    {
        if (!CallStates.IsUnanswered(call.State) || !call.InviteActive) return false;
        m.StopRinging(call);
        SipMessage invite = InviteOf(m, call);
        if (invite == null) return false;
        return Accept(m, call, invite, CallCause.None);
    }

    /// <summary>
    /// 200 for the call's INVITE: the call talked on before is held first (call waiting); callers
    /// still ringing beside it hear the phone is busy (486, or the busy forward) unless call waiting
    /// lets them wait.
    /// </summary>
    internal static bool Accept(CallManager m, SipCall call, SipMessage invite, CallCause cause)
    {
        call.State = CallState.IncomingAccepted;
        call.AnsweredAtMs = m.Context.Clock.NowMs;
        InDialog.SendOk(m, call, invite);
        m.Emit(call, CallEventKind.Answered, cause, 200, "");
        // InviteOf's scratch is spent now: the hold below builds its own messages.
        m.HoldActive(call);
        if (m.Settings.CallWaiting) return true;
        for (int i = 0; i < m.SlotCount; i++)
        {
            SipCall other = m.SlotAt(i);
            if (other != call && CallStates.IsUnanswered(other.State)) Refuse(m, other, CallCause.UserBusy, "user-busy", StatusLine.BusyHere);
        }
        return true;
    }

    /// <summary>The decline key (or hang-up while it rings): 603 Decline, or the busy forward target.</summary>
    public static bool Decline(CallManager m, SipCall call)
    {
        if (!CallStates.IsUnanswered(call.State) || !call.InviteActive) return false;
        Refuse(m, call, CallCause.Declined, "deflection", StatusLine.Decline);
        return true;
    }

    /// <summary>A ringing call refused: to the busy forward target (302, diversion as the reason) if one is set, else code.</summary>
    private static void Refuse(CallManager m, SipCall call, CallCause cause, string diversion, StatusLine status)
    {
        string target = m.Settings.ForwardBusyTarget;
        if (m.IsUsableTarget(target))
        {
            SendFinal(m, call, StatusLine.MovedTemporarily, target, diversion);
            m.Terminate(call, CallEventKind.Forwarded, cause, 302, target);
        }
        else
        {
            SendFinal(m, call, status, null, null);
            m.Terminate(call, CallEventKind.Rejected, cause, status.Code, status.Code == 603 ? "declined" : status.Code + " " + status.Reason);
        }
    }

    /// <summary>CANCEL for a call's INVITE (its 200 goes first, with the call's tag); 487 while it still rings.</summary>
    public static void OnCancel(CallManager m, SipCall call, SipTransaction tx, SipMessage cancel)
    {
        UaContext ctx = m.Context;
        ResponseBuilder.Begin(ctx.Writer, cancel, StatusLine.Ok, call != null ? call.LocalTag.Buffer : null, 0, call != null ? call.LocalTag.Length : 0);
        ResponseBuilder.End(ctx.Writer);
        ctx.Layer.SendResponse(tx, ctx.Writer.Buffer, 0, ctx.Writer.Length);
        if (call == null || !CallStates.IsUnanswered(call.State)) return;
        // (Asked only when there is a Reason: nanoCLR allocates the walker, a struct local, as the method starts.)
        bool elsewhere = cancel.Has(HeaderId.Reason) && ReasonSaysAnsweredElsewhere(cancel);
        SendFinal(m, call, StatusLine.RequestTerminated, null, null);
        if (elsewhere) m.Terminate(call, CallEventKind.AnsweredElsewhere, CallCause.CompletedElsewhere, 487, "call completed elsewhere");
        else m.Terminate(call, CallEventKind.Missed, CallCause.CallerCancelled, 487, CallerHungUp);
    }

    /// <summary>RFC 3326: Reason: SIP ;cause=200 marks a call another device of the user answered.</summary>
    private static bool ReasonSaysAnsweredElsewhere(SipMessage m)
    {
        byte[] b = m.Buffer;
        HeaderValues reasons = new HeaderValues(m, HeaderId.Reason);
        while (reasons.Next())
        {
            int end = reasons.Offset + reasons.Length;
            int s = Lws.SkipForward(b, reasons.Offset, end);
            int semi = s;
            while (semi < end && b[semi] != (byte)';' && !Ascii.IsWsp(b[semi])) semi++;
            if (!Ascii.EqualsIgnoreCase(b, s, semi - s, "SIP") || semi >= end) continue;
            int ps = Lws.SkipForward(b, semi, end);
            int vo, vl;
            if (ps < end && b[ps] == (byte)';' && Params.Find(b, ps + 1, end - ps - 1, "cause", out vo, out vl)
                && Ascii.Equals(b, vo, vl, "200")) return true;
        }
        return false;
    }

    /// <summary>The no-answer forward: 302 to forward.noanswer.target.</summary>
    public static void OnNoAnswer(CallManager m, SipCall call)
    {
        string target = m.Settings.ForwardNoAnswerTarget;
        if (!CallStates.IsUnanswered(call.State) || !m.IsUsableTarget(target) || !call.InviteActive) return;
        SendFinal(m, call, StatusLine.MovedTemporarily, target, "no-answer");
        m.Terminate(call, CallEventKind.Forwarded, CallCause.NoAnswer, 302, target);
    }

    /// <summary>The intercom's delay is over and nobody answered or refused meanwhile: the phone answers by itself.</summary>
    public static void OnAutoAnswer(CallManager m, SipCall call)
    {
        if (!CallStates.IsUnanswered(call.State) || !call.InviteActive) return;
        call.AutoAnswered = true;
        if (!Answer(m, call)) call.AutoAnswered = false;
    }

    /// <summary>§13.3.1: the invitation expired before a final response: 487, and the phone stops ringing.</summary>
    public static void OnExpired(CallManager m, SipCall call)
    {
        if (!CallStates.IsUnanswered(call.State) || !call.InviteActive) return;
        SendFinal(m, call, StatusLine.RequestTerminated, null, null);
        m.Terminate(call, CallEventKind.Missed, CallCause.InvitationExpired, 487, "invitation expired");
    }

    /// <summary>§13.3.1.1: the same 180 again (same To tag), no new alert, while nobody has answered.</summary>
    public static void OnProvisionalDue(CallManager m, SipCall call)
    {
        if (!CallStates.IsUnanswered(call.State) || !call.InviteActive) return;
        if (m.Context.Layer.RepeatProvisional(call.InviteTx))
            call.ProvisionalTimer = m.Schedule(call, CallManager.ProvisionalRepeatMs, CallManager.TimerProvisional);
    }

    /// <summary>
    /// The one final non-2xx response of the INVITE (a 302 carries target in Contact and diversion
    /// as Diversion's reason), with the 180's tag. Once the 180 is out, its copied headers are the
    /// final response's too: taken from the provisional the INVITE transaction keeps, the kept
    /// INVITE is not parsed again (on nanoCLR a parse costs more than the rest of the response).
    /// </summary>
    internal static void SendFinal(CallManager m, SipCall call, StatusLine status, string target, string diversion)
    {
        if (!CallStates.IsUnanswered(call.State) || !call.InviteActive) return;
        UaContext ctx = m.Context;
        int length;
        byte[] provisional = call.ProvisionalCopiedEnd > 0 ? ctx.Layer.LastProvisional(call.InviteTx, out length) : null;
        if (provisional != null)
        {
            m.StopRinging(call);
            CallResponses.Final(ctx.Writer, ctx, status, provisional, call.ProvisionalCopiedEnd, target, diversion);
        }
        else
        {
            SipMessage invite = InviteOf(m, call);
            if (invite == null) return;
            m.StopRinging(call);
            if (status.Code == 302) CallResponses.Redirect(ctx.Writer, ctx, invite, call.LocalTag, target, diversion);
            else CallResponses.Plain(ctx.Writer, invite, call.LocalTag, status);
        }
        ctx.Layer.SendResponse(call.InviteTx, ctx.Writer.Buffer, 0, ctx.Writer.Length);
    }

    internal static string PeerOf(SipMessage m)
    {
        string name = m.From.DisplayName;
        string uri = m.From.Uri.ToString();
        return name.Length > 0 ? name + SpaceLeftAngle + uri + RightAngle : uri;
    }

    private static readonly string SpaceLeftAngle = " <";
    private static readonly string RightAngle = ">";
}
