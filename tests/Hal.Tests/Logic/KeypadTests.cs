using NanoPhone.App.Phone;
using NanoPhone.Sip.Timing;
using Xunit;

namespace NanoPhone.Hal.Tests.Logic;

public class KeypadTests
{
    private readonly ManualClock _clock = new(1000);
    private readonly Keypad _keypad;
    private readonly KeyLog _log;

    public KeypadTests()
    {
        _keypad = new Keypad(new HalClock(_clock), new KeypadTiming { DebounceMs = 30, RepeatDelayMs = 600, RepeatIntervalMs = 150 });
        _log = new KeyLog(_keypad);
    }

    private void RunUntil(long ms)
    {
        while (_clock.NowMs < ms)
        {
            _clock.Advance(10);
            _keypad.Poll();
        }
    }

    [Fact]
    public void Press_is_reported_once_the_contact_has_held_for_the_debounce_time()
    {
        _keypad.Feed(PhoneKey.Digit5, true, _clock.NowMs);
        _keypad.Poll();
        Assert.Empty(_log.Events);

        RunUntil(1020);
        Assert.Empty(_log.Events);
        Assert.False(_keypad.IsDown(PhoneKey.Digit5));

        RunUntil(1030);
        Assert.Equal(new[] { "Digit5 Pressed @1030" }, _log.Events);
        Assert.True(_keypad.IsDown(PhoneKey.Digit5));
    }

    [Fact]
    public void Bouncing_key_reports_one_press_and_one_release()
    {
        foreach (var (down, at) in new[] { (true, 1000), (false, 1002), (true, 1004), (false, 1007), (true, 1009) })
        {
            _keypad.Feed(PhoneKey.Hash, down, at);
        }

        RunUntil(1100);
        _keypad.Feed(PhoneKey.Hash, false, 1100);
        _keypad.Feed(PhoneKey.Hash, true, 1103);
        _keypad.Feed(PhoneKey.Hash, false, 1105);
        RunUntil(1200);

        Assert.Equal(new[] { "Hash Pressed @1040", "Hash Released @1140" }, _log.Events);
    }

    [Fact]
    public void Held_key_repeats_after_the_delay_then_at_the_interval()
    {
        _keypad.Feed(PhoneKey.Redial, true, 1000);
        RunUntil(2000);

        Assert.Equal(new[]
        {
            "Redial Pressed @1030",
            "Redial Repeated @1630",
            "Redial Repeated @1780",
            "Redial Repeated @1930",
        }, _log.Events);
    }

    [Fact]
    public void Releasing_the_key_stops_its_repeat()
    {
        _keypad.Feed(PhoneKey.Digit1, true, 1000);
        RunUntil(1500);
        _keypad.Feed(PhoneKey.Digit1, false, 1500);
        RunUntil(3000);

        Assert.Equal(new[] { "Digit1 Pressed @1030", "Digit1 Released @1530" }, _log.Events);
    }

    [Fact]
    public void Only_the_key_pressed_last_repeats()
    {
        _keypad.Feed(PhoneKey.Digit1, true, 1000);
        _keypad.Feed(PhoneKey.Digit2, true, 1200);
        RunUntil(1850);

        Assert.Equal(new[] { "Digit1 Pressed @1030", "Digit2 Pressed @1230", "Digit2 Repeated @1830" }, _log.Events);
    }

    [Fact]
    public void Repeat_delay_of_zero_turns_repeat_off()
    {
        var keypad = new Keypad(new HalClock(_clock), new KeypadTiming { DebounceMs = 30, RepeatDelayMs = 0 });
        var log = new KeyLog(keypad);
        keypad.Feed(PhoneKey.Star, true, 1000);
        for (int i = 0; i < 300; i++)
        {
            _clock.Advance(10);
            keypad.Poll();
        }

        Assert.Equal(new[] { "Star Pressed @1030" }, log.Events);
    }

    [Fact]
    public void Dial_keys_map_to_their_characters_and_back()
    {
        foreach (char c in "0123456789*#")
        {
            PhoneKey key = PhoneKeys.FromDialChar(c);
            Assert.True(PhoneKeys.IsDialKey(key));
            Assert.Equal(c, PhoneKeys.ToDialChar(key));
        }

        Assert.Equal(PhoneKey.None, PhoneKeys.FromDialChar('A'));
        Assert.False(PhoneKeys.IsDialKey(PhoneKey.Answer));
        Assert.Equal('\0', PhoneKeys.ToDialChar(PhoneKey.Redial));
    }
}
