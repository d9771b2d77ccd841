using System;
using Xunit;

namespace NanoPhone.Hal.Tests.Audio;

/// <summary>Volume steps as digital gain, per route, and the microphone's gain per route.</summary>
public class AudioLevelsTests
{
    private static double Db(int gainQ12) => 20 * Math.Log10(gainQ12 / 4096.0);

    [Fact]
    public void Volume_steps_are_3_dB_apart_and_the_loudest_is_full_scale_on_the_speaker()
    {
        var levels = new AudioLevels { Route = AudioRoute.Speaker };
        double previous = double.NegativeInfinity;
        for (int step = 0; step <= AudioLevels.MaxVolume; step++)
        {
            levels.Volume = step;
            double db = Db(levels.PlayGainQ12);
            Assert.InRange(db, -3.0 * (AudioLevels.MaxVolume - step) - 0.05, -3.0 * (AudioLevels.MaxVolume - step) + 0.05);
            Assert.True(db > previous);
            previous = db;
        }
        Assert.Equal(4096, levels.PlayGainQ12);
    }

    [Fact]
    public void The_handset_earpiece_plays_12_dB_below_the_loudspeaker_at_the_same_step()
    {
        var speaker = new AudioLevels { Route = AudioRoute.Speaker };
        var handset = new AudioLevels { Route = AudioRoute.Handset };
        speaker.Volume = 6;
        handset.Volume = 6;

        Assert.InRange(Db(speaker.PlayGainQ12) - Db(handset.PlayGainQ12), 11.9, 12.1);
    }

    [Fact]
    public void Each_route_keeps_its_own_volume()
    {
        var levels = new AudioLevels { Route = AudioRoute.Handset };
        levels.Volume = 2;
        levels.Route = AudioRoute.Speaker;
        levels.Volume = 7;

        levels.Route = AudioRoute.Handset;
        Assert.Equal(2, levels.Volume);
        levels.Route = AudioRoute.Speaker;
        Assert.Equal(7, levels.Volume);
    }

    [Fact]
    public void Volume_is_clamped_to_its_steps()
    {
        var levels = new AudioLevels { Route = AudioRoute.Speaker };

        levels.Volume = 99;
        Assert.Equal(AudioLevels.MaxVolume, levels.Volume);
        levels.Volume = -3;
        Assert.Equal(0, levels.Volume);
    }

    [Fact]
    public void With_the_route_off_nothing_is_played_and_a_volume_change_is_ignored()
    {
        var levels = new AudioLevels();
        Assert.Equal(AudioRoute.Off, levels.Route);
        Assert.Equal(0, levels.PlayGainQ12);

        levels.Volume = 1;
        levels.Route = AudioRoute.Handset;
        Assert.Equal(AudioLevels.DefaultVolume, levels.Volume);
    }

    [Fact]
    public void The_hands_free_microphone_gets_12_dB_more_gain_than_the_handset()
    {
        var levels = new AudioLevels { Route = AudioRoute.Handset };
        int handset = levels.MicrophoneShift;
        levels.Route = AudioRoute.Speaker;

        Assert.Equal(2, handset);
        Assert.Equal(handset + 2, levels.MicrophoneShift);
    }
}
