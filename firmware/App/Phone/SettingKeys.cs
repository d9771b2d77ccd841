using NanoPhone.App.Config;
using NanoPhone.Hal;
using NanoPhone.Sip.Call;

namespace NanoPhone.App.Phone;

/// <summary>
/// Do-not-disturb and forward-all, from the keys and as the phone shows them. The DND key toggles
/// <c>dnd</c>. The forward key toggles "forward all calls" (<c>forward.always.target</c>) to the
/// voicemail target <c>forward.noanswer.target</c>, or to <c>forward.busy.target</c> when that is
/// unset; pressed again it clears <c>forward.always.target</c>. Both change the configuration like
/// <c>set</c> does (<c>save</c> keeps them); a change from anywhere (key, console, file) gives a
/// DND or FORWARD line, and the DND lamp mirrors <c>dnd</c>.
/// </summary>
internal sealed class SettingKeys
{
    private readonly PhoneConfig _config;
    private readonly CallSettings _settings;
    private readonly PhoneOutput _out;
    private bool _dndShown;
    private string _forwardShown;

    public SettingKeys(PhoneConfig config, CallSettings settings, PhoneOutput output)
    {
        _config = config;
        _settings = settings;
        _out = output;
        _dndShown = settings.DoNotDisturb;
        _forwardShown = settings.ForwardAlwaysTarget;
    }

    /// <summary>The DND lamp as the setting is (at start).</summary>
    public void ShowDndLamp()
    {
        _out.SetLamp(Indicator.Dnd, _settings.DoNotDisturb ? LampMode.On : LampMode.Off);
    }

    /// <summary>The call settings were applied again: report what changed of DND and forward-all.</summary>
    public void Applied()
    {
        bool dnd = _settings.DoNotDisturb;
        if (dnd != _dndShown)
        {
            _dndShown = dnd;
            _out.Emit(PhoneEventLines.Dnd(dnd));
            _out.SetLamp(Indicator.Dnd, dnd ? LampMode.On : LampMode.Off);
        }
        string always = _settings.ForwardAlwaysTarget;
        if (always != _forwardShown)
        {
            _forwardShown = always;
            _out.Emit(always == null ? "FORWARD off" : "FORWARD on " + always);
        }
    }

    public void ToggleDnd()
    {
        string error;
        if (!_config.TrySet(ConfigKeys.Dnd, _settings.DoNotDisturb ? "off" : "on", out error))
            _out.Emit("DND unavailable " + error);
    }

    public void ToggleForward()
    {
        if (_config.Get(ConfigKeys.ForwardAlwaysTarget) != null)
        {
            _config.Unset(ConfigKeys.ForwardAlwaysTarget);
            return;
        }
        string target = _config.Get(ConfigKeys.ForwardNoAnswerTarget);
        if (target == null) target = _config.Get(ConfigKeys.ForwardBusyTarget);
        if (target == null)
        {
            _out.Emit("FORWARD unavailable no target: set " + ConfigKeys.ForwardNoAnswerTarget);
            return;
        }
        string error;
        if (!_config.TrySet(ConfigKeys.ForwardAlwaysTarget, target, out error)) _out.Emit("FORWARD unavailable " + error);
    }
}
