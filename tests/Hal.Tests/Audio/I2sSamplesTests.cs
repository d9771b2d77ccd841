using System;
using Xunit;

namespace NanoPhone.Hal.Tests.Audio;

/// <summary>
/// The bytes of the I2S bus (8 kHz, two 32-bit slots a frame) and the phone's 16-bit frames.
/// INMP441 datasheet (DS-INMP441-00): 24-bit two's complement, MSB first, 64 SCK a stereo frame; the
/// L/R pin picks the slot, SD tri-states in the other one and a 100 kΩ pull-down discharges it.
/// MAX98357A: takes 16, 24 or 32-bit slots and plays left, right or (L+R)/2 by SD_MODE.
/// </summary>
public class I2sSamplesTests
{
    /// <summary>The reading device's view: each slot's top 16 bits, little-endian, left then right.</summary>
    private static byte[] MicrophoneBytes(short[] left, short[] right)
    {
        var bytes = new byte[left.Length * I2sSamples.InBytesPerFrame];
        for (int i = 0; i < left.Length; i++)
        {
            bytes[4 * i] = (byte)left[i];
            bytes[4 * i + 1] = (byte)(left[i] >> 8);
            bytes[4 * i + 2] = (byte)right[i];
            bytes[4 * i + 3] = (byte)(right[i] >> 8);
        }
        return bytes;
    }

    private static short[] Tone(int count, double amplitude)
    {
        var s = new short[count];
        for (int i = 0; i < count; i++) s[i] = (short)Math.Round(amplitude * Math.Sin(2 * Math.PI * 1000 * i / 8000.0));
        return s;
    }

    [Fact]
    public void A_microphone_in_the_left_slot_gives_its_samples_scaled_by_the_shift()
    {
        short[] voice = Tone(160, 1000);
        var samples = new short[160];

        I2sSamples.ToSamples(MicrophoneBytes(voice, new short[160]), samples, 160, 2);

        for (int i = 0; i < 160; i++) Assert.Equal(voice[i] * 4, samples[i]);
    }

    [Fact]
    public void The_same_microphone_wired_to_the_right_slot_gives_the_same_frame()
    {
        short[] voice = Tone(160, 1000);
        var leftWired = new short[160];
        var rightWired = new short[160];

        I2sSamples.ToSamples(MicrophoneBytes(voice, new short[160]), leftWired, 160, 2);
        I2sSamples.ToSamples(MicrophoneBytes(new short[160], voice), rightWired, 160, 2);

        Assert.Equal(leftWired, rightWired);
    }

    [Fact]
    public void An_idle_slot_held_high_adds_only_one_step_below_zero()
    {
        short[] voice = Tone(160, 1000);
        var held = new short[160];
        Array.Fill(held, (short)-1);
        var samples = new short[160];

        I2sSamples.ToSamples(MicrophoneBytes(voice, held), samples, 160, 0);

        for (int i = 0; i < 160; i++) Assert.Equal(voice[i] - 1, samples[i]);
    }

    [Fact]
    public void Loud_input_saturates_at_16_bit_full_scale_instead_of_wrapping()
    {
        short[] loud = { 20000, -20000, 32767, -32768, 8191, -8192 };
        var samples = new short[loud.Length];

        I2sSamples.ToSamples(MicrophoneBytes(loud, new short[loud.Length]), samples, loud.Length, 2);

        Assert.Equal(new short[] { 32767, -32768, 32767, -32768, 32764, -32768 }, samples);
    }

    [Fact]
    public void Only_the_frame_asked_for_is_read_and_written()
    {
        short[] voice = Tone(170, 1000);
        var samples = new short[170];
        Array.Fill(samples, (short)7);

        I2sSamples.ToSamples(MicrophoneBytes(voice, new short[170]), samples, 160, 0);

        Assert.Equal(voice[159], samples[159]);
        Assert.All(samples[160..], s => Assert.Equal(7, s));
    }

    [Fact]
    public void A_played_sample_fills_the_top_16_bits_of_both_32_bit_slots_little_endian()
    {
        var bytes = new byte[2 * I2sSamples.OutBytesPerFrame];

        I2sSamples.FromSamples(new short[] { 0x1234, -2 }, 2, 4096, bytes);

        Assert.Equal(new byte[] { 0, 0, 0x34, 0x12, 0, 0, 0x34, 0x12, 0, 0, 0xFE, 0xFF, 0, 0, 0xFE, 0xFF }, bytes);
    }

    [Fact]
    public void The_gain_scales_what_is_played_and_zero_gain_plays_silence()
    {
        short[] voice = Tone(160, 16000);
        var half = new byte[160 * 8];
        var silent = new byte[160 * 8];
        Array.Fill(silent, (byte)0x55);

        I2sSamples.FromSamples(voice, 160, 2048, half);
        I2sSamples.FromSamples(voice, 160, 0, silent);

        for (int i = 0; i < 160; i++)
        {
            Assert.Equal(voice[i] * 2048 >> 12, BitConverter.ToInt32(half, 8 * i) >> 16);
            Assert.Equal(voice[i] * 2048 >> 12, BitConverter.ToInt32(half, 8 * i + 4) >> 16);
            Assert.Equal(0, BitConverter.ToInt16(silent, 8 * i + 2));
            Assert.Equal(0, BitConverter.ToInt16(silent, 8 * i + 6));
        }
    }

    [Fact]
    public void A_gain_above_unity_is_taken_as_unity_so_full_scale_never_wraps()
    {
        var bytes = new byte[3 * 8];

        I2sSamples.FromSamples(new short[] { 32767, -32768, 1000 }, 3, 8192, bytes);

        Assert.Equal(32767, BitConverter.ToInt16(bytes, 2));
        Assert.Equal(-32768, BitConverter.ToInt16(bytes, 10));
        Assert.Equal(1000, BitConverter.ToInt16(bytes, 18));
    }

    [Fact]
    public void An_odd_count_converts_the_last_frame_too()
    {
        short[] voice = { 100, -200, 300 };
        var samples = new short[3];

        I2sSamples.ToSamples(MicrophoneBytes(voice, new short[3]), samples, 3, 1);

        Assert.Equal(new short[] { 200, -400, 600 }, samples);
        var bytes = new byte[3 * 8];
        I2sSamples.FromSamples(voice, 3, 4096, bytes);
        Assert.Equal(300, BitConverter.ToInt16(bytes, 18));
        Assert.Equal(300, BitConverter.ToInt16(bytes, 22));
    }
}
