using NanoPhone.App.Audio;
using NanoPhone.Hal;
using Xunit;

namespace NanoPhone.App.Tests.Audio;

/// <summary>
/// Where the audio goes: the handset while it is lifted, the loudspeaker for a call with the handset
/// down or after the speaker key, nowhere otherwise; mute only in a call; both end with the call.
/// </summary>
public class AudioRoutingTests
{
    [Fact]
    public void The_handset_lifted_routes_to_the_handset_and_a_call_with_it_down_to_the_speaker()
    {
        var r = new AudioRouting();
        Assert.False(r.Update(offHook: false, callLive: false));
        Assert.Equal(AudioRoute.Off, r.Route);
        Assert.True(r.Update(offHook: true, callLive: false));
        Assert.Equal(AudioRoute.Handset, r.Route);
        Assert.True(r.Update(offHook: false, callLive: true));
        Assert.Equal(AudioRoute.Speaker, r.Route);
    }

    [Fact]
    public void The_speaker_key_toggles_hands_free_during_a_call_and_the_end_of_the_call_resets_it()
    {
        var r = new AudioRouting();
        Assert.False(r.ToggleSpeaker(offHook: false, callLive: false));
        r.Update(true, true);
        Assert.True(r.ToggleSpeaker(true, true));
        r.Update(true, true);
        Assert.Equal(AudioRoute.Speaker, r.Route);
        Assert.True(r.ToggleMute(callLive: true));
        Assert.True(r.Muted);
        r.Update(offHook: false, callLive: false);
        Assert.False(r.HandsFree);
        Assert.False(r.Muted);
        Assert.Equal(AudioRoute.Off, r.Route);
        Assert.False(r.ToggleMute(callLive: false));
    }

    [Theory]
    [InlineData(3, 5, true, 4)]
    [InlineData(5, 5, true, 5)]
    [InlineData(0, 5, false, 0)]
    [InlineData(2, 5, false, 1)]
    public void Volume_steps_stay_within_0_and_the_maximum(int volume, int max, bool up, int expected)
    {
        Assert.Equal(expected, AudioRouting.Step(volume, max, up));
    }
}
