using NanoPhone.Hal;

namespace NanoPhone.App.Audio;

/// <summary>
/// Where the phone's audio goes, and how loud: the handset while it is lifted, the loudspeaker
/// (hands-free) after the speaker key or for a call with the handset down, nowhere otherwise; the
/// mute key makes the microphone send silence; the volume keys step the volume of the route in use.
/// Pure logic: <see cref="Update"/> is told the hook and whether a call is live, and says whether the
/// route changed; the caller sets it on the audio hardware.
/// </summary>
public sealed class AudioRouting
{
    private bool _speaker;
    private bool _muted;
    private AudioRoute _route = AudioRoute.Off;

    public AudioRoute Route { get { return _route; } }

    /// <summary>True while the microphone sends silence.</summary>
    public bool Muted { get { return _muted; } }

    /// <summary>True while hands-free was chosen with the speaker key.</summary>
    public bool HandsFree { get { return _speaker; } }

    /// <summary>
    /// The route for the hook and the calls; true when it changed. With no call and the handset down
    /// hands-free and mute end (the next call starts on the handset, not muted).
    /// </summary>
    public bool Update(bool offHook, bool callLive)
    {
        if (!callLive && !offHook)
        {
            _speaker = false;
            _muted = false;
        }
        AudioRoute route = _speaker ? AudioRoute.Speaker
            : offHook ? AudioRoute.Handset
            : callLive ? AudioRoute.Speaker
            : AudioRoute.Off;
        if (route == _route) return false;
        _route = route;
        return true;
    }

    /// <summary>The speaker key: hands-free on or off (only with a call or the handset lifted; otherwise false: nothing to route).</summary>
    public bool ToggleSpeaker(bool offHook, bool callLive)
    {
        if (!offHook && !callLive) return false;
        _speaker = !_speaker;
        // Handset down and hands-free off: the call stays on the loudspeaker (nothing else can carry it).
        return true;
    }

    /// <summary>The mute key during a call: the microphone off or on. False without a call.</summary>
    public bool ToggleMute(bool callLive)
    {
        if (!callLive) return false;
        _muted = !_muted;
        return true;
    }

    /// <summary>The volume after a volume key: one step up or down within 0 … max.</summary>
    public static int Step(int volume, int max, bool up)
    {
        int v = up ? volume + 1 : volume - 1;
        return v < 0 ? 0 : v > max ? max : v;
    }
}
