#nullable disable
using System.Collections.Generic;
using NanoPhone.Media.Jitter;

namespace NanoPhone.Fuzz;

/// <summary>
/// The jitter buffer alone, driven by 4-byte records: b0 bits 0–1 the operation (0, 1: insert a
/// packet; 2: play one frame; 3: play b3 % 16 frames), bit 2 marker, bit 3 PCMA, bits 4–6 the ms the
/// clock moves before it, bit 7 a timestamp jump of delta·65536; b1–b2 the timestamp delta from the
/// previous packet (signed); b3 the payload length in 8-sample steps (0–120). Invariants: nothing
/// thrown, every frame is 160 samples, the buffered audio never exceeds the ring, the target delay
/// stays within 20–200 ms, the counters never go negative.
/// </summary>
public sealed class JitterTarget : FuzzTarget
{
    private readonly short[] _frame = new short[JitterBuffer.FrameSamples + 8];
    private readonly byte[] _payload = new byte[JitterBuffer.MaxPayloadSamples + 8];

    public override string Name { get { return "jitter"; } }

    public override string Description { get { return "4-byte records: JitterBuffer.Insert (timestamp delta, length, marker, codec, arrival) and Read"; } }

    public override List<Seed> Seeds(string dataDir)
    {
        var seeds = new List<Seed>();
        // In order; reordered pairs; a burst then a gap; drift; a huge jump.
        seeds.Add(new Seed("steady.bin", Records(50, i => new byte[] { (byte)(4 << 4), 0, 160, 20, 2, 0, 0, 0 })));
        seeds.Add(new Seed("reorder.bin", Records(25, i => new byte[] { 0x10, 0x01, 0x40, 20, 0x10, 0xFF, 0x60, 20, 2, 0, 0, 0, 2, 0, 0, 0 })));
        seeds.Add(new Seed("burst.bin", Records(10, i => new byte[] { 0, 0, 160, 20, 0, 0, 160, 20, 0, 0, 160, 20, 3, 0, 0, 5 })));
        seeds.Add(new Seed("drift.bin", Records(60, i => new byte[] { 0x40, 0, 161, 20, 2, 0, 0, 0 })));
        seeds.Add(new Seed("jump.bin", Records(20, i => new byte[] { (byte)(i == 10 ? 0x80 : 0), (byte)(i == 10 ? 0x7F : 0), 160, 20, 2, 0, 0, 0 })));
        seeds.AddRange(MediaSeeds.Regressions(dataDir, Name));
        return seeds;
    }

    private static byte[] Records(int n, System.Func<int, byte[]> record)
    {
        var s = new System.IO.MemoryStream();
        for (int i = 0; i < n; i++)
        {
            byte[] r = record(i);
            s.Write(r, 0, r.Length);
        }
        return s.ToArray();
    }

    public override void Run(byte[] data)
    {
        var jb = new JitterBuffer(20, 200, 40);
        long now = 1000;
        uint ts = 0x7FFFFF00;
        for (int i = 0; i < _payload.Length; i++) _payload[i] = (byte)(i * 37);
        for (int pos = 0; pos + 4 <= data.Length; pos += 4)
        {
            int b0 = data[pos];
            now += (b0 >> 4) & 7;
            int op = b0 & 3;
            if (op <= 1)
            {
                int delta = (short)((data[pos + 1] << 8) | data[pos + 2]);
                ts += (b0 & 0x80) != 0 ? (uint)(delta << 16) : (uint)delta;
                int len = (data[pos + 3] % 121) * 8;
                jb.Insert(ts, _payload, 3, len, (b0 & 8) != 0 ? 8 : 0, (b0 & 4) != 0, now);
            }
            else
            {
                int frames = op == 2 ? 1 : data[pos + 3] % 16;
                for (int f = 0; f < frames; f++)
                {
                    now += 20;
                    _frame[JitterBuffer.FrameSamples] = 12345;
                    jb.Read(_frame, now);
                    Check(_frame[JitterBuffer.FrameSamples] == 12345, "Read wrote past the 160-sample frame");
                }
            }
            Check(jb.BufferedSamples >= 0 && jb.BufferedSamples <= jb.CapacitySamples, "buffered " + jb.BufferedSamples + " samples");
            int target = jb.Delay.Target;
            Check(target >= 160 && target <= 1600, "target delay " + target + " samples outside 20–200 ms");
            Check(jb.Late >= 0 && jb.Duplicates >= 0 && jb.TooEarly >= 0 && jb.ConcealedFrames >= 0 && jb.SkippedSamples >= 0 && jb.RepeatedSamples >= 0, "a negative counter");
        }
    }
}
