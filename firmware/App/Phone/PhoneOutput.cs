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

    public void StopRinger()
    {
        if (!_hw.Ringer.IsRinging) return;
        _hw.Ringer.Stop();
        Emit(PhoneEventLines.RingerOff);
    }
}
