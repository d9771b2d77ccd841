using NanoPhone.Sip.Subscription;

namespace NanoPhone.App.Phone;

/// <summary>
/// Voicemail waiting (RFC 3842) as the phone shows it: each summary a NOTIFY carries becomes an
/// event line (<c>MWI 2 new 1 old</c>, <c>MWI 2 new 1 old (1 urgent)</c>, <c>MWI none</c>) when it
/// changes, and the message lamp (through <see cref="PhoneCalls.ShowMessageLamp"/>, which also
/// shows missed calls: those blink, voicemail alone is steady); the subscription's state changes
/// become <c>MWI subscription STATE [DETAIL]</c> lines. The console's <c>status</c> shows the counts.
/// </summary>
internal sealed class MessageWaiting
{
    private readonly PhoneOutput _out;
    private readonly PhoneCalls _calls;
    private readonly MessageSummary _last = new MessageSummary();
    private bool _known;
    private MwiState _state;
    private int _expires;

    public MessageWaiting(PhoneOutput output, PhoneCalls calls)
    {
        _out = output;
        _calls = calls;
    }

    public void OnSummary(MessageSummary s)
    {
        bool same = _known && _last.Waiting == s.Waiting && _last.NewVoice == s.NewVoice && _last.OldVoice == s.OldVoice
            && _last.UrgentNewVoice == s.UrgentNewVoice;
        _last.CopyFrom(s);
        _known = true;
        _calls.VoicemailWaiting = s.Waiting;
        _calls.ShowMessageLamp();
        if (!same) _out.Emit(PhoneEventLines.Mwi(s.Waiting, s.NewVoice, s.OldVoice, s.UrgentNewVoice));
    }

    public void OnSubscription(MwiState state, int expires, string detail)
    {
        _state = state;
        _expires = expires;
        _out.Emit(PhoneEventLines.MwiSubscription(MwiStates.Name(state), detail));
    }

    /// <summary>The <c>messages:</c> line of <c>status</c>.</summary>
    public string Text(int missed)
    {
        string vm;
        if (!_known) vm = "voicemail unknown";
        else if (!_last.Waiting) vm = "no voicemail";
        else if (_last.NewVoice < 0) vm = "voicemail waiting";
        else vm = _last.NewVoice + " new, " + (_last.OldVoice < 0 ? 0 : _last.OldVoice) + " old voicemail"
            + (_last.UrgentNewVoice > 0 ? " (" + _last.UrgentNewVoice + " urgent)" : "");
        string sub = "subscription " + MwiStates.Name(_state) + (_state == MwiState.Active ? " (" + _expires + " s)" : "");
        return vm + "; " + missed + " missed call" + (missed == 1 ? "" : "s") + "; " + sub;
    }
}
