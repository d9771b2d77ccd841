namespace NanoPhone.Media.Tones;

/// <summary>
/// Generates a <see cref="Tone"/> into 8 kHz audio frames: each frequency is a 32-bit phase
/// accumulator stepping through <see cref="SineTable"/> (the top 8 bits index it), so the pitch is
/// exact and never drifts, and the cadence is counted in samples from Start, so it is exact too. No
/// System.Math and no allocation at run time. <see cref="Fill"/> replaces a frame (dial tone,
/// ringback, busy, congestion); <see cref="Mix"/> adds to one with saturation (the call-waiting
/// beep over the call's audio). Level: −13 dBm0 per frequency (peak 5073 of 32767).
/// </summary>
public sealed class TonePlayer
{
    public const int DefaultLevel = 5073;
    private const int SampleRate = 8000;

    private Tone _tone;
    private uint _phase1, _phase2;
    private uint _step1, _step2;
    private int _level = DefaultLevel;
    private int _stepIndex;
    private int _stepLeft;        // samples left in the current cadence step

    public bool IsPlaying { get { return _tone != null; } }

    /// <summary>The tone playing, or null.</summary>
    public Tone Tone { get { return _tone; } }

    /// <summary>Peak amplitude per frequency, 0 … 16383.</summary>
    public int Level
    {
        get { return _level; }
        set { _level = value < 0 ? 0 : value > 16383 ? 16383 : value; }
    }

    /// <summary>Starts a tone from the beginning of its cadence; null stops.</summary>
    public void Start(Tone tone)
    {
        _tone = tone;
        if (tone == null) return;
        _phase1 = 0;
        _phase2 = 0;
        _step1 = PhaseStep(tone.Frequency1);
        _step2 = PhaseStep(tone.Frequency2);
        _stepIndex = 0;
        _stepLeft = tone.IsContinuous ? int.MaxValue : tone.StepMs(0) * (SampleRate / 1000);
    }

    public void Stop()
    {
        _tone = null;
    }

    /// <summary>Writes the next count samples into frame[off ..]: the tone, silence in its pauses or when stopped.</summary>
    public void Fill(short[] frame, int off, int count)
    {
        Generate(frame, off, count, false);
    }

    /// <summary>Adds the next count samples to frame[off ..], clipping at the 16-bit limits.</summary>
    public void Mix(short[] frame, int off, int count)
    {
        Generate(frame, off, count, true);
    }

    private void Generate(short[] frame, int off, int count, bool mix)
    {
        if (_tone == null)
        {
            if (!mix) System.Array.Clear(frame, off, count);
            return;
        }
        short[] sine = SineTable.Values;
        while (count > 0)
        {
            int n = _stepLeft < count ? _stepLeft : count;
            bool on = (_stepIndex & 1) == 0;
            if (!on)
            {
                if (!mix) System.Array.Clear(frame, off, n);
                _phase1 += (uint)n * _step1;
                _phase2 += (uint)n * _step2;
            }
            else
            {
                int level = _level;
                uint p1 = _phase1, p2 = _phase2, s1 = _step1, s2 = _step2;
                for (int i = off; i < off + n; i++)
                {
                    // A single-frequency tone has step 0 for the second: its phase stays at sin(0) = 0.
                    int v = (sine[p1 >> 24] + sine[p2 >> 24]) * level >> 15;
                    p1 += s1;
                    p2 += s2;
                    if (mix)
                    {
                        v += frame[i];
                        if (v > short.MaxValue) v = short.MaxValue;
                        else if (v < short.MinValue) v = short.MinValue;
                    }
                    frame[i] = (short)v;
                }
                _phase1 = p1;
                _phase2 = p2;
            }
            off += n;
            count -= n;
            if (_stepLeft != int.MaxValue)
            {
                _stepLeft -= n;
                if (_stepLeft == 0)
                {
                    _stepIndex = (_stepIndex + 1) % _tone.StepCount;
                    _stepLeft = _tone.StepMs(_stepIndex) * (SampleRate / 1000);
                }
            }
        }
    }

    /// <summary>Phase increment per sample for f Hz: f·2^32 / 8000, in integer arithmetic.</summary>
    private static uint PhaseStep(int frequency)
    {
        return (uint)(((ulong)frequency << 32) / SampleRate);
    }
}
