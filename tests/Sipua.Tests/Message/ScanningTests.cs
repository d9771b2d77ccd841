using System.Collections.Generic;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Text;
using Xunit;

namespace NanoPhone.Sip.Tests.Message;

/// <summary>
/// The value scanners jump with a native byte search and the class table instead of reading byte
/// by byte (faster on nanoCLR). They must find exactly what a plain byte-by-byte reading of RFC
/// 3261 §25.1 finds: a top-level comma outside quoted-strings (with quoted-pairs) and &lt;...&gt;,
/// a parameter's end outside quoted-strings. Every input of up to six characters over the bytes
/// that matter, from every start, is read both ways.
/// </summary>
public class ScanningTests
{
    /// <summary>Every string of 0..maxLen bytes over the alphabet.</summary>
    private static IEnumerable<byte[]> AllStrings(string alphabet, int maxLen)
    {
        var current = new List<byte[]> { new byte[0] };
        yield return current[0];
        for (int len = 1; len <= maxLen; len++)
        {
            var next = new List<byte[]>(current.Count * alphabet.Length);
            foreach (byte[] s in current)
            {
                foreach (char c in alphabet)
                {
                    byte[] t = new byte[len];
                    System.Array.Copy(s, t, len - 1);
                    t[len - 1] = (byte)c;
                    next.Add(t);
                    yield return t;
                }
            }
            current = next;
        }
    }

    // quoted-string = SWS DQUOTE *(qdtext / quoted-pair ) DQUOTE; a CR or LF ends it unterminated.
    private static int PlainQuotedEnd(byte[] b, int p, int end)
    {
        for (p++; p < end; p++)
        {
            if (b[p] == '\\')
            {
                if (p + 1 >= end || b[p + 1] == '\r' || b[p + 1] == '\n') return -1;
                p++;
            }
            else if (b[p] == '"') return p + 1;
            else if (b[p] == '\r' || b[p] == '\n') return -1;
        }
        return -1;
    }

    private static int PlainNextComma(byte[] b, int p, int end)
    {
        bool inAngle = false;
        while (p < end)
        {
            if (b[p] == '"')
            {
                p = PlainQuotedEnd(b, p, end);
                if (p < 0) return -1;
                continue;
            }
            if (b[p] == '<') inAngle = true;
            else if (b[p] == '>') inAngle = false;
            else if (b[p] == ',' && !inAngle) return p;
            p++;
        }
        return inAngle ? -1 : end;
    }

    [Fact]
    public void NextComma_finds_the_comma_a_byte_by_byte_reading_finds()
    {
        int checkedCount = 0;
        foreach (byte[] s in AllStrings("a,\"<>\\ \r", 6))
        {
            for (int p = 0; p <= s.Length; p++)
            {
                Assert.True(PlainNextComma(s, p, s.Length) == Lws.NextComma(s, p, s.Length),
                    "NextComma of '" + System.Text.Encoding.ASCII.GetString(s) + "' from " + p);
                checkedCount++;
            }
        }
        Assert.True(checkedCount > 1_000_000);
    }

    [Fact]
    public void A_comma_inside_a_quoted_display_name_or_a_bracketed_uri_does_not_split()
    {
        byte[] v = System.Text.Encoding.ASCII.GetBytes("\"Doe, J\" <sip:a@b;x=1,2>;tag=1, <sip:c@d>");
        Assert.Equal(30, Lws.NextComma(v, 0, v.Length));
        Assert.Equal(v.Length, Lws.NextComma(v, 31, v.Length));
    }

