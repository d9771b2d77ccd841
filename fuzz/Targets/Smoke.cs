#nullable disable
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;

namespace NanoPhone.Fuzz;

/// <summary>
/// The in-process smoke without AFL (for CI and for a quick local check): every seed as it is,
/// then a bounded number of seeded random mutations of them, through one target. Deterministic
/// for a given seed. An exception from the target escapes as a <see cref="FuzzFindingException"/>
/// that carries the input and the original exception; nothing is swallowed.
/// </summary>
public sealed class Smoke
{
    private readonly FuzzTarget _target;
    private readonly List<Seed> _seeds;
    private byte[] _current;

    public Smoke(FuzzTarget target, List<Seed> seeds)
    {
        _target = target;
        _seeds = seeds;
    }

    /// <summary>The input being run right now (for reporting a hang from another thread).</summary>
    public byte[] Current { get { return System.Threading.Volatile.Read(ref _current); } }

    public long Executions { get; private set; }

    public TimeSpan Elapsed { get; private set; }

    /// <summary>Runs the seeds, then `mutations` mutated inputs from Random(seed).</summary>
    public void Run(int mutations, int seed)
    {
        Stopwatch sw = Stopwatch.StartNew();
        foreach (Seed s in _seeds) Execute(s.Data);
        if (_seeds.Count > 0)
        {
            var mutator = new Mutator(seed);
            for (int i = 0; i < mutations; i++) Execute(mutator.Next(_seeds));
        }
        Elapsed = sw.Elapsed;
    }

    /// <summary>
    /// <see cref="Run"/> on another thread, waited for at most <paramref name="limit"/>: null when it
    /// finished, else what it was stuck on (for a test's failure message). A finding still escapes as
    /// a <see cref="FuzzFindingException"/>.
    /// </summary>
    public string RunWithin(int mutations, int seed, TimeSpan limit)
    {
        var run = System.Threading.Tasks.Task.Run(() => Run(mutations, seed));
        if (System.Threading.Tasks.Task.WhenAny(run, System.Threading.Tasks.Task.Delay(limit)).GetAwaiter().GetResult() != run)
        {
            byte[] current = Current;
            return "did not finish in " + limit.TotalSeconds + " s; stuck on: " + (current == null ? "?" : FuzzFindingException.Escape(current));
        }
        run.GetAwaiter().GetResult(); // rethrows a finding as it is, not wrapped
        return null;
    }

    private void Execute(byte[] input)
    {
        System.Threading.Volatile.Write(ref _current, input);
        try
        {
            _target.Run(input);
        }
        catch (Exception e)
        {
            throw new FuzzFindingException(_target.Name, input, e);
        }
        Executions++;
    }
}

/// <summary>An input that made a target throw: the target's name, the input, and (inner) what it threw.</summary>
public sealed class FuzzFindingException : Exception
{
    public readonly string Target;
    public readonly byte[] Input;

    public FuzzFindingException(string target, byte[] input, Exception inner)
        : base("fuzz target '" + target + "' threw " + inner.GetType().Name + ": " + inner.Message
            + "\ninput (" + input.Length + " bytes, base64): " + Convert.ToBase64String(input)
            + "\ninput (escaped): " + Escape(input), inner)
    {
        Target = target;
        Input = input;
    }

    /// <summary>The input as C#-style escaped ASCII, for reading and for pasting into a test.</summary>
    public static string Escape(byte[] b)
    {
        var sb = new StringBuilder(b.Length + 16);
        foreach (byte x in b)
        {
            if (x == (byte)'\r') sb.Append("\\r");
            else if (x == (byte)'\n') sb.Append("\\n");
            else if (x == (byte)'\t') sb.Append("\\t");
            else if (x == (byte)'\\') sb.Append("\\\\");
            else if (x == (byte)'"') sb.Append("\\\"");
            else if (x >= 32 && x < 127) sb.Append((char)x);
            else sb.Append("\\x").Append(x.ToString("x2"));
        }
        return sb.ToString();
    }
}

/// <summary>
/// Seeded, AFL-like havoc mutations without coverage feedback: flips, interesting bytes and
/// numbers, SIP tokens, deletions, duplications, splices and truncation, stacked 1 to 6 deep.
/// </summary>
public sealed class Mutator
{
    private static readonly byte[] InterestingBytes =
        Encoding.ASCII.GetBytes("\r\n\t :;,<>\"\\=@[]%?&/.-+*#0129azZ").AddZeroAndHigh();

    private static readonly string[] Tokens =
    {
        "SIP/2.0", "SIP/2.0/UDP ", "sip:", "sips:", "tel:", "<sip:", ">", ";branch=z9hG4bK", ";tag=", ";received=",
        ";rport", ";maddr=", ";ttl=", ";transport=udp", ";lr", ";q=0.5", ";expires=", "\r\n", "\r\n\r\n", "\r\n ",
        "\n", "\r\n\t", ": ", ":", "@", "[2001:db8::1]", "[::ffff:192.0.2.1]", "192.0.2.1", ":5060", ":65536",
        "INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "REGISTER", "PRACK", "UPDATE", "NOTIFY", "SUBSCRIBE", "MESSAGE",
        "Via: ", "v: ", "From: ", "f: ", "To: ", "t: ", "Call-ID: ", "i: ", "CSeq: ", "Contact: ", "m: ",
        "Content-Length: ", "l: ", "Content-Type: ", "c: ", "Max-Forwards: ", "Require: ", "Supported: ",
        "Accept: ", "Content-Encoding: ", "e: ", "Route: ", "Record-Route: ", "Expires: ", "Authorization: ",
        "WWW-Authenticate: ", "Proxy-Authenticate: ", "Date: ", "Timestamp: ", "Retry-After: ",
        "application/sdp", "*/*", "Digest ", "realm=\"", "nonce=\"", "qop=\"auth\"", "algorithm=", "MD5", "SHA-256-sess",
        "opaque=", "stale=true", "\"", "\\\"", "%00", "%41", "v=0\r\n", "m=audio ", " RTP/AVP ", "c=IN IP4 ",
        "a=sendonly", "a=inactive", "a=rtpmap:101 telephone-event/8000", "0", "4294967295", "4294967296",
        "18446744073709551616", "-1", "2147483648", "99999999999999999999",
    };

