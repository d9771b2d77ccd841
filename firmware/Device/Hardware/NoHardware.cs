using NanoPhone.Hal;

namespace NanoPhone.Device.Hardware;

/// <summary>
/// The phone without keypad, hook switch, buzzer or lamps: the HAL's logic with silent outputs and
/// no input. The device runs on it when its board is unknown or its pins cannot be opened, so SIP
/// and the serial console still work to put the configuration right.
/// </summary>
public static class NoHardware
{
    public static PhoneHardware Create(IHalClock clock)
    {
        return new PhoneHardware(clock, new HalSettings(), new SilentTone(), new DarkLamps());
    }

    private sealed class SilentTone : IToneOutput
    {
        public void ToneOn(int frequencyHz) { }

        public void ToneOff() { }
    }

    private sealed class DarkLamps : ILampOutput
    {
        public void SetLamp(Indicator which, bool lit) { }
    }
}
