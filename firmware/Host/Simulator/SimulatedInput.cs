using System;
using System.Collections.Generic;
using NanoPhone.Hal;

namespace NanoPhone.Host.Simulator;

/// <summary>
/// The person at the phone, from the terminal: <c>offhook</c>, <c>onhook</c> and <c>key K</c> become
/// raw contact changes fed to the HAL's keypad and hook switch, one action after the other, the way
/// a hand makes them: a key goes down, stays down until the keypad has debounced the press (and at
/// least <see cref="KeyHoldMs"/>), then comes up, and the next action waits until the release was
/// seen; a hook change waits until the hook switch reports it. So "key 1", "key 2" in a row give
/// two presses, in order, however slow a loop turn is. <see cref="Then"/> queues other work in the
/// same order (the hang-up of a hands-free call). Loop thread only.
/// </summary>
public sealed class SimulatedInput
{
    /// <summary>Shortest time a key is held (the keypad debounces 30 ms).</summary>
    public const int KeyHoldMs = 50;
    /// <summary>An action whose effect is not seen by then is given up (it cannot happen, e.g. offhook twice).</summary>
    public const int GiveUpMs = 1000;

    private readonly PhoneHardware _hw;
    private readonly Queue<(PhoneKey Key, bool Level, Action? Run)> _pending = new();
    private PhoneKey _key = PhoneKey.None;
    private bool _busy;
    private bool _hookLevel;
    private bool _handsetUp;
    private bool _released;
    private long _sinceMs;

    public SimulatedInput(PhoneHardware hardware)
    {
        _hw = hardware;
        _handsetUp = hardware.Hook.State == HookState.OffHook;
    }

    /// <summary>Where the handset will be once the queued actions are done: up (true) or down.</summary>
    public bool HandsetUp => _handsetUp;

    /// <summary>Lifts (true) or replaces the handset.</summary>
    public void Hook(bool offHook)
    {
        _pending.Enqueue((PhoneKey.None, offHook, null));
        _handsetUp = offHook;
    }

    /// <summary>Presses and releases one key.</summary>
    public void Press(PhoneKey key) => _pending.Enqueue((key, true, null));

    /// <summary>Runs <paramref name="run"/> once the actions queued before it are done.</summary>
    public void Then(Action run) => _pending.Enqueue((PhoneKey.None, false, run));

    /// <summary>Moves the current action on and starts the next; call every loop turn before the HAL's Poll.</summary>
    public void Tick(long nowMs)
    {
        if (_busy && !Advance(nowMs)) return;
        if (_pending.Count == 0) return;
        var (key, level, run) = _pending.Dequeue();
        if (run != null)
        {
            run();
            return;
        }
        _busy = true;
        _key = key;
        _released = false;
        _sinceMs = nowMs;
        if (key == PhoneKey.None)
        {
            _hookLevel = level;
            _hw.HookLogic.Feed(level, nowMs);
        }
        else
        {
            _hw.KeypadLogic.Feed(key, true, nowMs);
        }
    }

    /// <summary>True when every action was fed and its effect seen.</summary>
    public bool IsIdle => !_busy && _pending.Count == 0;

    /// <summary>True when the current action is over.</summary>
    private bool Advance(long nowMs)
    {
        bool late = nowMs - _sinceMs >= GiveUpMs;
        if (_key == PhoneKey.None)
        {
            bool seen = (_hw.Hook.State == HookState.OffHook) == _hookLevel;
            if (seen || late) _busy = false;
            return !_busy;
        }
        if (!_released)
        {
            if ((_hw.Keypad.IsDown(_key) && nowMs - _sinceMs >= KeyHoldMs) || late)
            {
                _hw.KeypadLogic.Feed(_key, false, nowMs);
                _released = true;
                _sinceMs = nowMs;
            }
            return false;
        }
        if (!_hw.Keypad.IsDown(_key) || late) _busy = false;
        return !_busy;
    }
}
