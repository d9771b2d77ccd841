using NanoPhone.App.Config;
using NanoPhone.Hal;

namespace NanoPhone.App.Phone;

/// <summary>
/// What the phone shows and sounds: its lamps, its ringer, and one event line per change to the
/// sink (<see cref="PhoneEventLines"/>). A lamp or ringer set to what it already is says nothing.
/// </summary>
internal sealed class PhoneOutput
{
    private readonly IPhoneHardware _hw;
    private readonly PhoneConfig _config;

    public PhoneOutput(IPhoneHardware hardware, PhoneConfig config)
    {
        _hw = hardware;
        _config = config;
    }

    /// <summary>Where event lines go; null drops them.</summary>
    public IPhoneEventSink Events;

    public void Emit(string line)
    {
        IPhoneEventSink sink = Events;
        if (sink != null) sink.PhoneEvent(line);
    }

    public void SetLamp(Indicator lamp, LampMode mode)
    {
        if (_hw.Indicators.Get(lamp) == mode) return;
        _hw.Indicators.Set(lamp, mode);
        Emit(PhoneEventLines.Lamp(lamp, mode));
    }

    public bool IsRinging { get { return _hw.Ringer.IsRinging; } }

    /// <summary>Rings <c>ringer.pattern</c> (us when unset or unknown); a ringer already playing it goes on as it is.</summary>
    public void StartRinger()
    {
        RingPattern pattern = RingPattern.ByName(_config.Get(ConfigKeys.RingerPattern));
        if (pattern == null) pattern = RingPattern.Us;
        if (_hw.Ringer.Pattern == pattern) return;
        _hw.Ringer.Start(pattern);
        Emit(PhoneEventLines.RingerOn(pattern));
    }

    /// <summary>The earpiece's tones (the media path); null: none, the WAITING line and the lamp still tell.</summary>
    public IPhoneTones Tones;

    /// <summary>True while the call waiting tone is asked for.</summary>
    public bool IsCallWaitingTone { get; private set; }

    /// <summary>Starts or stops the call waiting tone in the earpiece (never the ringer).</summary>
    public void CallWaitingTone(bool on)
    {
        if (IsCallWaitingTone == on) return;
        IsCallWaitingTone = on;
        IPhoneTones tones = Tones;
        if (tones != null) tones.CallWaiting(on);
    }

    public void StopRinger()
    {
        if (!_hw.Ringer.IsRinging) return;
        _hw.Ringer.Stop();
        Emit(PhoneEventLines.RingerOff);
    }
}
