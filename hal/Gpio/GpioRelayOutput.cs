using System;
using System.Device.Gpio;
using NanoPhone.Boards;

namespace NanoPhone.Hal.Gpio
{
    /// <summary>The door relay on its board pin (<see cref="BoardPins.RelayPin"/>), released at open and on dispose.</summary>
    public sealed class GpioRelayOutput : IRelayOutput, IDisposable
    {
        private readonly GpioController _controller;
        private readonly int _pin;
        private readonly bool _activeHigh;

        public GpioRelayOutput(BoardPins board, GpioController controller)
        {
            _controller = controller;
            _pin = board.RelayPin;
            _activeHigh = board.RelayActiveHigh;
            _controller.OpenPin(_pin, PinMode.Output);
            _controller.Write(_pin, Level(false));
        }

        public void SetRelay(bool energised)
        {
            _controller.Write(_pin, Level(energised));
        }

        public void Dispose()
        {
            if (_controller.IsPinOpen(_pin))
            {
                _controller.Write(_pin, Level(false));
                _controller.ClosePin(_pin);
            }
        }

        private PinValue Level(bool energised)
        {
            return energised == _activeHigh ? PinValue.High : PinValue.Low;
        }
    }
}
