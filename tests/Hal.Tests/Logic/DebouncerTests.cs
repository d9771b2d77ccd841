using Xunit;

namespace NanoPhone.Hal.Tests.Logic;

public class DebouncerTests
{
    [Fact]
    public void Stable_level_follows_raw_only_after_it_holds_for_the_settle_time()
    {
        var contact = new Debouncer(20, false);
        contact.Feed(true, 100);

        Assert.False(contact.Update(119));
        Assert.False(contact.Stable);
        Assert.True(contact.Update(120));
        Assert.True(contact.Stable);
        Assert.False(contact.Update(200));
    }

    [Fact]
    public void A_bounce_restarts_the_settle_time()
    {
        var contact = new Debouncer(20, false);
        contact.Feed(true, 100);
        contact.Feed(false, 103);
        contact.Feed(true, 105);

        Assert.False(contact.Update(124));
        Assert.True(contact.Update(125));
    }

    [Fact]
    public void A_glitch_shorter_than_the_settle_time_is_ignored()
    {
        var contact = new Debouncer(20, false);
        contact.Feed(true, 100);
        contact.Feed(false, 110);

        Assert.False(contact.Update(200));
        Assert.False(contact.Stable);
    }

    [Fact]
    public void Repeating_the_current_raw_level_does_not_restart_the_wait()
    {
        var contact = new Debouncer(20, false);
        contact.Feed(true, 100);
        contact.Feed(true, 115);

        Assert.True(contact.Update(120));
    }
}
