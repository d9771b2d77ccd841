using NanoPhone.Hal;

namespace NanoPhone.Host.Simulator;

/// <summary>
/// The simulator's "hardware" outputs: the buzzer, the four LEDs and the door relay of the desktop-simulator board.
/// On a terminal they are shown on the status line, by mode rather than by blink phase (so the line
/// does not flicker while the user types), e.g.
/// <c>reg:on  msg:off  dnd:on  call:fast | ringer: uk | hook: off</c>. Loop thread only.
/// </summary>
public sealed class StatusPanel : IToneOutput, ILampOutput, IRelayOutput
{
    private readonly EventOutput _output;
    private readonly bool[] _lit = new bool[Indicators.Count];
    private bool _tone;

    public StatusPanel(EventOutput output)
    {
        _output = output;
    }

    /// <summary>The hardware whose modes the status line shows (set once it exists).</summary>
    public PhoneHardware? Hardware { get; set; }

    /// <summary>Whether the buzzer sounds right now.</summary>
    public bool IsSounding => _tone;

    /// <summary>Whether a LED is lit right now.</summary>
    public bool IsLit(Indicator lamp) => _lit[(int)lamp];

    public void ToneOn(int frequencyHz) => _tone = true;

    public void ToneOff() => _tone = false;

    public void SetLamp(Indicator which, bool lit) => _lit[(int)which] = lit;

    /// <summary>Whether the door relay is energised right now.</summary>
    public bool RelayEnergised { get; private set; }

    public void SetRelay(bool energised) => RelayEnergised = energised;

    /// <summary>Redraws the status line if anything it shows changed; call every loop turn.</summary>
    public void Refresh()
    {
        PhoneHardware? hw = Hardware;
        if (hw == null || !_output.HasStatusLine) return;     // no terminal: nothing to draw, build no text
        IIndicators lamps = hw.Indicators;
        _output.SetStatus(
            "reg:" + Mode(lamps.Get(Indicator.Registered)) + "  msg:" + Mode(lamps.Get(Indicator.MessageWaiting))
            + "  dnd:" + Mode(lamps.Get(Indicator.Dnd)) + "  call:" + Mode(lamps.Get(Indicator.InCall))
            + " | ringer: " + (hw.Ringer.IsRinging ? hw.Ringer.Pattern.Name : "off")
            + " | hook: " + (hw.Hook.State == HookState.OffHook ? "off" : "on")
            + (hw.Relay.IsEnergised ? " | door: open" : "") + " > ");
    }

    private static string Mode(LampMode mode)
    {
        switch (mode)
        {
            case LampMode.On: return "on";
            case LampMode.SlowBlink: return "slow";
            case LampMode.FastBlink: return "fast";
            default: return "off";
        }
    }
}
