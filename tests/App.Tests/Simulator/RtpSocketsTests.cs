using System.IO;
using System.Net;
using NanoPhone.Host.Simulator;
using Xunit;

namespace NanoPhone.App.Tests.Simulator;

/// <summary>The simulator's RTP port range, as media.port.min and media.port.max give it.</summary>
public class RtpSocketsTests
{
    [Fact]
    public void A_max_below_the_min_is_said_at_start_and_calls_keep_one_pair()
    {
        var text = new StringWriter();
        var output = new EventOutput(text, null);
        using var sockets = new RtpSockets(IPAddress.Loopback, 6000, 5000, output);
        Assert.Contains("WARNING media.port.max 5000 is below media.port.min 6000: calls take the one pair 6000-6001", text.ToString());
    }

    [Fact]
    public void A_sound_range_gives_no_warning()
    {
        var text = new StringWriter();
        using var sockets = new RtpSockets(IPAddress.Loopback, 4000, 4099, new EventOutput(text, null));
        Assert.DoesNotContain("WARNING", text.ToString());
    }
}
