using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using SharpFuzz;

namespace NanoPhone.Fuzz;

/// <summary>
/// NanoPhone's fuzzing harness: `NanoPhone.Fuzz TARGET MODE ...`. See fuzz/README.md; run-afl.sh
/// drives the AFL modes. Exit status: 0 done, 2 usage error; a finding is an unhandled exception.
/// </summary>
public static class Program
{
    private const string Usage =
@"usage: NanoPhone.Fuzz TARGET MODE [ARGS]
targets:
{0}modes:
  afl                       under afl-fuzz: SharpFuzz's fork server (Fuzzer.Run), one input per exec on stdin
  afl-oop                   the same, the target in a child process (Fuzzer.OutOfProcess.Run): survives
                            stack overflows, restarts slowly
  run PATH...               each file (or each file of each directory) once, in process, with a summary
                            line per file; an exception escapes (stack trace, non-zero exit)
  smoke [--mutations N] [--seed S] [--data DIR] [--corpus DIR]...
                            the seed corpus (plus the files of each --corpus dir), then N seeded random
                            mutations of it (default 20000, seed 1), in process, no AFL; a finding is saved
                            under fuzz/out/smoke-findings/ and escapes
  seeds OUTDIR [--data DIR] writes the target's seed corpus (from tests/data) into OUTDIR for afl-fuzz -i
DIR defaults to the repository's tests/data, found upwards from the current directory.";

    public static int Main(string[] args)
    {
        if (args.Length < 2) return UsageError(null);
        GiveInstrumentationAMap(); // before any sipua constructor runs; Fuzzer.Run swaps in afl-fuzz's map
        FuzzTarget target = MediaFuzzTargets.Create(args[0]);
        if (target == null) return UsageError("unknown target '" + args[0] + "'");
        string mode = args[1];
        var rest = new List<string>(args);
        rest.RemoveRange(0, 2);
        switch (mode)
        {
            case "afl":
                // Not caught: SharpFuzz reports an escaping exception to afl-fuzz as a crash.
                Fuzzer.Run(stream => target.Run(ReadAll(stream)));
                return 0;
            case "afl-oop":
                Fuzzer.OutOfProcess.Run(stream => target.Run(ReadAll(stream)));
                return 0;
            case "run":
                return RunFiles(target, rest);
            case "smoke":
                return RunSmoke(target, rest);
            case "seeds":
                return WriteSeeds(target, rest);
            default:
                return UsageError("unknown mode '" + mode + "'");
        }
    }

    private static int RunFiles(FuzzTarget target, List<string> paths)
    {
        if (paths.Count == 0) return UsageError("run needs files or directories");
        int n = 0;
        foreach (string file in Expand(paths))
        {
            byte[] input = File.ReadAllBytes(file);
            Console.Error.WriteLine("run " + target.Name + " " + file + " (" + input.Length + " bytes)");
            target.Run(input); // an exception escapes: that is the finding
            n++;
        }
        Console.WriteLine(target.Name + ": " + n + " inputs, no exception");
        return 0;
    }

