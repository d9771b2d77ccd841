#nullable disable
using System;
using System.Collections.Generic;
using System.IO;

namespace NanoPhone.Fuzz;

/// <summary>
/// Seed inputs taken from tests/data: the RFC 4475 and RFC 5118 torture messages and the seed's
/// traces as whole datagrams, their SDP bodies, their authentication header values, and the
/// regression inputs of earlier findings (tests/data/fuzz/TARGET-*.bin).
/// </summary>
public static class SeedData
{
    /// <summary>Folders of whole datagrams under the data dir, with the file ending they use.</summary>
    private static readonly string[][] MessageDirs =
    {
        new[] { "rfc4475", ".dat" },
        new[] { "rfc5118", ".dat" },
        new[] { "seed", ".sip" },
    };

    public static List<Seed> Messages(string dataDir)
    {
        var seeds = new List<Seed>();
        foreach (string[] d in MessageDirs)
        {
            string dir = Path.Combine(dataDir, d[0]);
            if (!Directory.Exists(dir)) throw new DirectoryNotFoundException("no test data at " + dir);
            string[] files = Directory.GetFiles(dir, "*" + d[1]);
            Array.Sort(files, StringComparer.Ordinal);
            foreach (string f in files) seeds.Add(new Seed(d[0] + "-" + Path.GetFileName(f), File.ReadAllBytes(f)));
        }
        return seeds;
    }

    /// <summary>Inputs that once broke this target: tests/data/fuzz/TARGET-*.bin.</summary>
    public static List<Seed> Regressions(string dataDir, string target)
    {
        var seeds = new List<Seed>();
        string dir = Path.Combine(dataDir, "fuzz");
        if (!Directory.Exists(dir)) return seeds;
        string[] files = Directory.GetFiles(dir, target + "-*.bin");
        Array.Sort(files, StringComparer.Ordinal);
        foreach (string f in files) seeds.Add(new Seed("regression-" + Path.GetFileName(f), File.ReadAllBytes(f)));
        return seeds;
    }

    /// <summary>The bodies (after the first empty line) that look like SDP.</summary>
    public static List<Seed> Bodies(List<Seed> messages)
    {
        var seeds = new List<Seed>();
        foreach (Seed s in messages)
        {
            int start = BodyStart(s.Data);
            if (start < 0 || start + 2 > s.Data.Length || s.Data[start] != (byte)'v' || s.Data[start + 1] != (byte)'=') continue;
            byte[] body = new byte[s.Data.Length - start];
            Buffer.BlockCopy(s.Data, start, body, 0, body.Length);
            seeds.Add(new Seed("body-" + s.Name, body));
        }
        return seeds;
    }

    /// <summary>The values of header lines with these names (case-insensitive, unfolded lines only).</summary>
    public static List<Seed> HeaderValues(List<Seed> messages, params string[] names)
    {
        var seeds = new List<Seed>();
        foreach (Seed s in messages)
        {
            byte[] b = s.Data;
            int end = BodyStart(b);
            if (end < 0) end = b.Length;
            int line = 0;
            int n = 0;
            while (line < end)
            {
                int lf = Array.IndexOf(b, (byte)'\n', line, end - line);
                int le = lf < 0 ? end : lf;
                int ce = le > line && b[le - 1] == (byte)'\r' ? le - 1 : le;
                int colon = Array.IndexOf(b, (byte)':', line, ce - line);
                if (colon > line)
                {
                    string name = System.Text.Encoding.ASCII.GetString(b, line, colon - line).Trim();
                    foreach (string want in names)
                    {
                        if (!string.Equals(name, want, StringComparison.OrdinalIgnoreCase)) continue;
                        int v = colon + 1;
                        while (v < ce && (b[v] == (byte)' ' || b[v] == (byte)'\t')) v++;
                        byte[] value = new byte[ce - v];
                        Buffer.BlockCopy(b, v, value, 0, value.Length);
                        seeds.Add(new Seed("header-" + (n++) + "-" + s.Name, value));
                    }
                }
                line = le + 1;
            }
        }
        return seeds;
    }

    /// <summary>Index after the first empty line (CRLF CRLF or LF LF), or -1.</summary>
    private static int BodyStart(byte[] b)
    {
        for (int i = 0; i + 1 < b.Length; i++)
        {
            if (b[i] != (byte)'\n') continue;
            if (b[i + 1] == (byte)'\n') return i + 2;
            if (b[i + 1] == (byte)'\r' && i + 2 < b.Length && b[i + 2] == (byte)'\n') return i + 3;
        }
        return -1;
    }
}
