using System.Linq;
using System.Text;
using NanoPhone.App.Console;
using Xunit;

namespace NanoPhone.App.Tests.Console;

/// <summary>
/// <c>log sip on</c> prints what came off the wire; a datagram may hold anything (RFC 4475's
/// torture messages hold NULs and bytes that are not UTF-8, a scanner may send escape sequences).
/// What reaches the terminal is printable ASCII, and every byte can be read back from it.
/// </summary>
public class PrintableTextTests
{
    [Theory]
    [InlineData("INVITE sip:bob@example.com SIP/2.0", "INVITE sip:bob@example.com SIP/2.0")]
    [InlineData("a\\b", "a\\\\b")]
    [InlineData("Subject:\tx\r\n", "Subject:\\x09x\\x0d\\x0a")]
    [InlineData("\u001b[2J\u001b]0;owned\u0007", "\\x1b[2J\\x1b]0;owned\\x07")]
    [InlineData("\0\u007f", "\\x00\\x7f")]
    [InlineData("", "")]
    public void Printable_ASCII_stays_everything_else_is_escaped(string text, string printed)
    {
        byte[] bytes = Encoding.Latin1.GetBytes(text);
        Assert.Equal(printed, PrintableText.Escape(bytes, 0, bytes.Length));
    }

    [Fact]
    public void Bytes_from_0x80_UTF8_included_are_escaped_byte_by_byte()
    {
        byte[] bytes = Encoding.UTF8.GetBytes("From: \"Zoë\"");
        Assert.Equal("From: \"Zo\\xc3\\xab\"", PrintableText.Escape(bytes, 0, bytes.Length));
        Assert.Equal("\\xff\\xfe", PrintableText.Escape(new byte[] { 0xFF, 0xFE }, 0, 2));
    }

    [Fact]
    public void Every_byte_value_comes_out_printable_and_can_be_read_back()
    {
        byte[] all = Enumerable.Range(0, 256).Select(b => (byte)b).ToArray();
        string printed = PrintableText.Escape(all, 0, all.Length);

        Assert.All(printed, c => Assert.InRange(c, ' ', '~'));
        Assert.Equal(all, ReadBack(printed));
        Assert.Equal("x\\x00", PrintableText.Escape(new byte[] { 0, (byte)'x', 0, 9 }, 1, 2));
    }

    private static byte[] ReadBack(string printed)
    {
        var bytes = new System.Collections.Generic.List<byte>();
        for (int i = 0; i < printed.Length; i++)
        {
            if (printed[i] != '\\') { bytes.Add((byte)printed[i]); continue; }
            char e = printed[++i];
            if (e == 'x') { bytes.Add(System.Convert.ToByte(printed.Substring(i + 1, 2), 16)); i += 2; }
            else bytes.Add((byte)e);
        }
        return bytes.ToArray();
    }
}
