using System;
using System.Device.Pwm;

namespace NanoPhone.Hal.Gpio.Simulation
{
    /// <summary>
    /// A PWM channel that only remembers what it was told: for the Buzzer binding in tests and in the
    /// desktop simulator. <see cref="StateChanged"/> fires on Start, Stop and frequency changes.
    /// </summary>
    public sealed class SimulatedPwmChannel : PwmChannel
    {
        private int _frequency;

        public SimulatedPwmChannel(int frequency, double dutyCycle)
        {
            _frequency = frequency;
            DutyCycle = dutyCycle;
        }

        public event Action<SimulatedPwmChannel> StateChanged;

        public override int Frequency
        {
            get => _frequency;
            set
            {
                if (_frequency != value)
                {
                    _frequency = value;
                    StateChanged?.Invoke(this);
                }
            }
        }

        public override double DutyCycle { get; set; }

        public bool IsRunning { get; private set; }

        public int StartCount { get; private set; }

        public override void Start()
        {
            StartCount++;
            IsRunning = true;
            StateChanged?.Invoke(this);
        }

        public override void Stop()
        {
            IsRunning = false;
            StateChanged?.Invoke(this);
        }
    }
}
