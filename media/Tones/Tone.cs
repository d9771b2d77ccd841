namespace NanoPhone.Media.Tones;

/// <summary>
/// One call-progress tone: one or two frequencies sounding together, and a cadence of on/off times
/// in milliseconds starting with "on", repeated (none: continuous). Data only; <see cref="TonePlayer"/>
/// plays it.
/// </summary>
public sealed class Tone
{
    public readonly ToneKind Kind;
    public readonly int Frequency1;
    /// <summary>0 for a single-frequency tone.</summary>
    public readonly int Frequency2;
    private readonly int[] _cadenceMs;

    public Tone(ToneKind kind, int frequency1, int frequency2, int[] cadenceMs)
    {
        if (frequency1 <= 0 || frequency1 >= 4000 || frequency2 < 0 || frequency2 >= 4000) throw new System.ArgumentException("tone frequencies are 1 to 3999 Hz");
        if (cadenceMs != null && (cadenceMs.Length == 0 || cadenceMs.Length % 2 != 0)) throw new System.ArgumentException("a cadence is pairs of on and off times");
        Kind = kind;
        Frequency1 = frequency1;
        Frequency2 = frequency2;
        if (cadenceMs == null) return;
        _cadenceMs = new int[cadenceMs.Length];
        for (int i = 0; i < cadenceMs.Length; i++)
        {
            if (cadenceMs[i] <= 0) throw new System.ArgumentException("cadence times must be positive");
            _cadenceMs[i] = cadenceMs[i];
        }
    }

    public bool IsContinuous { get { return _cadenceMs == null; } }

    /// <summary>Number of cadence steps (on, off, on, off ...); 0 when continuous.</summary>
    public int StepCount { get { return _cadenceMs == null ? 0 : _cadenceMs.Length; } }

    /// <summary>Length of step index in ms; even steps sound, odd ones are silent.</summary>
    public int StepMs(int index)
    {
        return _cadenceMs[index];
    }
}
