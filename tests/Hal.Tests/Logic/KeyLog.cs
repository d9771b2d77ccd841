using System.Collections.Generic;

namespace NanoPhone.Hal.Tests.Logic;

/// <summary>Records what an <see cref="IKeypad"/> reports, as "Digit5 Pressed @1030".</summary>
public sealed class KeyLog
{
    public List<string> Events { get; } = new();

    public KeyLog(IKeypad keypad) => keypad.KeyEvent += (key, action, at) => Events.Add(key + " " + action + " @" + at);
}
