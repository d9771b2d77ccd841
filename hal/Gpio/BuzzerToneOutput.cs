using System;
using System.Device.Pwm;
using Iot.Device.Buzzer;

namespace NanoPhone.Hal.Gpio
{
    /// <summary>The ringer's tone on a passive buzzer, through the dotnet/iot <see cref="Buzzer"/> binding
    /// (a PWM channel at 50 % duty). Only StartPlaying/StopPlaying are used: PlayTone would sleep.</summary>
    public sealed class BuzzerToneOutput : IToneOutput, IDisposable
    {
        private readonly Buzzer _buzzer;

        public BuzzerToneOutput(PwmChannel channel)
        {
            _buzzer = new Buzzer(channel);
        }

        public void ToneOn(int frequencyHz)
        {
            _buzzer.StartPlaying(frequencyHz);
        }

        public void ToneOff()
        {
            _buzzer.StopPlaying();
        }

        public void Dispose()
        {
            _buzzer.Dispose();
        }
    }
}
