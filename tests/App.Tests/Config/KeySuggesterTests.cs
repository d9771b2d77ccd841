using NanoPhone.App.Config;
using Xunit;

namespace NanoPhone.App.Tests.Config;

public class KeySuggesterTests
{
    [Theory]
    [InlineData("sip.pasword", new[] { "sip.password" })]
    [InlineData("sip.sever", new[] { "sip.server", "sip.user" })]
    [InlineData("SIP.USR", new[] { "sip.user", "sip.port" })]
    [InlineData("dnd.respons", new[] { "dnd.response" })]
    [InlineData("forward.noanswer", new[] { "forward.noanswer.target", "forward.noanswer.seconds" })]
    [InlineData("ghost", new[] { "ghost.filter", "ghost.action", "ghost.trust" })]
    [InlineData("net.wifi.pass", new[] { "net.wifi.password" })]
    [InlineData("sip.t3.ms", new[] { "sip.t1.ms", "sip.t2.ms", "sip.t4.ms" })]
    [InlineData("ghost.whatever", new[] { "ghost.filter", "ghost.action", "ghost.trust" })]
    public void Suggests_the_nearest_keys(string typed, string[] expected)
    {
        Assert.Equal(expected, KeySuggester.Suggest(typed));
    }

    [Theory]
    [InlineData("")]
    [InlineData("foo")]
    [InlineData("xyzzy.plugh")]
    [InlineData("\u0001\u0002")]
    public void Suggests_nothing_when_nothing_is_near(string typed)
    {
        Assert.Empty(KeySuggester.Suggest(typed));
        Assert.Equal("", KeySuggester.DidYouMean(typed));
    }

    [Fact]
    public void At_most_three()
    {
        Assert.Equal(new[] { "forward.always.target", "forward.busy.target", "forward.noanswer.target" }, KeySuggester.Suggest("forward"));
        Assert.Equal(" (did you mean sip.t1.ms, sip.t2.ms or sip.t4.ms?)", KeySuggester.DidYouMean("sip.t3.ms"));
        Assert.Equal(" (did you mean sip.password?)", KeySuggester.DidYouMean("sip.pasword"));
    }

    [Fact]
    public void Long_input_is_cheap()
    {
        Assert.Empty(KeySuggester.Suggest(new string('x', 100_000)));
        Assert.Null(KeySuggester.Nearest(new string('x', 100_000)));
    }

    [Theory]
    [InlineData("no.such.key", "sip.auth.user")]
    [InlineData("zzz", "dnd")]
    [InlineData("SIP.PASWORD", "sip.password")]
    public void The_nearest_key_by_edit_distance_however_far(string typed, string nearest)
    {
        Assert.Equal(nearest, KeySuggester.Nearest(typed));
        int d = KeySuggester.Distance(typed.ToLowerInvariant(), nearest, 100);
        foreach (ConfigKey k in ConfigKeys.All) Assert.True(KeySuggester.Distance(typed.ToLowerInvariant(), k.Name, 100) >= d, k.Name + " is nearer");
    }

    [Fact]
    public void The_hint_is_did_you_mean_when_a_key_is_near_else_the_nearest_one()
    {
        Assert.Equal(KeySuggester.DidYouMean("sip.sever"), KeySuggester.NearestHint("sip.sever"));
        Assert.Equal(" (no key is near it; the nearest is sip.auth.user; the console's help keys lists every key)",
            KeySuggester.NearestHint("no.such.key"));
        Assert.Equal("", KeySuggester.NearestHint("  "));
    }

    [Theory]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("abc", "abc", 0)]
    [InlineData("", "abc", 3)]
    [InlineData("abcdefgh", "a", 4)]
    public void Edit_distance_with_limit(string a, string b, int expected)
    {
        Assert.Equal(expected, KeySuggester.Distance(a, b, 3));
    }
}
