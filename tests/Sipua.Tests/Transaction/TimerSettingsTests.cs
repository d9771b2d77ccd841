using NanoPhone.Sip.Transaction;
using Xunit;

namespace NanoPhone.Sip.Tests.Transaction;

/// <summary>
/// Timer values: RFC 3261 Table 4 (§A) and RFC 6026 §8.11 for UDP, from T1 = 500 ms,
/// T2 = 4 s, T4 = 5 s; all scale with T1 except Timer D's 32 s floor.
/// </summary>
public class TimerSettingsTests
{
    [Fact]
    public void Defaults_are_those_of_Table_4_and_RFC_6026()
    {
        var t = new TimerSettings();
        Assert.Equal((500, 4000, 5000), (t.T1, t.T2, t.T4));
        Assert.Equal(500, t.TimerA);      // initially T1
        Assert.Equal(32000, t.TimerB);    // 64*T1
        Assert.Equal(32000, t.TimerD);    // > 32 s for UDP
        Assert.Equal(500, t.TimerE);      // initially T1
        Assert.Equal(32000, t.TimerF);    // 64*T1
        Assert.Equal(500, t.TimerG);      // initially T1
        Assert.Equal(32000, t.TimerH);    // 64*T1
        Assert.Equal(5000, t.TimerI);     // T4
        Assert.Equal(32000, t.TimerJ);    // 64*T1
        Assert.Equal(5000, t.TimerK);     // T4
        Assert.Equal(32000, t.TimerL);    // 64*T1
        Assert.Equal(32000, t.TimerM);    // 64*T1
        Assert.Equal(new[] { 1000, 2000, 4000, 4000 }, new[] { t.Backoff(500), t.Backoff(1000), t.Backoff(2000), t.Backoff(4000) });
    }

    [Fact]
    public void Timers_scale_with_T1_and_Timer_D_keeps_its_32_s_floor()
    {
        var small = new TimerSettings { T1 = 100 };
        Assert.Equal(6400, small.TimerB);
        Assert.Equal(32000, small.TimerD);
        var large = new TimerSettings { T1 = 1000 };
        Assert.Equal(64000, large.TimerB);
        Assert.Equal(64000, large.TimerD);
    }
}
