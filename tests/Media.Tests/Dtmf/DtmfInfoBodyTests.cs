using System.Text;
using NanoPhone.Media.Dtmf;
using Xunit;

namespace NanoPhone.Media.Tests.Dtmf;

/// <summary>
/// Key presses in SIP INFO bodies: application/dtmf-relay ("Signal=" and "Duration=" lines, the
/// duration in ms) and application/dtmf (the key alone). Case and spaces do not matter; anything that
/// is not a key is refused, never thrown at.
/// </summary>
public class DtmfInfoBodyTests
{
    private static byte[] B(string s) => Encoding.ASCII.GetBytes(s);

    [Theory]
    [InlineData("Signal=5\r\nDuration=160\r\n", '5', 160)]
    [InlineData("signal= #\nduration = 250\n", '#', 250)]
    [InlineData("Signal=*\r\n", '*', 0)]
    [InlineData("SIGNAL=d\r\nDuration=100", 'D', 100)]
    [InlineData("Signal=11\r\nDuration=100\r\n", '#', 100)]
    [InlineData("Duration=100\r\nSignal=0\r\n", '0', 100)]
    public void Dtmf_relay_bodies_give_the_key_and_the_duration(string body, char digit, int duration)
    {
        Assert.True(DtmfInfoBody.TryParseRelay(B(body), 0, body.Length, out char d, out int ms));
        Assert.Equal(digit, d);
        Assert.Equal(duration, ms);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Duration=100\r\n")]
    [InlineData("Signal=\r\n")]
    [InlineData("Signal=x\r\n")]
    [InlineData("Signal=55\r\n")]
    [InlineData("Signal=5\r\nDuration=-3\r\n")]
    [InlineData("Signal=5\r\nDuration=99999999999\r\n")]
    public void Bodies_without_a_key_are_refused(string body)
    {
        Assert.False(DtmfInfoBody.TryParseRelay(B(body), 0, body.Length, out _, out _));
    }

    [Theory]
    [InlineData("5", '5')]
    [InlineData(" 9\r\n", '9')]
    [InlineData("*", '*')]
    [InlineData("10", '*')]
    [InlineData("b", 'B')]
    public void Dtmf_bodies_give_the_key(string body, char digit)
    {
        Assert.True(DtmfInfoBody.TryParseDtmf(B(body), 0, body.Length, out char d));
        Assert.Equal(digit, d);
    }

    [Theory]
    [InlineData("")]
    [InlineData("55")]
    [InlineData("Signal=5")]
    public void Dtmf_bodies_that_are_not_one_key_are_refused(string body)
    {
        Assert.False(DtmfInfoBody.TryParseDtmf(B(body), 0, body.Length, out _));
    }

    [Fact]
    public void A_relay_body_is_written_for_sending_by_INFO_and_reads_back()
    {
        var b = new byte[40];
        int end = DtmfInfoBody.WriteRelay(b, 3, '#', 160);
        Assert.Equal("Signal=#\r\nDuration=160\r\n", Encoding.ASCII.GetString(b, 3, end - 3));
        Assert.True(DtmfInfoBody.TryParseRelay(b, 3, end - 3, out char d, out int ms));
        Assert.Equal('#', d);
        Assert.Equal(160, ms);
    }
}