    // A parameter ends at the next ';' outside a quoted-string (§25.1: generic-param).
    private static List<(int no, int nl, int vo, int vl)>? PlainParams(byte[] b, int p, int end)
    {
        var list = new List<(int, int, int, int)>();
        while (p < end)
        {
            int seg = p;
            while (seg < end && b[seg] != ';')
            {
                if (b[seg] == '"')
                {
                    seg = PlainQuotedEnd(b, seg, end);
                    if (seg < 0) return list;
                }
                else seg++;
            }
            int s = p;
            while (s < seg && (b[s] == ' ' || b[s] == '\t')) s++;
            int n = s;
            while (n < seg && b[n] != '=' && b[n] != ' ' && b[n] != '\t') n++;
            int e = n;
            while (e < seg && (b[e] == ' ' || b[e] == '\t')) e++;
            int vo = 0, vl = -1;
            if (e < seg && b[e] == '=')
            {
                vo = e + 1;
                while (vo < seg && (b[vo] == ' ' || b[vo] == '\t')) vo++;
                int ve = seg;
                while (ve > vo && (b[ve - 1] == ' ' || b[ve - 1] == '\t')) ve--;
                vl = ve - vo;
            }
            list.Add((s, n - s, vo, vl));
            p = seg + 1;
        }
        return list;
    }

    [Fact]
    public void Params_Next_splits_where_a_byte_by_byte_reading_splits()
    {
        foreach (byte[] s in AllStrings("a;\"= \\", 6))
        {
            var expected = PlainParams(s, 0, s.Length)!;
            var actual = new List<(int, int, int, int)>();
            int p = 0;
            while (Params.Next(s, ref p, s.Length, out int no, out int nl, out int vo, out int vl)) actual.Add((no, nl, vo, vl));
            Assert.True(expected.Count == actual.Count, "params of '" + System.Text.Encoding.ASCII.GetString(s) + "'");
            for (int i = 0; i < expected.Count; i++) Assert.Equal(expected[i], actual[i]);
        }
    }

    [Fact]
    public void Params_Find_by_bytes_and_by_string_agree()
    {
        byte[] v = System.Text.Encoding.ASCII.GetBytes("lr; tag = \"a;b\" ;TAG=2;q=0.5");
        Assert.True(Params.Find(v, 0, v.Length, "tag", out int so, out int sl));
        Assert.True(Params.Find(v, 0, v.Length, Ascii.Utf8Bytes("TaG"), out int bo, out int bl));
        Assert.Equal((10, 5), (so, sl));
        Assert.Equal((so, sl), (bo, bl));
        Assert.True(Params.Find(v, 0, v.Length, Ascii.Utf8Bytes("lr"), out int lo, out int ll));
        Assert.Equal((2, -1), (lo, ll));
        Assert.False(Params.Find(v, 0, v.Length, Ascii.Utf8Bytes("maddr"), out int mo, out int ml));
        Assert.Equal((0, -1), (mo, ml));
    }

    [Fact]
    public void The_class_table_holds_the_character_sets_of_RFC_3261_section_25_1()
    {
        const string alphanum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        const string mark = "-_.!~*'()";
        var sets = new (int bit, string chars)[]
        {
            (Ascii.Token, alphanum + "-.!%*_+`'~"),
            (Ascii.Unreserved, alphanum + mark),
            (Ascii.UserChar, alphanum + mark + "&=+$,;?/"),
            (Ascii.PasswordChar, alphanum + mark + "&=+$,"),
            (Ascii.ParamChar, alphanum + mark + "[]/:&+$"),
            (Ascii.HeaderChar, alphanum + mark + "[]/?:+$"),
            (Ascii.Wsp, " \t"),
            (Ascii.Digit, "0123456789"),
            (Ascii.Alpha, alphanum.Substring(0, 52)),
            (Ascii.HexDigit, "0123456789abcdefABCDEF"),
            (Ascii.HostChar, alphanum + "-."),
            (Ascii.ValueChar, alphanum + "-.!%*_+`'~:[]"),
        };
        for (int c = 0; c < 256; c++)
        {
            foreach (var (bit, chars) in sets)
                Assert.True(((Ascii.Classes[c] & bit) != 0) == (c < 128 && chars.IndexOf((char)c) >= 0), "byte " + c + ", class " + bit);
            Assert.Equal(c >= 'A' && c <= 'Z' ? c + 32 : c, Ascii.LowerCase[c]);
        }
    }
}
