using System.Linq;
using NanoPhone.App.Config;
using NanoPhone.Hal;
using NanoPhone.Sip.Message;
using Xunit;

namespace NanoPhone.App.Tests.Phone;

/// <summary>
/// The DND and forward keys change the configuration (as <c>set</c> would), the DND lamp mirrors
/// <c>dnd</c> wherever it was changed, and the next call gets the new policy.
/// </summary>
public class PhoneAppKeyTests
{
    private readonly PhoneRig _rig = new();
    private readonly CallerScript _caller = new();

    public PhoneAppKeyTests()
    {
        _rig.StartRegistered();
    }

    [Fact]
    public void The_DND_key_toggles_dnd_its_lamp_and_incoming_calls_get_busy()
    {
        int mark = _rig.Events.Count;
        _rig.Press(PhoneKey.Dnd);
        Assert.Equal(new[] { "KEY dnd", "DND on", "LAMP dnd on" }, _rig.EventsSince(mark));
        Assert.Equal("on", _rig.Config.Get(ConfigKeys.Dnd));
        Assert.True(_rig.Config.IsDirty);
        Assert.True(_rig.Lamps.IsLit(Indicator.Dnd));

        _rig.Deliver(_caller.Invite());
        Assert.Single(_rig.Responses(486));
        Assert.False(_rig.Hw.Ringer.IsRinging);
        Assert.Contains("REJECTED 1 486 Busy Here", _rig.Events);

        mark = _rig.Events.Count;
        _rig.Press(PhoneKey.Dnd);
        Assert.Equal(new[] { "KEY dnd", "DND off", "LAMP dnd off" }, _rig.EventsSince(mark));
        Assert.Equal("off", _rig.Config.Get(ConfigKeys.Dnd));
    }

    [Fact]
    public void Dnd_from_the_console_or_the_file_shows_on_the_lamp_and_dnd_response_480_applies()
    {
        var rig = new PhoneRig(c => c.TrySet(ConfigKeys.Dnd, "on", out _));
        rig.StartRegistered();
        Assert.Equal(LampMode.On, rig.Lamp(Indicator.Dnd));
        rig.Set(ConfigKeys.DndResponse, "480");
        rig.Deliver(_caller.Invite());
        Assert.Single(rig.Responses(480));
        rig.Config.Unset(ConfigKeys.Dnd);
        Assert.Equal(LampMode.Off, rig.Lamp(Indicator.Dnd));
        Assert.Equal("DND off", rig.Events[^2]);
    }

    [Fact]
    public void The_forward_key_forwards_all_calls_to_the_voicemail_target_and_back()
    {
        _rig.Set(ConfigKeys.ForwardNoAnswerTarget, "sip:voicemail@nanophone.test");
        int mark = _rig.Events.Count;
        _rig.Press(PhoneKey.Forward);
        Assert.Equal(new[] { "KEY forward", "FORWARD on sip:voicemail@nanophone.test" }, _rig.EventsSince(mark));
        Assert.Equal("sip:voicemail@nanophone.test", _rig.Config.Get(ConfigKeys.ForwardAlwaysTarget));

        _rig.Deliver(_caller.Invite());
        Sent redirect = _rig.Responses(302).Single();
        Assert.Contains("sip:voicemail@nanophone.test", redirect.Header(HeaderId.Contact));
        Assert.Empty(_rig.Responses(180));
        Assert.Contains("FORWARDED 1 sip:voicemail@nanophone.test", _rig.Events);

        _rig.Press(PhoneKey.Forward);
        Assert.Equal("FORWARD off", _rig.Events[^1]);
        Assert.Null(_rig.Config.Get(ConfigKeys.ForwardAlwaysTarget));
    }

    [Fact]
    public void The_forward_key_takes_the_busy_target_when_there_is_no_voicemail_and_says_when_there_is_neither()
    {
        _rig.Press(PhoneKey.Forward);
        Assert.Equal("FORWARD unavailable no target: set forward.noanswer.target", _rig.Events[^1]);
        Assert.Null(_rig.Config.Get(ConfigKeys.ForwardAlwaysTarget));

        _rig.Set(ConfigKeys.ForwardBusyTarget, "sip:desk@nanophone.test");
        _rig.Press(PhoneKey.Forward);
        Assert.Equal("FORWARD on sip:desk@nanophone.test", _rig.Events[^1]);
    }

    [Fact]
    public void A_forward_target_that_is_this_phones_own_Contact_is_refused()
    {
        Assert.False(_rig.Config.TrySet(ConfigKeys.ForwardAlwaysTarget, "sip:linda@127.0.0.1:5062", out string? error));
        Assert.Equal("forward.always.target: must not be this phone's own address (calls would loop)", error);
        Assert.True(_rig.Config.TrySet(ConfigKeys.ForwardAlwaysTarget, "sip:linda@127.0.0.1:5099", out _));
    }

    [Fact]
    public void Digits_star_and_hash_with_the_handset_down_are_reported_and_do_nothing_else()
    {
        int sent = _rig.Out.Count;
        foreach (var key in new[] { PhoneKey.Digit0, PhoneKey.Digit9, PhoneKey.Star, PhoneKey.Hash })
            _rig.Press(key);
        Assert.Equal(new[] { "KEY 0", "KEY 9", "KEY *", "KEY #" }, _rig.Events.Where(e => e.StartsWith("KEY ")));
        Assert.Equal(sent, _rig.Out.Count);
    }

    [Fact]
    public void A_key_held_down_counts_once()
    {
        _rig.Hw.KeypadLogic.Feed(PhoneKey.Dnd, true, _rig.Clock.NowMs);
        _rig.Run(3_000);                    // repeats while held
        _rig.Hw.KeypadLogic.Feed(PhoneKey.Dnd, false, _rig.Clock.NowMs);
        _rig.Run(50);
        Assert.Single(_rig.Events, "DND on");
    }
}
