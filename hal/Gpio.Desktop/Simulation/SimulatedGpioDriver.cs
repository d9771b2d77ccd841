using System;
using System.Collections.Generic;
using System.Device.Gpio;
using System.Threading;
using NanoPhone.Boards;
using NanoPhone.Boards.Rules;

namespace NanoPhone.Hal.Gpio.Simulation
{
    /// <summary>
    /// A GPIO driver for <c>new GpioController(driver)</c> that simulates pins and the switches wired to
    /// them, so the real dotnet/iot bindings run unchanged in tests and in the desktop simulator.
    /// A pin's level: an output reads its latch; an input reads an output it is switched to (high wins,
    /// as in a diode matrix), else GND if a switch to ground is closed, else its pull (internal from the
    /// pin mode, or an external resistor), else low. Edge callbacks fire synchronously on the thread that
    /// caused the change, outside the driver's lock. <see cref="For"/> applies a board's chip rules, so a
    /// pin mode the chip lacks (output or pull on ESP32 GPIO34-39) is refused as on the real chip.
    /// </summary>
    public sealed class SimulatedGpioDriver : GpioDriver
    {
        private readonly object _lock = new object();
        private readonly int _pinCount;
        private readonly Dictionary<int, PinMode> _open = new Dictionary<int, PinMode>();
        private readonly HashSet<int> _latchHigh = new HashSet<int>();
        private readonly HashSet<int> _groundSwitches = new HashSet<int>();
        private readonly HashSet<(int, int)> _pinSwitches = new HashSet<(int, int)>();
        private readonly Dictionary<int, bool> _externalPulls = new Dictionary<int, bool>();
        private readonly HashSet<int> _noOutput = new HashSet<int>();
        private readonly HashSet<int> _noPulls = new HashSet<int>();
        private readonly Dictionary<int, List<(PinEventTypes Types, PinChangeEventHandler Callback)>> _callbacks = new();
        private readonly Dictionary<int, bool> _lastLevels = new Dictionary<int, bool>();
        private int _readsSinceStimulus;

        public SimulatedGpioDriver(int pinCount = ChipPinRules.SimulatorPinCount)
        {
            _pinCount = pinCount;
        }

        /// <summary>
        /// Reads allowed between two stimuli (switch changes) before Read throws; 0 means no limit. A test
        /// sets it so that a scan waiting for a change that never comes fails instead of hanging.
        /// </summary>
        public int ReadLimitWithoutStimulus { get; set; }

        /// <summary>A driver with the chip rules of <paramref name="board"/> and its external pull-ups fitted.</summary>
        public static SimulatedGpioDriver For(BoardPins board)
        {
            SimulatedGpioDriver driver = new SimulatedGpioDriver();
            for (int pin = 0; pin < driver._pinCount; pin++)
            {
                if (!ChipPinRules.CanOutput(board.Chip, pin))
                {
                    driver._noOutput.Add(pin);
                }

                if (!ChipPinRules.HasInternalPull(board.Chip, pin))
                {
                    driver._noPulls.Add(pin);
                }
            }

            if (board.HookExternalPullUp)
            {
                driver.SetExternalPull(board.HookPin, true);
            }

            if (board.DirectKeysExternalPullUp)
            {
                foreach (int pin in board.DirectKeyPins)
                {
                    driver.SetExternalPull(pin, true);
                }
            }

            return driver;
        }

        /// <summary>A resistor fitted on the board from the pin to 3V3 (<paramref name="up"/>) or GND.</summary>
        public void SetExternalPull(int pin, bool up) => Stimulate(() => _externalPulls[pin] = up);

        /// <summary>Closes or opens a switch between the pin and GND (hook switch, direct key).</summary>
        public void SetSwitchToGround(int pin, bool closed) =>
            Stimulate(() => { if (closed) _groundSwitches.Add(pin); else _groundSwitches.Remove(pin); });

        /// <summary>Closes or opens a switch between two pins (a key of a matrix: row pin and column pin).</summary>
        public void SetSwitchBetween(int pinA, int pinB, bool closed) =>
            Stimulate(() => { if (closed) _pinSwitches.Add(Ordered(pinA, pinB)); else _pinSwitches.Remove(Ordered(pinA, pinB)); });

        /// <summary>The level the pin shows now (an output's latch, an input's resolved level).</summary>
        public bool IsHigh(int pin)
        {
            lock (_lock)
            {
                return Resolve(pin);
            }
        }

        public bool IsOpen(int pin)
        {
            lock (_lock)
            {
                return _open.ContainsKey(pin);
            }
        }

        public PinMode ModeOf(int pin)
        {
            lock (_lock)
            {
                return _open.TryGetValue(pin, out PinMode mode) ? mode : throw new InvalidOperationException("pin " + pin + " is not open");
            }
        }

