using NanoPhone.App.Door;
using Xunit;

namespace NanoPhone.App.Tests.Door;

/// <summary>
/// The door code matcher: the last keys the far end sent compared with door.code after each key;
/// a pause over 5 s starts over; a match opens once and starts over; no code, no door.
/// </summary>
public class DoorCodeTests
{
    private static bool Feed(DoorCode code, string keys, long startMs = 0, long stepMs = 200)
    {
        bool opened = false;
        for (int i = 0; i < keys.Length; i++) opened = code.OnKey(keys[i], startMs + i * stepMs);
        return opened;
    }

    [Fact]
    public void The_code_opens_on_its_last_key_also_after_other_keys()
    {
        var c = new DoorCode { Code = "*1" };
        Assert.False(c.OnKey('*', 0));
        Assert.True(c.OnKey('1', 100));
        Assert.True(Feed(new DoorCode { Code = "*1" }, "59*1"));
    }

    [Theory]
    [InlineData("*2")]
    [InlineData("1*")]
    [InlineData("*")]
    [InlineData("#1")]
    public void A_wrong_code_does_nothing(string keys)
    {
        Assert.False(Feed(new DoorCode { Code = "*1" }, keys));
    }

    [Fact]
    public void A_pause_longer_than_5_s_between_keys_starts_over()
    {
        var c = new DoorCode { Code = "*1" };
        c.OnKey('*', 0);
        Assert.False(c.OnKey('1', DoorCode.GapMs + 1));
    }

    [Fact]
    public void A_match_starts_over_so_one_entry_opens_once()
    {
        var c = new DoorCode { Code = "11" };
        Assert.True(Feed(c, "11"));
        Assert.False(c.OnKey('1', 1000));
        Assert.True(c.OnKey('1', 1100));
    }

    [Fact]
    public void Without_a_code_no_key_sequence_opens()
    {
        Assert.False(Feed(new DoorCode { Code = null }, "*1"));
        Assert.False(Feed(new DoorCode { Code = "" }, "*1"));
    }

    [Fact]
    public void Keys_beyond_the_buffer_keep_only_the_last_16()
    {
        var c = new DoorCode { Code = "1234567890123456" };
        Assert.True(Feed(c, "99991234567890123456", stepMs: 10));
    }
}
