using NanoPhone.Hal;
using NanoPhone.Sip.Agent;
using NanoPhone.Sip.Call;
using NanoPhone.Sip.Timing;

namespace NanoPhone.App.Phone;

/// <summary>
/// The calls as the phone shows them. Which call rings, which one is answered and which one is
/// being placed are read from the agent's calls (their states), not mirrored here; what happens to
/// them arrives as <see cref="CallEvent"/>s, decided on by kind, and becomes event lines, call log
/// entries, the ringer, the in-call lamp (on while a call is answered or our INVITE waits for a
/// first answer, fast blink while ringing, slow blink while the far end rings for our call — there
/// is no audio path for a ringback tone — and while we hold the call) and the message lamp (slow
/// blink while there are missed calls nobody looked at, on while voicemail waits).
/// </summary>
internal sealed class PhoneCalls
{
    private readonly UserAgent _agent;
    private readonly IClock _clock;
    private readonly PhoneOutput _out;
    private readonly CallLog _log;
    private readonly Dialling _dialling;
    private int _unseenMissed;

    public PhoneCalls(UserAgent agent, IClock clock, PhoneOutput output, CallLog log, Dialling dialling)
    {
        _agent = agent;
        _clock = clock;
        _out = output;
        _log = log;
        _dialling = dialling;
    }

    // ---- The calls, read from the agent ------------------------------------------------------------

    /// <summary>The call the answer key takes: the one that has rung longest; null when none rings.</summary>
    public SipCall Ringing { get { return _agent.Calls.RingingCall(); } }

    /// <summary>The answered call talked on (not held by us), else an answered one that is held, or null.</summary>
    public SipCall Answered
    {
        get
        {
            SipCall held = null;
            CallManager calls = _agent.Calls;
            for (int i = 0; i < calls.SlotCount; i++)
            {
                SipCall c = calls.SlotAt(i);
                if (!CallStates.IsAnswered(c.State)) continue;
                if (!c.IsHolding) return c;
                if (held == null) held = c;
            }
            return held;
        }
    }

    /// <summary>An answered call this phone holds beside the one talked on (call waiting, consultation), or null.</summary>
    public SipCall Held
    {
        get
        {
            SipCall active = Answered;
            CallManager calls = _agent.Calls;
            for (int i = 0; i < calls.SlotCount; i++)
            {
                SipCall c = calls.SlotAt(i);
                if (c != active && CallStates.IsAnswered(c.State) && c.IsHolding) return c;
            }
            return null;
        }
    }

    /// <summary>The call that rings while another is answered (call waiting), or null.</summary>
    public SipCall Waiting
    {
        get
        {
            SipCall ringing = Ringing;
            return ringing != null && Answered != null ? ringing : null;
        }
    }

    /// <summary>Our own call before its answer (also while it is being given up), or null.</summary>
    public SipCall Placing { get { return Find(false); } }

    /// <summary>Our own call before its answer that the user has not hung up yet, or null.</summary>
    public SipCall Dialing
    {
        get
        {
            SipCall call = Placing;
            return call != null && !IsGivenUp(call) ? call : null;
        }
    }

    /// <summary>No call of any kind: nothing rings, nothing is dialled or answered.</summary>
    public bool IsIdle { get { return _agent.Calls.Current == null; } }

    /// <summary>Missed calls since the user last lifted the handset or pressed a key while idle.</summary>
    public int UnseenMissed { get { return _unseenMissed; } }

    private SipCall Find(bool answered)
    {
        CallManager calls = _agent.Calls;
        for (int i = 0; i < calls.SlotCount; i++)
        {
            SipCall c = calls.SlotAt(i);
            if (answered ? CallStates.IsAnswered(c.State) : CallStates.IsOutgoing(c.State)) return c;
        }
        return null;
    }

    private static bool IsGivenUp(SipCall call)
    {
        return call.State == CallState.OutgoingCancelWait || call.State == CallState.OutgoingCancelling;
    }

    // ---- What happens to them ----------------------------------------------------------------------

