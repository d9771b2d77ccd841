#nullable disable
using System;
using System.Collections.Generic;

namespace NanoPhone.Fuzz;

/// <summary>
/// One thing to fuzz: bytes in, nothing out. Run never catches: an exception that escapes it is a
/// finding, and so is a broken invariant, which Run reports by throwing <see cref="FuzzInvariantException"/>.
/// Instances keep their parsers and writers between runs, as the firmware does, so state leaking
/// from one input into the next shows up as AFL instability or as a differential mismatch.
/// Shared with tests/Sipua.Tests (FuzzSmokeTests) by a Compile link: no test or AFL code in here.
/// </summary>
public abstract class FuzzTarget
{
    public abstract string Name { get; }

    /// <summary>What the target feeds the input to, for the usage text.</summary>
    public abstract string Description { get; }

    /// <summary>Runs one input. Never catches; deterministic for a given input.</summary>
    public abstract void Run(byte[] data);

    /// <summary>The seed corpus, derived from the repository's test data (tests/data).</summary>
    public abstract List<Seed> Seeds(string dataDir);

    /// <summary>Every target, in the order of the usage text. Adding one (the UA's `uas`) is one line here.</summary>
    public static FuzzTarget[] All()
    {
#if FUZZ_APP
        // The phone app's targets (fuzz/WebTargets): in the harness and in App.Tests, which reference the app.
        return new FuzzTarget[] { new CodecTarget(), new SdpTarget(), new DigestTarget(), new UasTarget(), new DnsTarget(), new StreamTarget(), new HttpTarget(), new ProvisionTarget() };
#else
        return new FuzzTarget[] { new CodecTarget(), new SdpTarget(), new DigestTarget(), new UasTarget(), new DnsTarget(), new StreamTarget() };
#endif
    }

    /// <summary>A new instance of the target with this name, or null.</summary>
    public static FuzzTarget Create(string name)
    {
        foreach (FuzzTarget t in All())
        {
            if (string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase)) return t;
        }
        return null;
    }

    internal static void Check(bool condition, string what)
    {
        if (!condition) throw new FuzzInvariantException(what);
    }

    /// <summary>
    /// Writers start this big, so they never grow while fuzzing: a writer that grew on an earlier
    /// input takes other branches on the next, which AFL would count as instability.
    /// </summary>
    internal const int WriterCapacity = 1 << 17;

    /// <summary>Guard bytes put around an input to see that nothing reads or writes past its range.</summary>
    internal const int GuardLength = 7;

    private static readonly byte[] GuardPattern = { (byte)'\r', (byte)'\n', (byte)':', (byte)'"', (byte)';', (byte)' ', (byte)'=' };

    /// <summary>The input in the middle of a larger array, framed by guard bytes.</summary>
    internal static byte[] Guarded(byte[] data)
    {
        byte[] g = new byte[data.Length + 2 * GuardLength];
        for (int i = 0; i < GuardLength; i++)
        {
            g[i] = GuardPattern[i];
            g[GuardLength + data.Length + i] = GuardPattern[i];
        }
        Buffer.BlockCopy(data, 0, g, GuardLength, data.Length);
        return g;
    }

    internal static void CheckGuards(byte[] g, int dataLength, string who)
    {
        for (int i = 0; i < GuardLength; i++)
        {
            Check(g[i] == GuardPattern[i], who + " wrote before its input");
            Check(g[GuardLength + dataLength + i] == GuardPattern[i], who + " wrote past its input");
        }
    }

    internal static bool SameBytes(byte[] a, int aOff, byte[] b, int bOff, int len)
    {
        return a.AsSpan(aOff, len).SequenceEqual(b.AsSpan(bOff, len));
    }
}

/// <summary>A broken invariant (a differential mismatch, a write past the input, an unparsable answer).</summary>
public sealed class FuzzInvariantException : Exception
{
    public FuzzInvariantException(string message) : base(message) { }
}

/// <summary>A seed input and the name it gets as a corpus file.</summary>
public sealed class Seed
{
    public readonly string Name;
    public readonly byte[] Data;

    public Seed(string name, byte[] data)
    {
        Name = name;
        Data = data;
    }
}
