using NanoPhone.Sip.Context;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.SessionTimer;
using NanoPhone.Sip.Transaction;

namespace NanoPhone.Sip.Call;

/// <summary>
/// Session timers (RFC 4028) of a call: the interval is agreed in the INVITE and its 2xx (and again
/// in every re-INVITE or UPDATE that carries Session-Expires), one side refreshes it at half the
/// interval, and the other ends the call with BYE when a refresh it was owed never came.
/// <code>
/// UAS: INVITE Session-Expires below our Min-SE (90 s)   --> 422 with Min-SE: 90 (§8.1)
///      INVITE Session-Expires: N[;refresher=R]         --> 2xx Session-Expires: N;refresher=R
///                                                          (R absent: uac when it supports timer, else uas; §9)
///                                                          Require: timer when the UAC supports it
/// UAC: our INVITE Session-Expires: N (call.session.expires) --> 2xx with it: refresher as it says (§7.2);
///                                                              without: no session timer
///      422 with Min-SE: M --> the INVITE again asking for M (§7.4)
/// Confirmed, we refresh:   at N/2 an UPDATE (the peer allows it) or a re-INVITE with our last SDP
/// Confirmed, they refresh: at N - min(32, N/3) without one: BYE, Ended (SessionExpired) (§10)
/// </code>
/// </summary>
internal static class SessionRefresh
{
    // ---- The phone called (UAS of the refreshing transaction) --------------------------------

    /// <summary>True if the request asks for a Session-Expires below our Min-SE: it gets 422 (§8.1).</summary>
    public static bool IsTooSmall(SipMessage request)
    {
        int se;
        Refresher r;
        return SessionExpires.Read(request, out se, out r) && se < SessionExpires.MinimumSeconds;
    }

    /// <summary>422 Session Interval Too Small with our Min-SE.</summary>
    public static void RespondTooSmall(CallManager m, SipTransaction tx, SipMessage request)
    {
        UaContext ctx = m.Context;
        ctx.NewTag(m.Tag);
        ResponseBuilder.Begin(ctx.Writer, request, 422, "Session Interval Too Small", m.Tag.Buffer, 0, m.Tag.Length);
        ctx.Writer.Header("Min-SE", SessionExpires.MinimumSeconds);
        ResponseBuilder.End(ctx.Writer);
        ctx.Layer.SendResponse(tx, ctx.Writer.Buffer, 0, ctx.Writer.Length);
    }

    /// <summary>
    /// The peer's INVITE, re-INVITE or UPDATE, which our 2xx answers: what it says about the
    /// session timer, kept on the call for that 2xx (§9).
    /// </summary>
    public static void AsUas(SipCall call, SipMessage request)
    {
        call.PeerSupportsTimer = SessionExpires.Lists(request, HeaderId.Supported, "timer") || SessionExpires.Lists(request, HeaderId.Require, "timer");
        if (request.Method == SipMethod.Invite) call.PeerAllowsUpdate = SessionExpires.Lists(request, HeaderId.Allow, "UPDATE");
        int se;
        Refresher r;
        if (!SessionExpires.Read(request, out se, out r))
        {
            call.SessionExpires = 0;
            call.RefreshesSession = false;
            return;
        }
        call.SessionExpires = se;
        // §9: a UAC that does not support timers cannot refresh; one that does refreshes unless it said uas.
        if (!call.PeerSupportsTimer) r = Refresher.Uas;
        else if (r == Refresher.None) r = Refresher.Uac;
        call.RefreshesSession = r == Refresher.Uas;
    }

    /// <summary>The 2xx's session-timer headers: Session-Expires with the refresher, and Require: timer when the peer supports it.</summary>
    public static void WriteAnswerHeaders(SipWriter w, SipCall call)
    {
        if (call.SessionExpires == 0) return;
        SessionExpires.Write(w, call.SessionExpires, call.RefreshesSession ? Refresher.Uas : Refresher.Uac);
        if (call.PeerSupportsTimer) w.Header("Require", "timer");
    }

    // ---- The phone calling (UAC of the refreshing transaction) -----------------------------------

    /// <summary>What our INVITE or refresh asks: Supported is written by the caller; Session-Expires (no refresher: the UAS picks, §7.1) and Min-SE.</summary>
    public static void WriteOfferHeaders(SipWriter w, int seconds, bool weRefresh)
    {
        if (seconds == 0) return;
        SessionExpires.Write(w, seconds, weRefresh ? Refresher.Uac : Refresher.None);
        w.Header("Min-SE", SessionExpires.MinimumSeconds);
    }

    /// <summary>The 2xx of our INVITE, re-INVITE or UPDATE (§7.2): its Session-Expires decides; none means no session timer.</summary>
    public static void AsUac(SipCall call, SipMessage response)
    {
        if (response.CSeqMethod == SipMethod.Invite && response.Has(HeaderId.Allow)) call.PeerAllowsUpdate = SessionExpires.Lists(response, HeaderId.Allow, "UPDATE");
        int se;
        Refresher r;
        if (!SessionExpires.Read(response, out se, out r))
        {
            call.SessionExpires = 0;
            call.RefreshesSession = false;
            return;
        }
        call.SessionExpires = se;
        call.RefreshesSession = r != Refresher.Uas;
    }

