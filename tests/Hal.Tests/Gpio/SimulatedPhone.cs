using System.Collections.Generic;
using System.Device.Gpio;
using System;
using NanoPhone.App.Phone;
using NanoPhone.Boards;
using NanoPhone.Boards.Catalog;
using NanoPhone.Hal.Gpio;
using NanoPhone.Hal.Gpio.Simulation;
using NanoPhone.Hal.Tests.Logic;
using NanoPhone.Sip.Timing;

namespace NanoPhone.Hal.Tests.Gpio;

/// <summary>
/// A board's HAL running on the real dotnet/iot bindings over a <see cref="SimulatedGpioDriver"/>
/// (through <c>new GpioController(driver)</c>), a <see cref="SimulatedPwmChannel"/> and a manual clock.
/// The matrix is scanned on the test's thread (KeyMatrix.ReadKey with a zero scan interval), never by a
/// background thread; time moves only in <see cref="Run"/>.
/// </summary>
public sealed class SimulatedPhone : IDisposable
{
    public SimulatedPhone(string boardId, bool hookContactClosed)
    {
        Board = BoardCatalog.ById(boardId);
        Driver = SimulatedGpioDriver.For(Board);
        Driver.SetSwitchToGround(Board.HookPin, hookContactClosed);
        Driver.ReadLimitWithoutStimulus = 10_000;
        Controller = new GpioController(Driver);
        Pwm = new SimulatedPwmChannel(400, 0.5);
        Pwm.StateChanged += OnPwmChanged;
        Hardware = GpioPhoneHardware.Open(Board, Controller, new HalClock(Clock), new HalSettings { MatrixScanIntervalMs = 0 }, Pwm);
        Keys = new KeyLog(Hardware.Keypad);
        Hardware.Hook.Changed += (state, at) => HookEvents.Add(state + " @" + at);
    }

    public ManualClock Clock { get; } = new(10_000);
    public BoardPins Board { get; }
    public SimulatedGpioDriver Driver { get; }
    public GpioController Controller { get; }
    public SimulatedPwmChannel Pwm { get; }
    public GpioPhoneHardware Hardware { get; }
    public KeyLog Keys { get; }
    public List<string> HookEvents { get; } = new();
    public List<string> BuzzerEvents { get; } = new();

    private bool _buzzerOn;

    /// <summary>Closes or opens the matrix key labelled <paramref name="label"/> and lets KeyMatrix scan until it sees it.</summary>
    public void SetMatrixKey(char label, bool pressed)
    {
        for (int r = 0; r < Board.KeypadRowPins.Length; r++)
        {
            for (int c = 0; c < Board.KeypadColumnPins.Length; c++)
            {
                if (Board.KeyLabelAt(r, c) == label)
                {
                    Driver.SetSwitchBetween(Board.KeypadRowPins[r], Board.KeypadColumnPins[c], pressed);
                    Hardware.Matrix.ScanUntilChange();
                    return;
                }
            }
        }

        throw new ArgumentException("no matrix key '" + label + "' on " + Board.Id);
    }

    public void SetHookContact(bool closed) => Driver.SetSwitchToGround(Board.HookPin, closed);

    /// <summary>Advances the clock by <paramref name="ms"/> in steps, polling the HAL after each step.</summary>
    public void Run(long ms, int stepMs = 5)
    {
        long end = Clock.NowMs + ms;
        while (Clock.NowMs < end)
        {
            Clock.Advance(stepMs);
            Hardware.Poll();
        }
    }

    public void Dispose() => Hardware.Dispose();

    private void OnPwmChanged(SimulatedPwmChannel pwm)
    {
        if (pwm.IsRunning != _buzzerOn)
        {
            _buzzerOn = pwm.IsRunning;
            BuzzerEvents.Add((_buzzerOn ? "on " + pwm.Frequency + "Hz" : "off") + " @" + Clock.NowMs);
        }
    }
}