    public void OnCall(CallEvent e)
    {
        long now = _clock.NowMs;
        SipCall call = e.Call;
        switch (e.Kind)
        {
            case CallEventKind.Incoming:
                return;
            case CallEventKind.Ringing:
                if (e.Cause == CallCause.CallWaiting && Answered != null)
                {
                    // Call waiting: a tone in the earpiece, not the ringer; the lamp blinks fast.
                    _out.Emit(PhoneEventLines.Call("WAITING", e.Number, e.Peer));
                    Alert();
                    _out.SetLamp(Indicator.InCall, LampMode.FastBlink);
                    return;
                }
                _dialling.Clear();
                _out.Emit(PhoneEventLines.Call("RINGING", e.Number, e.Peer));
                Alert();
                _out.SetLamp(Indicator.InCall, LampMode.FastBlink);
                return;
            case CallEventKind.Cancelling:
                // The user hung up before any provisional; the CANCEL waits for one. The lamp says so.
                break;
            case CallEventKind.Dialing:
                _out.Emit(PhoneEventLines.Call("DIALING", e.Number, e.Detail.Length > 0 ? e.Detail : e.Peer));
                break;
            case CallEventKind.Ringback:
                _out.Emit(PhoneEventLines.Call("RINGBACK", e.Number, null));
                break;
            case CallEventKind.Answered:
                Alert();
                _out.Emit(PhoneEventLines.Call("ANSWERED", e.Number, e.Peer));
                break;
            case CallEventKind.Hold:
                _out.Emit(PhoneEventLines.Call("HOLD", e.Number, null));
                break;
            case CallEventKind.Resume:
                _out.Emit(PhoneEventLines.Call("RESUME", e.Number, null));
                break;
            case CallEventKind.HeldByPeer:
                _out.Emit(PhoneEventLines.Call("HELD", e.Number, null));
                return;
            case CallEventKind.ResumedByPeer:
                _out.Emit(PhoneEventLines.Call("RESUMED", e.Number, null));
                return;
            case CallEventKind.Transferring:
                _out.Emit(PhoneEventLines.Call("TRANSFERRING", e.Number, e.Detail));
                return;
            case CallEventKind.TransferProgress:
                _out.Emit(PhoneEventLines.Call("TRANSFER", e.Number, e.Status.ToString()));
                return;
            case CallEventKind.TransferFailed:
                _out.Emit(PhoneEventLines.Call("TRANSFER FAILED", e.Number, e.Detail));
                return;
            case CallEventKind.Referred:
                _out.Emit(PhoneEventLines.Call("REFERRED", e.Number, e.Detail));
                return;
            case CallEventKind.Forwarded:
                Alert();
                _log.Add(CallLogKind.Forwarded, e.Peer, e.Detail, now, 0);
                _out.Emit(PhoneEventLines.Call("FORWARDED", e.Number, e.Detail));
                break;
            case CallEventKind.AnsweredElsewhere:
                Alert();
                _log.Add(CallLogKind.AnsweredElsewhere, e.Peer, null, now, 0);
                _out.Emit(PhoneEventLines.Call("ANSWERED ELSEWHERE", e.Number, e.Peer));
                break;
            case CallEventKind.Missed:
                Alert();
                Missed(e.Peer, now);
                _out.Emit(PhoneEventLines.Call("MISSED", e.Number, e.Peer));
                break;
            case CallEventKind.Rejected:
                Alert();
                _log.Add(CallLogKind.Rejected, e.Peer, e.Detail, now, 0);
                _out.Emit(PhoneEventLines.Call("REJECTED", e.Number, e.Detail.Length > 0 ? e.Detail : "rejected"));
                break;
            case CallEventKind.Failed:
                _log.Add(CallLogKind.Failed, e.Peer, e.Detail, now, 0);
                _out.Emit(PhoneEventLines.Call("FAILED", e.Number, e.Detail.Length > 0 ? e.Detail : "failed"));
                break;
            case CallEventKind.Ended:
                Ended(e, now);
                break;
        }
        UpdateLamp();
    }