        protected override int PinCount => _pinCount;

        protected override void OpenPin(int pinNumber) => Stimulate(() => _open[CheckPin(pinNumber)] = PinMode.Input, false);

        protected override void ClosePin(int pinNumber) => Stimulate(() => { _open.Remove(pinNumber); _latchHigh.Remove(pinNumber); }, false);

        protected override void SetPinMode(int pinNumber, PinMode mode)
        {
            if (!IsPinModeSupported(pinNumber, mode))
            {
                throw new InvalidOperationException("pin " + pinNumber + " does not support " + mode);
            }

            Stimulate(() => _open[pinNumber] = mode, false);
        }

        protected override PinMode GetPinMode(int pinNumber) => ModeOf(pinNumber);

        protected override bool IsPinModeSupported(int pinNumber, PinMode mode)
        {
            lock (_lock)
            {
                switch (mode)
                {
                    case PinMode.Output:
                        return !_noOutput.Contains(pinNumber);
                    case PinMode.InputPullUp:
                    case PinMode.InputPullDown:
                        return !_noPulls.Contains(pinNumber);
                    default:
                        return true;
                }
            }
        }

        protected override PinValue Read(int pinNumber)
        {
            lock (_lock)
            {
                if (ReadLimitWithoutStimulus > 0 && ++_readsSinceStimulus > ReadLimitWithoutStimulus)
                {
                    throw new InvalidOperationException("read limit reached: nothing changed in " + ReadLimitWithoutStimulus + " reads");
                }

                return Resolve(pinNumber) ? PinValue.High : PinValue.Low;
            }
        }

        protected override void Write(int pinNumber, PinValue value) =>
            Stimulate(() => { if (value == PinValue.High) _latchHigh.Add(pinNumber); else _latchHigh.Remove(pinNumber); }, false);

        protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken) =>
            throw new NotSupportedException("the simulated driver reports edges through callbacks only");

        protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback)
        {
            lock (_lock)
            {
                if (!_callbacks.TryGetValue(pinNumber, out var list))
                {
                    _callbacks[pinNumber] = list = new();
                    _lastLevels[pinNumber] = Resolve(pinNumber);
                }

                list.Add((eventTypes, callback));
            }
        }

        protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback)
        {
            lock (_lock)
            {
                if (_callbacks.TryGetValue(pinNumber, out var list))
                {
                    list.RemoveAll(c => c.Callback == callback);
                }
            }
        }

        private int CheckPin(int pin) =>
            pin >= 0 && pin < _pinCount ? pin : throw new ArgumentOutOfRangeException(nameof(pin), "no pin " + pin);

        private static (int, int) Ordered(int a, int b) => a < b ? (a, b) : (b, a);

        /// <summary>Applies a change, then fires the edge callbacks it caused, outside the lock.</summary>
        private void Stimulate(Action change, bool fromOutside = true)
        {
            var fired = new List<(PinChangeEventHandler Callback, PinValueChangedEventArgs Args)>();
            lock (_lock)
            {
                change();
                if (fromOutside)
                {
                    _readsSinceStimulus = 0;
                }

                foreach (var entry in _callbacks)
                {
                    bool now = Resolve(entry.Key);
                    if (now == _lastLevels[entry.Key])
                    {
                        continue;
                    }

                    _lastLevels[entry.Key] = now;
                    PinEventTypes edge = now ? PinEventTypes.Rising : PinEventTypes.Falling;
                    foreach (var (types, callback) in entry.Value)
                    {
                        if ((types & edge) != 0)
                        {
                            fired.Add((callback, new PinValueChangedEventArgs(edge, entry.Key)));
                        }
                    }
                }
            }

            foreach (var (callback, args) in fired)
            {
                callback(this, args);
            }
        }

        private bool Resolve(int pin)
        {
            _open.TryGetValue(pin, out PinMode mode);
            bool open = _open.ContainsKey(pin);
            if (open && mode == PinMode.Output)
            {
                return _latchHigh.Contains(pin);
            }

            bool switchedToLowOutput = false;
            foreach (var (a, b) in _pinSwitches)
            {
                int other = a == pin ? b : b == pin ? a : -1;
                if (other >= 0 && _open.TryGetValue(other, out PinMode otherMode) && otherMode == PinMode.Output)
                {
                    if (_latchHigh.Contains(other))
                    {
                        return true;
                    }

                    switchedToLowOutput = true;
                }
            }

            if (switchedToLowOutput || _groundSwitches.Contains(pin))
            {
                return false;
            }

            if (open && mode == PinMode.InputPullUp)
            {
                return true;
            }

            if (open && mode == PinMode.InputPullDown)
            {
                return false;
            }

            return _externalPulls.TryGetValue(pin, out bool up) && up;
        }
    }
}
