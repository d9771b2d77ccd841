using NanoPhone.Sip.Text;
using Xunit;

namespace NanoPhone.Sip.Tests.Text;

/// <summary>UTF-8 for the few places SIP text meets people: display names, digest user names, config.</summary>
public class AsciiTests
{
    [Fact]
    public void Utf8_of_a_non_BMP_character_is_four_bytes_both_ways()
    {
        Assert.Equal(new byte[] { 0xF0, 0x9F, 0x98, 0x80 }, Ascii.Utf8Bytes("\U0001F600"));
        Assert.Equal("\U0001F600", Ascii.ToString(new byte[] { 0xF0, 0x9F, 0x98, 0x80 }, 0, 4));
    }

    [Theory]
    [InlineData("linda")]
    [InlineData("Jürgen Müller")]
    [InlineData("но сто девяносто девять")]
    [InlineData("电话 \U0001F4DE")]
    public void Utf8_matches_dotnet_for_any_text(string text)
    {
        byte[] ours = Ascii.Utf8Bytes(text);
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(text), ours);
        Assert.Equal(text, Ascii.ToString(ours, 0, ours.Length));
    }

    [Fact]
    public void A_lone_surrogate_or_broken_sequence_becomes_the_replacement_character_not_an_exception()
    {
        Assert.Equal("\uFFFD", Ascii.ToString(new byte[] { 0xF0, 0x9F }, 0, 2).Substring(0, 1));
        Assert.Equal(3, Ascii.Utf8Bytes("\uD800").Length);
    }

    [Fact]
    public void String_arrays_for_portable_code_start_with_every_element_null()
    {
        string[] a = Strings.NewArray(3);
        Assert.All(a, Assert.Null);
    }
}
