using System;
using System.Collections.Generic;
using NanoPhone.Media.Codec;
using NanoPhone.Media.Jitter;

namespace NanoPhone.Media.Tests.Support;

/// <summary>
/// A sender, a network and a player around one <see cref="JitterBuffer"/>, on a manual millisecond
/// clock. Packet k (20 ms, 160 μ-law codes all equal to 0x80 + k % 100, so every played sample
/// says which packet it came from) is sent at k·20 ms of the sender's clock, which runs fast or slow
/// by <see cref="Drift"/>, and arrives after <see cref="Delay"/> (ms, per packet). The player reads a
/// frame every 20 ms. Records which packets were played, and the buffer's delay per frame.
/// </summary>
public sealed class StreamSim
{
    public readonly JitterBuffer Buffer;
    public double Drift;                         // +0.005: the sender's clock 0.5 % fast
    public Func<int, double> Delay = _ => 5;     // network delay of packet k, ms
    public Func<int, bool> Lose = _ => false;
    public uint FirstTimestamp = 0xFFFF0000u;    // wraps after a few seconds
    public long Now;
    public int NextPacket;
    public readonly List<int> PlayedPackets = new();     // packet index per played run, consecutive runs merged
    public readonly List<int> DelaysMs = new();
    public int ConcealedFrames;
    private readonly short[] _frame = new short[JitterBuffer.FrameSamples];
    private readonly SortedList<double, (int K, byte[] Payload)> _inFlight = new();
    private readonly byte[] _scratch = new byte[160];
    private long _nextRead;

    public StreamSim(int minMs = 20, int maxMs = 200, int initialMs = 40)
    {
        Buffer = new JitterBuffer(minMs, maxMs, initialMs);
        Now = 1000;
        _nextRead = 1000;
    }

    public static byte CodeOf(int k) => (byte)(0x80 + k % 100);

    /// <summary>Runs the clock for ms milliseconds, 1 ms at a time.</summary>
    public void Run(long ms)
    {
        long end = Now + ms;
        for (; Now < end; Now++)
        {
            while (SendTimeOf(NextPacket) <= Now - 1000)
            {
                int k = NextPacket++;
                if (Lose(k)) continue;
                double arrival = 1000 + SendTimeOf(k) + Delay(k);
                while (_inFlight.ContainsKey(arrival)) arrival += 1e-6;
                var payload = new byte[160];
                Array.Fill(payload, CodeOf(k));
                _inFlight.Add(arrival, (k, payload));
            }
            while (_inFlight.Count > 0 && _inFlight.Keys[0] <= Now)
            {
                var (k, payload) = _inFlight.Values[0];
                _inFlight.RemoveAt(0);
                Buffer.Insert(FirstTimestamp + (uint)(160 * k), payload, 0, 160, G711.Pcmu, k == 0, Now);
            }
            if (Now == _nextRead)
            {
                if (Buffer.Read(_frame, Now)) ConcealedFrames++;
                _nextRead += 20;
                Record();
            }
        }
    }

    private double SendTimeOf(int k) => k * 20.0 / (1 + Drift);

    private void Record()
    {
        DelaysMs.Add(Buffer.Delay.HasEstimate ? Buffer.Delay.Delay / 8 : -1);
        foreach (short v in _frame)
        {
            int c = MuLaw.Encode(v);
            int k = c >= 0x80 && c < 0x80 + 100 && v != 0 ? c - 0x80 : -1;
            if (PlayedPackets.Count == 0 || PlayedPackets[^1] != k) PlayedPackets.Add(k);
        }
    }

    /// <summary>The packets played, as packet numbers mod 100 in playing order, concealment/silence as -1.</summary>
    public IEnumerable<int> PlayedAfter(int fromIndex) => PlayedPackets.GetRange(fromIndex, PlayedPackets.Count - fromIndex);
}
