using System;
using System.IO;
using NanoPhone.Hal;

namespace NanoPhone.Host.Simulator;

/// <summary>
/// The simulator's microphone and speaker (<see cref="IAudioFrames"/>), 20 ms frames of 8 kHz 16-bit
/// mono. The microphone (<c>audio.in</c>): <c>tone:HZ</c> (a sine at -12 dBFS), a WAV file (PCM 16-bit,
/// 8 kHz, its first channel, played in a loop) or silence. The speaker (<c>audio.out</c>): a WAV file
/// that gets every frame the phone plays while the route is not off (a person or a test can listen to
/// the call); its header is brought up to date every second and when the phone stops. The volume
/// steps scale what is written: step 6 is the frames as they are. Loop thread only, except Dispose.
/// </summary>
public sealed class SimulatedAudio : IAudioFrames, IDisposable
{
    public const int Samples = 160;
    public const int SampleRate = 8000;
    public const int UnityVolume = 6;
    public const short ToneAmplitude = 8192;

    private readonly double _toneStep;      // radians per sample, 0 for no tone
    private double _phase;
    private readonly short[]? _file;        // audio.in's samples, or null
    private int _filePos;
    private readonly FileStream? _out;
    private readonly byte[] _outBytes = new byte[Samples * 2];
    private long _outSamples;
    private int _framesSinceHeader;

    private SimulatedAudio(double toneStep, short[]? file, FileStream? output)
    {
        _toneStep = toneStep;
        _file = file;
        _out = output;
        if (_out != null) WriteHeader();
    }

    /// <summary>The frames for audio.in and audio.out; a value that cannot be used is a warning (and silence, or no output).</summary>
    public static SimulatedAudio Open(string? input, string? output, Action<string> warn)
    {
        double step = 0;
        short[]? file = null;
        if (input != null && input.Length > 0 && input != "silence")
        {
            if (input.StartsWith("tone:", StringComparison.Ordinal))
            {
                if (int.TryParse(input.AsSpan(5), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int hz)
                    && hz > 0 && hz < SampleRate / 2)
                    step = 2 * Math.PI * hz / SampleRate;
                else warn("audio.in: " + input + " is not tone:HZ with HZ from 1 to 3999; the microphone is silent");
            }
            else
            {
                file = ReadWav(input, out string? why);
                if (file == null) warn("audio.in: " + why + "; the microphone is silent");
            }
        }
        FileStream? stream = null;
        if (output != null && output.Length > 0)
        {
            try { stream = new FileStream(output, FileMode.Create, FileAccess.ReadWrite, FileShare.Read); }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                warn("audio.out: cannot write " + output + ": " + e.Message);
            }
        }
        return new SimulatedAudio(step, file, stream);
    }

    public int FrameSamples => Samples;

    public AudioRoute Route { get; set; }

    public int Volume { get; set; } = UnityVolume;

    public int MaxVolume => 8;

    public bool ReadFrame(short[] microphone)
    {
        if (Route == AudioRoute.Off) return false;
        if (_file != null)
        {
            for (int i = 0; i < Samples; i++)
            {
                microphone[i] = _file[_filePos++];
                if (_filePos == _file.Length) _filePos = 0;
            }
        }
        else if (_toneStep > 0)
        {
            for (int i = 0; i < Samples; i++)
            {
                microphone[i] = (short)(ToneAmplitude * Math.Sin(_phase));
                _phase += _toneStep;
            }
            if (_phase > 2 * Math.PI * 1000) _phase %= 2 * Math.PI;
        }
        else Array.Clear(microphone, 0, Samples);
        return true;
    }

    public void WriteFrame(short[] speaker)
    {
        if (_out == null || Route == AudioRoute.Off) return;
        for (int i = 0; i < Samples; i++)
        {
            int v = speaker[i] * Volume / UnityVolume;
            short s = (short)(v > short.MaxValue ? short.MaxValue : v < short.MinValue ? short.MinValue : v);
            _outBytes[2 * i] = (byte)s;
            _outBytes[2 * i + 1] = (byte)(s >> 8);
        }
        try
        {
            _out.Write(_outBytes, 0, _outBytes.Length);
            _outSamples += Samples;
            if (++_framesSinceHeader >= 50) WriteHeader();
        }
        catch (IOException) { }
    }

    /// <summary>The RIFF header for the samples written so far (the data follow it), then back to the end.</summary>
    private void WriteHeader()
    {
        _framesSinceHeader = 0;
        long dataBytes = _outSamples * 2;
        byte[] h = new byte[44];
        void Text(int at, string s) { for (int i = 0; i < 4; i++) h[at + i] = (byte)s[i]; }
        void U32(int at, long v) { for (int i = 0; i < 4; i++) h[at + i] = (byte)(v >> (8 * i)); }
        void U16(int at, int v) { h[at] = (byte)v; h[at + 1] = (byte)(v >> 8); }
        Text(0, "RIFF"); U32(4, 36 + dataBytes); Text(8, "WAVE");
        Text(12, "fmt "); U32(16, 16); U16(20, 1); U16(22, 1); U32(24, SampleRate); U32(28, SampleRate * 2); U16(32, 2); U16(34, 16);
        Text(36, "data"); U32(40, dataBytes);
        long end = 44 + dataBytes;
        _out!.Seek(0, SeekOrigin.Begin);
        _out.Write(h, 0, h.Length);
        _out.Seek(end, SeekOrigin.Begin);
        _out.Flush();
    }

    /// <summary>A WAV file's first channel as 16-bit samples, if it is PCM 16-bit at 8 kHz; else null and why.</summary>
    public static short[]? ReadWav(string path, out string? why)
    {
        why = null;
        byte[] b;
        try { b = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
        {
            why = "cannot read " + path + ": " + e.Message;
            return null;
        }
        if (b.Length < 12 || b[0] != 'R' || b[1] != 'I' || b[2] != 'F' || b[3] != 'F' || b[8] != 'W' || b[9] != 'A' || b[10] != 'V' || b[11] != 'E')
        {
            why = path + " is not a WAV file";
            return null;
        }
        int channels = 0, rate = 0, bits = 0, format = 0;
        int p = 12;
        while (p + 8 <= b.Length)
        {
            string id = System.Text.Encoding.ASCII.GetString(b, p, 4);
            int size = BitConverter.ToInt32(b, p + 4);
            int body = p + 8;
            if (size < 0 || body + size > b.Length) size = b.Length - body;
            if (id == "fmt " && size >= 16)
            {
                format = BitConverter.ToUInt16(b, body);
                channels = BitConverter.ToUInt16(b, body + 2);
                rate = BitConverter.ToInt32(b, body + 4);
                bits = BitConverter.ToUInt16(b, body + 14);
            }
            else if (id == "data")
            {
                if ((format != 1 && format != 0xFFFE) || bits != 16 || rate != SampleRate || channels < 1)
                {
                    why = path + " is not 8 kHz 16-bit PCM (" + rate + " Hz, " + bits + " bits, format " + format + ")";
                    return null;
                }
                int frames = size / (2 * channels);
                if (frames == 0) { why = path + " holds no samples"; return null; }
                short[] s = new short[frames];
                for (int i = 0; i < frames; i++) s[i] = BitConverter.ToInt16(b, body + i * 2 * channels);
                return s;
            }
            p = body + size + (size & 1);
        }
        why = path + " has no data chunk";
        return null;
    }

    public void Dispose()
    {
        if (_out == null) return;
        try
        {
            WriteHeader();
            _out.Dispose();
        }
        catch (IOException) { }
        catch (ObjectDisposedException) { }
    }
}