    private static readonly byte[][] TokenBytes = ToBytes(Tokens);

    private readonly Random _rng;

    public Mutator(int seed)
    {
        _rng = new Random(seed);
    }

    /// <summary>A new input: a mutated copy of a random seed.</summary>
    public byte[] Next(List<Seed> seeds)
    {
        byte[] b = seeds[_rng.Next(seeds.Count)].Data;
        int stack = 1 + _rng.Next(6);
        for (int i = 0; i < stack; i++) b = Mutate(b, seeds);
        return b;
    }

    private byte[] Mutate(byte[] b, List<Seed> seeds)
    {
        int n = b.Length;
        switch (_rng.Next(11))
        {
            case 0: // flip a bit
                if (n == 0) return Insert(b, 0, TokenBytes[_rng.Next(TokenBytes.Length)]);
                b = (byte[])b.Clone();
                b[_rng.Next(n)] ^= (byte)(1 << _rng.Next(8));
                return b;
            case 1: // an interesting byte
                if (n == 0) return new[] { InterestingBytes[_rng.Next(InterestingBytes.Length)] };
                b = (byte[])b.Clone();
                b[_rng.Next(n)] = InterestingBytes[_rng.Next(InterestingBytes.Length)];
                return b;
            case 2: // a random byte
                if (n == 0) return new[] { (byte)_rng.Next(256) };
                b = (byte[])b.Clone();
                b[_rng.Next(n)] = (byte)_rng.Next(256);
                return b;
            case 3:
            case 4: // insert a token
                return Insert(b, _rng.Next(n + 1), TokenBytes[_rng.Next(TokenBytes.Length)]);
            case 5: // overwrite with a token
            {
                byte[] t = TokenBytes[_rng.Next(TokenBytes.Length)];
                int at = _rng.Next(n + 1);
                int cut = Math.Min(t.Length, n - at);
                return Splice(b, at, cut, t);
            }
            case 6: // delete a range
            {
                if (n == 0) return b;
                int at = _rng.Next(n);
                return Splice(b, at, 1 + _rng.Next(Math.Min(n - at, 32)), Array.Empty<byte>());
            }
            case 7: // duplicate a range
            {
                if (n == 0) return b;
                int at = _rng.Next(n);
                int len = 1 + _rng.Next(Math.Min(n - at, 64));
                byte[] piece = new byte[len];
                Buffer.BlockCopy(b, at, piece, 0, len);
                return Insert(b, _rng.Next(n + 1), piece);
            }
            case 8: // replace a run of digits with an interesting number
            {
                int start = n == 0 ? 0 : _rng.Next(n);
                while (start < n && (b[start] < (byte)'0' || b[start] > (byte)'9')) start++;
                int end = start;
                while (end < n && b[end] >= (byte)'0' && b[end] <= (byte)'9') end++;
                string[] numbers = { "0", "1", "65535", "65536", "4294967295", "4294967296", "2147483648", "99999999999999999999", "" };
                return Splice(b, start, end - start, Encoding.ASCII.GetBytes(numbers[_rng.Next(numbers.Length)]));
            }
            case 9: // splice: our head, another seed's tail
            {
                byte[] other = seeds[_rng.Next(seeds.Count)].Data;
                int head = _rng.Next(n + 1);
                int tail = _rng.Next(other.Length + 1);
                byte[] r = new byte[head + other.Length - tail];
                Buffer.BlockCopy(b, 0, r, 0, head);
                Buffer.BlockCopy(other, tail, r, head, other.Length - tail);
                return r;
            }
            default: // truncate
                return n == 0 ? b : Splice(b, _rng.Next(n), n, Array.Empty<byte>());
        }
    }

    private static byte[] Insert(byte[] b, int at, byte[] piece)
    {
        return Splice(b, at, 0, piece);
    }

    /// <summary>b with `cut` bytes at `at` replaced by piece (cut is clipped to the end).</summary>
    private static byte[] Splice(byte[] b, int at, int cut, byte[] piece)
    {
        if (at > b.Length) at = b.Length;
        if (cut > b.Length - at) cut = b.Length - at;
        byte[] r = new byte[b.Length - cut + piece.Length];
        Buffer.BlockCopy(b, 0, r, 0, at);
        Buffer.BlockCopy(piece, 0, r, at, piece.Length);
        Buffer.BlockCopy(b, at + cut, r, at + piece.Length, b.Length - at - cut);
        return r;
    }

    private static byte[][] ToBytes(string[] s)
    {
        byte[][] r = new byte[s.Length][];
        for (int i = 0; i < s.Length; i++) r[i] = Encoding.ASCII.GetBytes(s[i]);
        return r;
    }
}

internal static class ByteArrayExtensions
{
    public static byte[] AddZeroAndHigh(this byte[] b)
    {
        byte[] r = new byte[b.Length + 4];
        Buffer.BlockCopy(b, 0, r, 0, b.Length);
        r[b.Length] = 0;
        r[b.Length + 1] = 0x7F;
        r[b.Length + 2] = 0x80;
        r[b.Length + 3] = 0xFF;
        return r;
    }
}
