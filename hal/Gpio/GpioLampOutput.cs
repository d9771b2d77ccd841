using System;
using System.Device.Gpio;
using NanoPhone.Boards;

namespace NanoPhone.Hal.Gpio
{
    /// <summary>The indicator LEDs of a board, one output pin each (pins a board leaves out are skipped).</summary>
    public sealed class GpioLampOutput : ILampOutput, IDisposable
    {
        private readonly GpioController _controller;
        private readonly int[] _pins = new int[Indicators.Count];
        private readonly bool _activeHigh;

        public GpioLampOutput(BoardPins board, GpioController controller)
        {
            _controller = controller;
            _activeHigh = board.LedsActiveHigh;
            _pins[(int)Indicator.Registered] = board.LedRegisteredPin;
            _pins[(int)Indicator.MessageWaiting] = board.LedMessageWaitingPin;
            _pins[(int)Indicator.Dnd] = board.LedDndPin;
            _pins[(int)Indicator.InCall] = board.LedInCallPin;
            for (int i = 0; i < _pins.Length; i++)
            {
                if (_pins[i] != BoardPins.NotFitted)
                {
                    _controller.OpenPin(_pins[i], PinMode.Output);
                    _controller.Write(_pins[i], Level(false));
                }
            }
        }

        public void SetLamp(Indicator which, bool lit)
        {
            int pin = _pins[(int)which];
            if (pin != BoardPins.NotFitted)
            {
                _controller.Write(pin, Level(lit));
            }
        }

        public void Dispose()
        {
            for (int i = 0; i < _pins.Length; i++)
            {
                if (_pins[i] != BoardPins.NotFitted && _controller.IsPinOpen(_pins[i]))
                {
                    _controller.Write(_pins[i], Level(false));
                    _controller.ClosePin(_pins[i]);
                }
            }
        }

        private PinValue Level(bool lit)
        {
            return lit == _activeHigh ? PinValue.High : PinValue.Low;
        }
    }
}
