using NanoPhone.App.Audio;
using NanoPhone.Sip.Agent;
using NanoPhone.Sip.Call;

namespace NanoPhone.App.Phone;

/// <summary>
/// A 3-way conference mixed in the phone (console <c>conference</c>): with two answered calls (one
/// held beside the other by call waiting or a consultation call), the held one is taken off hold
/// without holding the other (re-INVITE a=sendrecv) and <see cref="PhoneAudio"/> mixes the two
/// (each party hears the phone and the other party; the earpiece both). It ends when either call
/// ends (the other goes on as a normal call), or when this phone holds one of them (a third call
/// answered). Hanging up the phone (on-hook, hang-up key, console <c>hangup</c>) ends both calls, as
/// a desk phone's local conference does. Lines: <c>CONFERENCE started A B</c>, <c>CONFERENCE ended
/// [CALL]</c> (the call that goes on; none when the phone hung up), <c>CONFERENCE unavailable WHY</c>.
/// </summary>
internal sealed class Conference
{
    private readonly UserAgent _agent;
    private readonly PhoneOutput _out;
    private readonly PhoneCalls _calls;
    private PhoneAudio _audio;
    private SipCall _a;
    private SipCall _b;
    private int _numberA;
    private int _numberB;
    private long _startedAtMs;

    public Conference(UserAgent agent, PhoneOutput output, PhoneCalls calls)
    {
        _agent = agent;
        _out = output;
        _calls = calls;
    }

    /// <summary>The audio path that mixes; set once it exists.</summary>
    public PhoneAudio Audio { set { _audio = value; } }

    /// <summary>True from <see cref="Start"/> until either call ends or is held.</summary>
    public bool IsOn { get { return _a != null; } }

    /// <summary>
    /// Joins the two answered calls. False and why not: fewer than two answered calls, no audio
    /// path (or no heap for the second stream), a re-INVITE under way, a conference already.
    /// </summary>
    public bool Start(out string error)
    {
        error = null;
        if (IsOn) { error = "a conference is on already"; return false; }
        SipCall a = _calls.Answered;
        SipCall b = _calls.Held;
        if (a == null || b == null) { error = "needs two answered calls (one held beside the other)"; return false; }
        if (_audio == null || !_audio.PrepareConference()) { error = "no audio path for a second call"; return false; }
        if (a.IsHolding && !_agent.Calls.Join(a.Number) || b.IsHolding && !_agent.Calls.Join(b.Number))
        {
            error = "not now (the call is not confirmed yet, or a re-INVITE is under way)";
            return false;
        }
        _a = a;
        _b = b;
        _numberA = a.Number;
        _numberB = b.Number;
        _startedAtMs = _agent.Clock.NowMs;
        _out.Emit("CONFERENCE started " + _numberA + " " + _numberB);
        _calls.UpdateLamp();
        return true;
    }

    /// <summary>The conference's other party beside heard (both talking), or null.</summary>
    public SipCall Other(SipCall heard)
    {
        if (!IsOn || heard == null) return null;
        SipCall other = heard == _a ? _b : heard == _b ? _a : null;
        return other != null && Holds(other) && !other.IsHolding ? other : null;
    }

    private bool Holds(SipCall c)
    {
        return (c == _a && c.Number == _numberA || c == _b && c.Number == _numberB) && CallStates.IsAnswered(c.State);
    }

    /// <summary>After each call event: the conference ends when either of its calls ended or this phone held it.</summary>
    public void OnCall(CallEvent e)
    {
        if (!IsOn) return;
        bool aGone = !Holds(_a) || _a.IsHolding;
        bool bGone = !Holds(_b) || _b.IsHolding;
        if (!aGone && !bGone) return;
        SipCall left = !aGone ? _a : !bGone ? _b : null;
        _a = null;
        _b = null;
        _out.Emit(left != null ? "CONFERENCE ended " + left.Number : "CONFERENCE ended");
    }

    /// <summary>Hangs up both calls (BYE each). False when there is no conference.</summary>
    public bool HangUp()
    {
        if (!IsOn) return false;
        int na = _numberA, nb = _numberB;
        _a = null;
        _b = null;
        _out.Emit("CONFERENCE ended");
        bool done = _agent.Calls.HangUp(na);
        if (_agent.Calls.HangUp(nb)) done = true;
        return done;
    }

    /// <summary>The status line's words for it, or null.</summary>
    public string Text(long nowMs)
    {
        if (!IsOn) return null;
        return "in conference with " + _a.Peer + " and " + _b.Peer + " for " + PhoneText.Seconds(_startedAtMs, nowMs) + " s";
    }
}
