using NanoPhone.Media.Codec;
using Xunit;

namespace NanoPhone.Media.Tests.Codec;

/// <summary>
/// ITU-T G.711, μ-law (PCMU) and A-law (PCMA): every 16-bit input encodes, and every code byte
/// decodes, exactly as the independent reference does (tests/data/g711, made once with CPython's
/// audioop; its README says how). The frame methods agree with the single-sample ones.
/// </summary>
public class G711VectorTests
{
    private static short[] ReadDecoded(string file)
    {
        byte[] b = TestData.Read("g711/" + file);
        Assert.Equal(512, b.Length);
        var v = new short[256];
        for (int i = 0; i < 256; i++) v[i] = (short)(b[2 * i] | (b[2 * i + 1] << 8));
        return v;
    }

    [Fact]
    public void Mu_law_encodes_every_16_bit_input_as_the_reference()
    {
        byte[] expected = TestData.Read("g711/ulaw-encode.bin");
        Assert.Equal(65536, expected.Length);
        int wrong = 0, first = 0;
        for (int i = 0; i < 65536; i++)
        {
            if (MuLaw.Encode(i - 32768) != expected[i] && wrong++ == 0) first = i - 32768;
        }
        Assert.True(wrong == 0, wrong + " inputs differ, the first " + first);
    }

    [Fact]
    public void A_law_encodes_every_16_bit_input_as_the_reference()
    {
        byte[] expected = TestData.Read("g711/alaw-encode.bin");
        Assert.Equal(65536, expected.Length);
        int wrong = 0, first = 0;
        for (int i = 0; i < 65536; i++)
        {
            if (ALaw.Encode(i - 32768) != expected[i] && wrong++ == 0) first = i - 32768;
        }
        Assert.True(wrong == 0, wrong + " inputs differ, the first " + first);
    }

    [Fact]
    public void Mu_law_decodes_every_code_as_the_reference()
    {
        short[] expected = ReadDecoded("ulaw-decode.bin");
        for (int c = 0; c < 256; c++) Assert.True(expected[c] == MuLaw.Decode((byte)c), "code " + c);
    }

    [Fact]
    public void A_law_decodes_every_code_as_the_reference()
    {
        short[] expected = ReadDecoded("alaw-decode.bin");
        for (int c = 0; c < 256; c++) Assert.True(expected[c] == ALaw.Decode((byte)c), "code " + c);
    }

    [Theory]
    [InlineData(G711.Pcmu, "g711/ulaw-encode.bin", "ulaw-decode.bin")]
    [InlineData(G711.Pcma, "g711/alaw-encode.bin", "alaw-decode.bin")]
    public void Frame_encoding_and_decoding_match_the_reference_at_any_offset(int pt, string encodeFile, string decodeFile)
    {
        byte[] expectedCodes = TestData.Read(encodeFile);
        short[] expectedValues = ReadDecoded(decodeFile);
        var pcm = new short[65536 + 3];
        for (int i = 0; i < 65536; i++) pcm[i + 3] = (short)(i - 32768);
        var codes = new byte[65536 + 5];
        G711.Encode(pt, pcm, 3, codes, 5, 65536);
        Assert.Equal(expectedCodes, codes[5..]);

        var all = new byte[256 + 1];
        for (int c = 0; c < 256; c++) all[c + 1] = (byte)c;
        var values = new short[256 + 2];
        G711.Decode(pt, all, 1, values, 2, 256);
        Assert.Equal(expectedValues, values[2..]);
    }

    /// <summary>G.711's silence and extremes: μ-law 0xFF is +0, 0x7F −0, 0x80 the top; A-law 0xD5 is +8 (its smallest level).</summary>
    [Fact]
    public void The_known_codes_of_G711_tables_decode_to_their_output_values()
    {
        Assert.Equal(0, MuLaw.Decode(0xFF));
        Assert.Equal(0, MuLaw.Decode(0x7F));
        Assert.Equal(32124, MuLaw.Decode(0x80));
        Assert.Equal(-32124, MuLaw.Decode(0x00));
        Assert.Equal(0xFF, MuLaw.Encode(0));
        Assert.Equal(8, ALaw.Decode(0xD5));
        Assert.Equal(-8, ALaw.Decode(0x55));
        Assert.Equal(32256, ALaw.Decode(0xAA));
        Assert.Equal(0xD5, ALaw.Encode(0));
    }
}