    private void Ended(CallEvent e, long now)
    {
        SipCall call = e.Call;
        if (call != null && call.AnsweredAtMs >= 0)
        {
            _log.Add(call.IsOutgoing ? CallLogKind.Dialled : CallLogKind.Answered, e.Peer, null, now, PhoneText.Seconds(call.AnsweredAtMs, now));
        }
        else if (call != null && call.IsOutgoing)
        {
            // Our call, given up before an answer (CANCEL).
            _log.Add(CallLogKind.Dialled, e.Peer, e.Detail.Length > 0 ? e.Detail : "cancelled", now, 0);
        }
        else
        {
            // BYE before any answer: the caller gave up.
            Alert();
            Missed(e.Peer, now);
        }
        _out.Emit(PhoneEventLines.Call("ENDED", e.Number, e.Detail));
        Alert();
    }

    private void Missed(string peer, long now)
    {
        _log.Add(CallLogKind.Missed, peer, null, now, 0);
        _unseenMissed++;
        ShowMessageLamp();
    }

    /// <summary>
    /// The ringer and the call waiting tone, after any change: a call ringing while another is
    /// answered waits (tone in the earpiece, no ringer); ringing alone rings; neither, both stop.
    /// The waiting call rings as any other once the call beside it has ended.
    /// </summary>
    private void Alert()
    {
        SipCall ringing = Ringing;
        bool waiting = ringing != null && Answered != null;
        _out.CallWaitingTone(waiting);
        if (ringing == null || waiting) _out.StopRinger();
        else _out.StartRinger();
    }

    /// <summary>The user looked: lifted the handset, or pressed a key while idle.</summary>
    public void SeenMissedCalls()
    {
        if (_unseenMissed == 0) return;
        _unseenMissed = 0;
        ShowMessageLamp();
    }

    /// <summary>True while the voicemail's summary says messages wait (<see cref="MessageWaiting"/>).</summary>
    public bool VoicemailWaiting;

    /// <summary>
    /// The message lamp: slow blink while there are missed calls nobody looked at, on while voicemail
    /// waits (and no missed call is unseen), off otherwise. Each keeps its own indication.
    /// </summary>
    public void ShowMessageLamp()
    {
        _out.SetLamp(Indicator.MessageWaiting, _unseenMissed > 0 ? LampMode.SlowBlink : VoicemailWaiting ? LampMode.On : LampMode.Off);
    }

    public void UpdateLamp()
    {
        _out.SetLamp(Indicator.InCall, InCallLamp());
    }

    private LampMode InCallLamp()
    {
        if (Waiting != null) return LampMode.FastBlink;
        SipCall answered = Answered;
        if (answered != null) return answered.IsHolding ? LampMode.SlowBlink : LampMode.On;
        if (Ringing != null) return LampMode.FastBlink;
        SipCall dialing = Dialing;
        if (dialing != null) return dialing.State == CallState.OutgoingEarly ? LampMode.SlowBlink : LampMode.On;
        return LampMode.Off;
    }

    /// <summary>The console's <c>status</c> line for the calls (digits: what the keypad collected so far).</summary>
    public string Text(string digits)
    {
        SipCall answered = Answered;
        if (answered != null)
        {
            SipCall held = Held;
            SipCall waiting = Waiting;
            return "in call with " + answered.Peer + " for " + PhoneText.Seconds(answered.AnsweredAtMs, _clock.NowMs) + " s" + (answered.IsHolding ? ", on hold" : "")
                + (held != null ? ", " + held.Peer + " on hold" : "") + (waiting != null ? ", " + waiting.Peer + " waiting" : "");
        }
        SipCall ringing = Ringing;
        if (ringing != null) return "ringing from " + ringing.Peer;
        SipCall placing = Placing;
        if (placing != null)
        {
            if (IsGivenUp(placing)) return "hanging up the call to " + placing.Peer;
            return "calling " + placing.Peer + (placing.State == CallState.OutgoingEarly ? ", it rings" : "");
        }
        if (digits.Length > 0) return "dialling " + digits;
        return "idle";
    }
}
