using NanoPhone.App.Config;
using NanoPhone.App.Phone;
using NanoPhone.Hal;
using NanoPhone.Media.Dtmf;
using NanoPhone.Sip.Message;

namespace NanoPhone.App.Door;

/// <summary>
/// The door opener: keys the far end sends during an answered call (<see cref="OnRemoteDigit"/>, fed
/// by RFC 4733 events from the media path and by SIP INFO bodies, <see cref="OnInfo"/>) are matched
/// against <c>door.code</c>; the code pulses the board's relay for <c>door.pulse.ms</c> and says
/// <c>DOOR opened</c>. A wrong code does nothing; a board without a relay says
/// <c>DOOR unavailable no relay on this board</c>. The code itself is never printed.
/// </summary>
internal sealed class DoorOpener
{
    private readonly PhoneConfig _config;
    private readonly IPhoneHardware _hw;
    private readonly PhoneOutput _out;
    private readonly DoorCode _code = new DoorCode();

    public DoorOpener(PhoneConfig config, IPhoneHardware hardware, PhoneOutput output)
    {
        _config = config;
        _hw = hardware;
        _out = output;
        Applied();
    }

    /// <summary>door.code changed (or the phone started): the matcher takes the new code and forgets keys.</summary>
    public void Applied()
    {
        _code.Code = _config.Get(ConfigKeys.DoorCode);
    }

    /// <summary>A call ended or began: keys of one call never complete a code with keys of another.</summary>
    public void Reset()
    {
        _code.Reset();
    }

    /// <summary>One key from the far end of the answered call.</summary>
    public void OnRemoteDigit(char key, long nowMs)
    {
        if (!_code.OnKey(key, nowMs)) return;
        IDoorRelay relay = _hw.Relay;
        if (relay == null || !relay.IsFitted)
        {
            _out.Emit(PhoneEventLines.Unavailable("DOOR", "no relay on this board"));
            return;
        }
        relay.Pulse(_config.GetInt(ConfigKeys.DoorPulseMs, 1000));
        _out.Emit(PhoneEventLines.DoorOpened);
    }

    /// <summary>An INFO in the answered call: its key (application/dtmf-relay "Signal=", application/dtmf) if it has one.</summary>
    public void OnInfo(SipMessage info, long nowMs)
    {
        int ct = info.IndexOf(HeaderId.ContentType);
        if (ct < 0) return;
        byte[] b = info.Buffer;
        char key;
        int duration;
        bool read = RequestCheck.IsApplication(b, info.ValueOffsetAt(ct), info.ValueLengthAt(ct), RequestCheck.DtmfRelaySubtype)
            ? DtmfInfoBody.TryParseRelay(b, info.BodyOffset, info.BodyLength, out key, out duration)
            : DtmfInfoBody.TryParseDtmf(b, info.BodyOffset, info.BodyLength, out key);
        if (read) OnRemoteDigit(key, nowMs);
    }
}
