using System;
using System.Reflection;
using System.Text;
using NanoPhone.Sip.Auth;
using Xunit;

namespace NanoPhone.Sip.Tests.Auth;

/// <summary>MD5, SHA-256 and SHA-512/256 against published vectors, .NET's implementations and themselves.</summary>
public class HashTests
{
    internal static string Hex(IDigestHash h, byte[] data)
    {
        h.Reset();
        h.Update(data, 0, data.Length);
        var d = new byte[h.Size];
        h.Final(d, 0);
        return Convert.ToHexStringLower(d);
    }

    internal static string Hex(IDigestHash h, string ascii) => Hex(h, Encoding.ASCII.GetBytes(ascii));

    private static readonly int[] BoundaryLengths = { 0, 1, 55, 56, 57, 63, 64, 65, 111, 112, 113, 119, 120, 127, 128, 129, 191, 192, 255, 256 };

    // RFC 1321 Appendix A.5 "Test suite".
    [Theory]
    [InlineData("", "d41d8cd98f00b204e9800998ecf8427e")]
    [InlineData("a", "0cc175b9c0f1b6a831c399e269772661")]
    [InlineData("abc", "900150983cd24fb0d6963f7d28e17f72")]
    [InlineData("message digest", "f96b697d7cb7938d525a2f31aaf161d0")]
    [InlineData("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "d174ab98d277d9f5a5611c2c9f419d9f")]
    [InlineData("12345678901234567890123456789012345678901234567890123456789012345678901234567890", "57edf4a22be3c955ac49da2e2107b67a")]
    public void Rfc1321_A5_test_suite(string input, string expected)
    {
        Assert.Equal(expected, Hex(new Md5(), input));
    }

    // FIPS 180 examples (NIST CSRC "SHA256.pdf"; the million-'a' message of FIPS 180-2 Appendix B.3).
    [Theory]
    [InlineData("abc", 1, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 1, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
    [InlineData("a", 1000000, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")]
    [InlineData("", 1, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    public void Fips180_sha256_examples(string input, int repeat, string expected)
    {
        Assert.Equal(expected, Hex(new Sha256(), Repeat(input, repeat)));
    }

    [Fact]
    public void Fips180_sha256_million_a_fed_in_uneven_chunks()
    {
        var h = new Sha256();
        var chunk = new byte[997];
        Array.Fill(chunk, (byte)'a');
        int left = 1000000;
        while (left > 0)
        {
            int n = Math.Min(left, chunk.Length);
            h.Update(chunk, 0, n);
            left -= n;
        }
        var d = new byte[32];
        h.Final(d, 0);
        Assert.Equal("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", Convert.ToHexStringLower(d));
    }

    // FIPS 180-4 SHA-512/256 examples (NIST CSRC "SHA512_256.pdf"): one block and the 896-bit two-block message.
    [Theory]
    [InlineData("abc", "53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23")]
    [InlineData("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
        "3928e184fb8690f840da3988121d31be65cb9d3ef83ee6146feac861e19b563a")]
    [InlineData("", "c672b8d1ef56ed28ab87c3622c5114069bdd3ad7b8f9737498d0c01ecef0967a")]
    public void Fips180_4_sha512_256_examples(string input, string expected)
    {
        Assert.Equal(expected, Hex(new Sha512t256(), input));
    }

    [Fact]
    public void Sizes_are_16_32_32()
    {
        Assert.Equal(16, new Md5().Size);
        Assert.Equal(32, new Sha256().Size);
        Assert.Equal(32, new Sha512t256().Size);
    }

    [Fact]
    public void Md5_and_sha256_match_dotnet_on_random_inputs_of_random_lengths()
    {
        var rng = new Random(1321);
        var md5 = new Md5();
        var sha = new Sha256();
        foreach (int len in LengthsToTry(rng))
        {
            var data = new byte[len];
            rng.NextBytes(data);
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(data)), Hex(md5, data));
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(data)), Hex(sha, data));
        }
    }

    // SHA-512/256 is the SHA-512 machinery with another H(0) and a shorter output (FIPS 180-4 §6.7).
    // Started from SHA-512's own H(0) (§5.3.5) the same core must equal .NET's SHA-512.
    [Fact]
    public void Fips180_4_sha512_core_matches_dotnet_sha512_on_random_inputs()
    {
        var rng = new Random(1804);
        var sha512 = Sha512Family(Sha512Initial, 64);
        foreach (int len in LengthsToTry(rng))
        {
            var data = new byte[len];
            rng.NextBytes(data);
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA512.HashData(data)), Hex(sha512, data));
        }
    }

    // FIPS 180-4 §5.3.6: the SHA-512/t IV generation function. H(0) for t=256 is SHA-512 of
    // "SHA-512/256" started from SHA-512's H(0) XOR a5a5a5a5a5a5a5a5.
    [Fact]
    public void Fips180_4_5_3_6_generated_initial_value_gives_the_same_hash()
    {
        var iv = new ulong[8];
        for (int i = 0; i < 8; i++) iv[i] = Sha512Initial[i] ^ 0xa5a5a5a5a5a5a5a5UL;
        var generator = Sha512Family(iv, 64);
        var name = Encoding.ASCII.GetBytes("SHA-512/256");
        generator.Update(name, 0, name.Length);
        var h0 = new byte[64];
        generator.Final(h0, 0);
        var generated = new ulong[8];
        for (int i = 0; i < 8; i++) generated[i] = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(h0.AsSpan(8 * i));

        var rng = new Random(5362);
        var derived = Sha512Family(generated, 32);
        var builtIn = new Sha512t256();
        foreach (int len in LengthsToTry(rng))
        {
            var data = new byte[len];
            rng.NextBytes(data);
            Assert.Equal(Hex(derived, data), Hex(builtIn, data));
        }
    }

    public static TheoryData<string> AllHashes() => new() { "MD5", "SHA-256", "SHA-512-256" };

    private static IDigestHash Create(string name) => DigestAlgorithms.CreateHash(
        DigestAlgorithms.Parse(Encoding.ASCII.GetBytes(name), 0, name.Length));

    [Theory]
    [MemberData(nameof(AllHashes))]
    public void Update_split_at_every_offset_equals_one_shot(string name)
    {
        var h = Create(name);
        var rng = new Random(name.Length);
        foreach (int len in new[] { 0, 1, 55, 56, 63, 64, 111, 112, 127, 128, 200, 300 })
        {
            var data = new byte[len];
            rng.NextBytes(data);
            string oneShot = Hex(h, data);
            for (int cut = 0; cut <= len; cut++)
            {
                h.Update(data, 0, cut);
                h.Update(data, cut, len - cut);
                var d = new byte[h.Size];
                h.Final(d, 0);
                Assert.Equal(oneShot, Convert.ToHexStringLower(d));
            }
        }
    }

    [Theory]
    [MemberData(nameof(AllHashes))]
    public void Byte_by_byte_and_random_chunks_equal_one_shot(string name)
    {
        var h = Create(name);
        var rng = new Random(7);
        for (int round = 0; round < 200; round++)
        {
            var data = new byte[rng.Next(0, 1001)];
            rng.NextBytes(data);
            string oneShot = Hex(h, data);
            int p = 0;
            while (p < data.Length)
            {
                int n = Math.Min(data.Length - p, round % 2 == 0 ? 1 : rng.Next(0, 150));
                h.Update(data, p, n);
                p += n;
            }
            var d = new byte[h.Size + 5];
            h.Final(d, 5);
            Assert.Equal(oneShot, Convert.ToHexStringLower(d, 5, h.Size));
        }
    }

    [Theory]
    [MemberData(nameof(AllHashes))]
    public void Final_resets_and_Reset_discards_what_was_added(string name)
    {
        var h = Create(name);
        string abc = Hex(h, "abc");
        var junk = Encoding.ASCII.GetBytes("junk that is thrown away");
        h.Update(junk, 0, junk.Length);
        h.Reset();
        Assert.Equal(abc, Hex(h, "abc"));
        var d = new byte[h.Size];
        h.Update(junk, 0, junk.Length);
        h.Final(d, 0);
        var abcBytes = Encoding.ASCII.GetBytes("abc");
        h.Update(abcBytes, 0, 3);
        h.Final(d, 0);
        Assert.Equal(abc, Convert.ToHexStringLower(d));
    }

    [Theory]
    [MemberData(nameof(AllHashes))]
    public void Update_and_Final_allocate_nothing(string name)
    {
        var h = Create(name);
        var data = new byte[777];
        var d = new byte[h.Size];
        h.Update(data, 0, data.Length);
        h.Final(d, 0);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 50; i++)
        {
            h.Update(data, 0, i * 7);
            h.Update(data, 3, 100);
            h.Final(d, 0);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static readonly ulong[] Sha512Initial =
    {
        0x6a09e667f3bcc908UL, 0xbb67ae8584caa73bUL, 0x3c6ef372fe94f82bUL, 0xa54ff53a5f1d36f1UL,
        0x510e527fade682d1UL, 0x9b05688c2b3e6c1fUL, 0x1f83d9abfb41bd6bUL, 0x5be0cd19137e2179UL,
    };

    private static IDigestHash Sha512Family(ulong[] initial, int size)
    {
        var ctor = typeof(Sha512t256).GetConstructor(BindingFlags.NonPublic | BindingFlags.Instance, new[] { typeof(ulong[]), typeof(int) });
        Assert.NotNull(ctor);
        return (IDigestHash)ctor!.Invoke(new object[] { initial, size });
    }

    private static byte[] Repeat(string s, int times)
    {
        var one = Encoding.ASCII.GetBytes(s);
        var all = new byte[one.Length * times];
        for (int i = 0; i < times; i++) Buffer.BlockCopy(one, 0, all, i * one.Length, one.Length);
        return all;
    }

    private static int[] LengthsToTry(Random rng)
    {
        var lengths = new int[BoundaryLengths.Length + 300];
        BoundaryLengths.CopyTo(lengths, 0);
        for (int i = BoundaryLengths.Length; i < lengths.Length; i++) lengths[i] = rng.Next(0, 1001);
        return lengths;
    }
}
