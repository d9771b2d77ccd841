using NanoPhone.Sip.Message;
using Xunit;

namespace NanoPhone.Sip.Tests;

public class SipWriterTests
{
    [Fact]
    public void Number_writes_decimal_without_allocating_a_string()
    {
        var w = new SipWriter(4);
        w.Number(0).Byte((byte)' ').Number(4294967295).Byte((byte)' ').Number(-12);
        Assert.Equal("0 4294967295 -12", System.Text.Encoding.ASCII.GetString(w.Buffer, 0, w.Length));
    }
}