    // ---- The timer -----------------------------------------------------------------------------

    /// <summary>After each agreement: the refresh or the deadline, from now.</summary>
    public static void Start(CallManager m, SipCall call)
    {
        m.Context.Timers.Cancel(ref call.SessionTimer);
        if (call.SessionExpires == 0) return;
        long after = call.RefreshesSession ? SessionExpires.RefreshAfterMs(call.SessionExpires) : SessionExpires.ExpireAfterMs(call.SessionExpires);
        call.SessionTimer = m.Schedule(call, after, CallManager.TimerSession);
    }

    /// <summary>The session timer fired: refresh it, or end the call whose refresh never came.</summary>
    public static void OnTimer(CallManager m, SipCall call)
    {
        if (!CallStates.IsAnswered(call.State) || call.SessionExpires == 0) return;
        if (!call.RefreshesSession)
        {
            InDialog.SendBye(m, call.Dialog, call.ResponseTarget);
            m.Terminate(call, CallEventKind.Ended, CallCause.SessionExpired, 0, "session expired (no refresh)");
            return;
        }
        bool sent = call.PeerAllowsUpdate ? SendUpdate(m, call) : InDialog.SendReInvite(m, call);
        // Busy with another re-INVITE (its 2xx refreshes the session too) or no transaction free: try again soon.
        if (!sent) call.SessionTimer = m.Schedule(call, m.Context.Layer.Settings.T2, CallManager.TimerSession);
    }

    /// <summary>An UPDATE without a body: a refresh that changes nothing else (RFC 3311, RFC 4028 §7.4).</summary>
    private static bool SendUpdate(CallManager m, SipCall call)
    {
        if (call.State != CallState.Confirmed || call.UpdateTx != null) return false;
        UaContext ctx = m.Context;
        long cseq = call.Dialog.NextLocalCSeq();
        ctx.Layer.Branches.Write(m.Branch, 0);
        CallRequests.Update(ctx.Writer, ctx, call.Dialog, cseq, m.Branch, call.SessionExpires);
        if (!call.Dialog.NextHop(m.Hop)) m.Hop.CopyFrom(ctx.FirstHop);
        SipTransaction tx = ctx.Layer.SendRequest(SipMethod.Update, m.Branch, 0, m.Branch.Length, ctx.Writer.Buffer, 0, ctx.Writer.Length, m.Hop);
        if (tx == null) return false;
        tx.UserData = m;
        call.UpdateTx = tx;
        call.UpdateTxId = tx.Id;
        return true;
    }

    /// <summary>
    /// The final response to our refresh (UPDATE or re-INVITE): a 2xx agrees the interval again;
    /// 408 or 481 end the call (§10); anything else leaves the interval and tries again at its half.
    /// </summary>
    public static void OnRefreshResponse(CallManager m, SipCall call, SipMessage r)
    {
        if (r.StatusCode < 200) return;
        if (r.StatusCode < 300) AsUac(call, r);
        else if (r.StatusCode == 408 || r.StatusCode == 481)
        {
            InDialog.SendBye(m, call.Dialog, call.ResponseTarget);
            m.Terminate(call, CallEventKind.Ended, CallCause.RefreshFailed, r.StatusCode, "session refresh failed (" + r.StatusCode + ")");
            return;
        }
        Start(m, call);
    }

    /// <summary>The peer's UPDATE (RFC 3311 §5.2): 200 with our session-timer answer; an SDP offer in it gets our answer.</summary>
    public static void OnUpdate(CallManager m, SipCall call, SipTransaction tx, SipMessage update)
    {
        UaContext ctx = m.Context;
        if (!call.Dialog.AcceptRemoteCSeq(update.CSeq)) { m.Respond(tx, update, 500, "Server Internal Error"); return; }
        if (!CallStates.IsAnswered(call.State)) { m.Respond(tx, update, 491, "Request Pending"); return; }
        if (IsTooSmall(update)) { RespondTooSmall(m, tx, update); return; }
        bool offer = update.BodyLength > 0;
        if (offer && !InDialog.WriteAnswer(m, call, update)) { m.Respond(tx, update, 488, "Not Acceptable Here"); return; }
        call.Dialog.RefreshTarget(update);
        AsUas(call, update);
        ResponseBuilder.Begin(ctx.Writer, update, 200, "OK", call.LocalTag.Buffer, 0, call.LocalTag.Length);
        CallResponses.Contact(ctx.Writer, ctx);
        ctx.Writer.Header("Supported", RequestCheck.Supported);
        WriteAnswerHeaders(ctx.Writer, call);
        if (offer) ResponseBuilder.End(ctx.Writer, "application/sdp", m.Sdp.Buffer, 0, m.Sdp.Length);
        else ResponseBuilder.End(ctx.Writer);
        ctx.Layer.SendResponse(tx, ctx.Writer.Buffer, 0, ctx.Writer.Length);
        Start(m, call);
    }
}