    private static int RunSmoke(FuzzTarget target, List<string> args)
    {
        int mutations = 20000;
        int seed = 1;
        string data = null;
        var corpus = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            if (i + 1 >= args.Count) return UsageError("missing value after " + a);
            string v = args[++i];
            if (a == "--mutations" && int.TryParse(v, out int m) && m >= 0) mutations = m;
            else if (a == "--seed" && int.TryParse(v, out int s)) seed = s;
            else if (a == "--data") data = v;
            else if (a == "--corpus") corpus.Add(v);
            else return UsageError("bad smoke option " + a + " " + v);
        }
        List<Seed> seeds = target.Seeds(data ?? FindDataDir());
        foreach (string file in Expand(corpus)) seeds.Add(new Seed(Path.GetFileName(file), File.ReadAllBytes(file)));
        var smoke = new Smoke(target, seeds);
        try
        {
            smoke.Run(mutations, seed);
        }
        catch (FuzzFindingException e)
        {
            string dir = Path.Combine(FindRepoRoot(), "fuzz", "out", "smoke-findings");
            Directory.CreateDirectory(dir);
            string file = Path.Combine(dir, target.Name + "-" + Convert.ToHexString(SHA256.HashData(e.Input), 0, 8).ToLowerInvariant() + ".bin");
            File.WriteAllBytes(file, e.Input);
            Console.Error.WriteLine("finding saved as " + file);
            throw;
        }
        Console.WriteLine(target.Name + ": " + smoke.Executions + " executions (" + seeds.Count + " seeds + " + mutations
            + " mutations, seed " + seed + ") in " + smoke.Elapsed.TotalSeconds.ToString("0.0") + " s, no finding");
        return 0;
    }

    private static int WriteSeeds(FuzzTarget target, List<string> args)
    {
        if (args.Count != 1 && !(args.Count == 3 && args[1] == "--data")) return UsageError("seeds OUTDIR [--data DIR]");
        string outDir = args[0];
        List<Seed> seeds = target.Seeds(args.Count == 3 ? args[2] : FindDataDir());
        Directory.CreateDirectory(outDir);
        var seen = new HashSet<string>();
        int written = 0;
        foreach (Seed s in seeds)
        {
            if (s.Data.Length == 0 || !seen.Add(Convert.ToHexString(SHA256.HashData(s.Data)))) continue; // afl-fuzz rejects empty and duplicate seeds
            File.WriteAllBytes(Path.Combine(outDir, s.Name), s.Data);
            written++;
        }
        Console.WriteLine(target.Name + ": " + written + " seed files in " + outDir);
        return 0;
    }

    /// <summary>
    /// The build run-afl.sh instruments writes every branch into SharpFuzz's trace map, which only
    /// Fuzzer.Run sets up: give it a scratch map so that the targets can be constructed first, and
    /// `run`, `smoke` and `seeds` work on that build too (replaying afl-fuzz's crashes with the
    /// very binary that found them).
    /// </summary>
    private static unsafe void GiveInstrumentationAMap()
    {
        if (SharpFuzz.Common.Trace.SharedMem == null)
            SharpFuzz.Common.Trace.SharedMem = (byte*)System.Runtime.InteropServices.NativeMemory.AllocZeroed(1 << 16);
    }

    private static byte[] ReadAll(Stream stream)
    {
        using var ms = new MemoryStream();
        stream.CopyTo(ms);
        return ms.ToArray();
    }

    private static IEnumerable<string> Expand(List<string> paths)
    {
        foreach (string p in paths)
        {
            if (Directory.Exists(p))
            {
                string[] files = Directory.GetFiles(p);
                Array.Sort(files, StringComparer.Ordinal);
                foreach (string f in files)
                {
                    // afl-fuzz's queue and crash folders hold README.txt and .state files besides inputs.
                    if (Path.GetFileName(f) != "README.txt") yield return f;
                }
            }
            else if (File.Exists(p)) yield return p;
            else throw new FileNotFoundException("no such file or directory: " + p);
        }
    }

    private static string FindRepoRoot()
    {
        for (string d = Directory.GetCurrentDirectory(); d != null; d = Path.GetDirectoryName(d))
        {
            if (Directory.Exists(Path.Combine(d, "tests", "data")) && Directory.Exists(Path.Combine(d, "sipua"))) return d;
        }
        for (string d = AppContext.BaseDirectory; d != null; d = Path.GetDirectoryName(d.TrimEnd(Path.DirectorySeparatorChar)))
        {
            if (Directory.Exists(Path.Combine(d, "tests", "data")) && Directory.Exists(Path.Combine(d, "sipua"))) return d;
        }
        throw new DirectoryNotFoundException("cannot find the repository (tests/data) above " + Directory.GetCurrentDirectory());
    }

    private static string FindDataDir() { return Path.Combine(FindRepoRoot(), "tests", "data"); }

    private static int UsageError(string why)
    {
        if (why != null) Console.Error.WriteLine("NanoPhone.Fuzz: " + why);
        string targets = "";
        foreach (FuzzTarget t in MediaFuzzTargets.Everything()) targets += "  " + t.Name.PadRight(8) + t.Description + "\n";
        Console.Error.WriteLine(string.Format(Usage, targets));
        return 2;
    }
}
