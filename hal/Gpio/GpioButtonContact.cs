using System;
using System.Device.Gpio;
using Iot.Device.Button;

namespace NanoPhone.Hal.Gpio
{
    /// <summary>
    /// A switch to GND (hook switch, direct key) watched by the dotnet/iot <see cref="GpioButton"/>
    /// binding, which opens the pin with the right pull and calls back on every edge. The binding's own
    /// debounce is off: each edge only prompts a read of the pin, and a real level change goes to the
    /// handler stamped with the HAL clock, for the HAL logic to debounce. <see cref="Poll"/> reads the
    /// pin too, so an edge a driver coalesced or dropped is caught on the next main-loop turn.
    /// </summary>
    public sealed class GpioButtonContact : IDisposable
    {
        private readonly object _lock = new object();
        private readonly GpioController _controller;
        private readonly int _pin;
        private readonly IHalClock _clock;
        private readonly ContactChangedHandler _changed;
        private readonly GpioButton _button;
        private bool _closed;

        public GpioButtonContact(int pin, bool externalPullUp, GpioController controller, IHalClock clock, ContactChangedHandler changed)
        {
            _controller = controller;
            _pin = pin;
            _clock = clock;
            _changed = changed;
            _button = GpioButtonAdapter.OpenSwitchToGround(pin, externalPullUp, controller);
            _closed = ReadClosed();
            _button.ButtonDown += OnEdge;
            _button.ButtonUp += OnEdge;
        }

        public int Pin
        {
            get { return _pin; }
        }

        /// <summary>The raw (undebounced) state last reported.</summary>
        public bool IsClosed
        {
            get
            {
                lock (_lock)
                {
                    return _closed;
                }
            }
        }

        /// <summary>Reads the pin and reports a change the edge callbacks missed.</summary>
        public void Poll()
        {
            Check();
        }

        public void Dispose()
        {
            _button.ButtonDown -= OnEdge;
            _button.ButtonUp -= OnEdge;
            _button.Dispose();
        }

        private void OnEdge(object sender, EventArgs e)
        {
            Check();
        }

        private void Check()
        {
            bool closed = ReadClosed();
            lock (_lock)
            {
                if (closed == _closed)
                {
                    return;
                }

                _closed = closed;
            }

            _changed(closed, _clock.NowMs);
        }

        private bool ReadClosed()
        {
            return _controller.Read(_pin) == PinValue.Low;
        }
    }
}
