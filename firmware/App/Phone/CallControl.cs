using NanoPhone.Hal;
using NanoPhone.Sip.Agent;
using NanoPhone.Sip.Call;

namespace NanoPhone.App.Phone;

/// <summary>
/// The person at the phone: the hook switch and the keys. Lifting the handset or the answer key
/// answers the call that has rung longest; putting the handset down or the hang-up key ends an
/// answered call (BYE) or our call before its answer (CANCEL once a provisional came), and drops
/// digits typed; the hang-up key while it rings declines it (603, or 302 to forward.busy.target).
/// The redial key is the hold key in an answered call (re-INVITE a=sendonly / a=sendrecv), the
/// redial key when idle. Digits are collected while the handset is up and there is no call (in an
/// answered call they are DTMF: <see cref="NanoPhone.App.Audio.PhoneAudio"/>). Calls placed with the handset down are hands-free: the hang-up key or the
/// console's <c>hangup</c> ends them, lifting the handset takes them over, putting it down then ends them.
/// </summary>
internal sealed class CallControl
{
    private readonly UserAgent _agent;
    private readonly IPhoneHardware _hw;
    private readonly PhoneOutput _out;
    private readonly PhoneCalls _calls;
    private readonly Dialling _dialling;
    private readonly SettingKeys _settingKeys;
    private readonly Conference _conference;

    public CallControl(UserAgent agent, IPhoneHardware hardware, PhoneOutput output, PhoneCalls calls, Dialling dialling, SettingKeys settingKeys, Conference conference)
    {
        _conference = conference;
        _agent = agent;
        _hw = hardware;
        _out = output;
        _calls = calls;
        _dialling = dialling;
        _settingKeys = settingKeys;
    }

    public void OnHookChanged(HookState state, long atMs)
    {
        _out.Emit(PhoneEventLines.Hook(state));
        if (state == HookState.OffHook)
        {
            _calls.SeenMissedCalls();
            SipCall ringing = _calls.Ringing;
            if (ringing != null && _calls.Answered == null) _agent.Calls.Answer(ringing.Number);
            // Otherwise a hands-free call goes on in the handset, or idle: digits are collected now.
        }
        else
        {
            // Digits typed so far are dropped; a call (ours before its answer too) ends.
            _dialling.Clear();
            HangUp();
        }
    }

    public void OnKeyEvent(PhoneKey key, KeyAction action, long atMs)
    {
        if (action != KeyAction.Pressed) return;
        _out.Emit(PhoneEventLines.Key(key));
        SipCall ringing = _calls.Ringing;
        switch (key)
        {
            case PhoneKey.Answer:
                if (ringing != null) _agent.Calls.Answer(ringing.Number);
                else _calls.SeenMissedCalls();
                return;
            case PhoneKey.HangUp:
                if (ringing != null) _agent.Calls.Reject(ringing.Number);
                else if (!HangUp())
                {
                    _dialling.Clear();
                    _calls.SeenMissedCalls();
                }
                return;
            case PhoneKey.Dnd:
                _settingKeys.ToggleDnd();
                return;
            case PhoneKey.Forward:
                _settingKeys.ToggleForward();
                return;
            case PhoneKey.Redial:
                SipCall answered = _calls.Answered;
                if (answered != null)
                {
                    // In a call the redial key is the hold key; with a call held beside it, the swap.
                    string why;
                    if (_conference.IsOn) _out.Emit(PhoneEventLines.Unavailable("HOLD", InConference));
                    else if (_calls.Held != null) { if (!Swap(out why)) _out.Emit(PhoneEventLines.Unavailable("HOLD", why)); }
                    else if (!Hold(!answered.IsHolding, out why)) _out.Emit(PhoneEventLines.Unavailable("HOLD", why));
                    return;
                }
                if (!_calls.IsIdle) return;
                _calls.SeenMissedCalls();
                _dialling.Redial();
                return;
            case PhoneKey.Transfer:
                string error;
                if (!Transfer(null, out error)) _out.Emit(PhoneEventLines.Unavailable("TRANSFER", error));
                return;
            default:
                if (_dialling.IsTransferring)
                {
                    _dialling.Key(PhoneKeys.ToDialChar(key), atMs);
                    return;
                }
                if (!_calls.IsIdle) return;
                _calls.SeenMissedCalls();
                if (_hw.Hook.State == HookState.OffHook) _dialling.Key(PhoneKeys.ToDialChar(key), atMs);
                return;
        }
    }

    /// <summary>
    /// Ends the answered call (BYE) or our own call before its answer (CANCEL once a provisional came,
    /// or as soon as one comes). A call ringing here is left alone (the hang-up key declines it).
    /// False when there is no such call (or ours is being given up already).
    /// </summary>
    public bool HangUp()
    {
        // A desk phone's local conference: hanging up the phone ends both calls.
        if (_conference.IsOn) return _conference.HangUp();
        SipCall answered = _calls.Answered;
        if (answered != null) return _agent.Calls.HangUp(answered.Number);
        SipCall dialing = _calls.Dialing;
        if (dialing == null) return false;
        bool done = _agent.Calls.HangUp(dialing.Number);
        _calls.UpdateLamp();
        return done;
    }

    /// <summary>Why hold, swap and transfer are refused while two calls are joined.</summary>
    public const string InConference = "in a conference (hang up to end it)";

    /// <summary>Two answered calls: the one held is taken back and the other held (re-INVITEs). False and why not.</summary>
    public bool Swap(out string error)
    {
        error = null;
        if (_conference.IsOn) { error = InConference; return false; }
        SipCall held = _calls.Held;
        if (held == null) { error = "no second call to swap to"; return false; }
        bool done = _agent.Calls.Hold(held.Number, false);
        if (!done) error = "not now (a re-INVITE is under way)";
        return done;
    }

    /// <summary>
    /// Transfer. With a target: the call talked on (or the one held) goes there (blind, REFER).
    /// Without one: two answered calls are joined (attended: the held call's peer is asked to
    /// call the other's, replacing our dialog with it); one call is held and the digits typed next
    /// are the target. False and why not.
    /// </summary>
    public bool Transfer(string target, out string error)
    {
        error = null;
        if (_conference.IsOn) { error = InConference; return false; }
        SipCall answered = _calls.Answered;
        if (answered == null) { error = "no call"; return false; }
        if (target != null && target.Length > 0)
        {
            error = _agent.Calls.Transfer(answered.Number, target);
            return error == null;
        }
        SipCall held = _calls.Held;
        if (held != null && !answered.IsHolding)
        {
            error = _agent.Calls.TransferTo(held.Number, answered.Number);
            return error == null;
        }
        if (!answered.IsHolding) _agent.Calls.Hold(answered.Number, true);
        _dialling.StartTransfer(answered.Number);
        return true;
    }

    /// <summary>Puts the answered call on hold (re-INVITE a=sendonly) or takes it off (a=sendrecv). False and why not.</summary>
    public bool Hold(bool hold, out string error)
    {
        error = null;
        if (_conference.IsOn) { error = InConference; return false; }
        SipCall answered = _calls.Answered;
        if (answered == null) { error = "no call"; return false; }
        if (answered.IsHolding == hold) { error = hold ? "the call is on hold already" : "the call is not on hold"; return false; }
        bool done = _agent.Calls.Hold(answered.Number, hold);
        if (!done) error = "not now (the call is not confirmed yet, or a re-INVITE is under way)";
        return done;
    }
}
