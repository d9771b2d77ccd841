using System;
using System.Device.Gpio;
using System.Device.Pwm;
using NanoPhone.Boards;
using NanoPhone.Boards.Rules;

namespace NanoPhone.Hal.Gpio
{
    /// <summary>
    /// The HAL on real (or simulated) GPIO: a <see cref="BoardPins"/> says which pins, the dotnet/iot
    /// bindings drive them (<see cref="KeyMatrixInput"/>, <see cref="GpioButtonContact"/>,
    /// <see cref="BuzzerToneOutput"/>, <see cref="GpioLampOutput"/>, <see cref="GpioRelayOutput"/>), and the portable
    /// <see cref="PhoneHardware"/> logic turns raw input into phone events against the HAL clock.
    /// </summary>
    public sealed class GpioPhoneHardware : IPhoneHardware, IDisposable
    {
        private readonly BoardPins _board;
        private readonly PhoneHardware _logic;
        private readonly KeyMatrixInput _matrix;
        private readonly GpioButtonContact _hook;
        private readonly GpioButtonContact[] _directKeys;
        private readonly BuzzerToneOutput _tone;
        private readonly GpioLampOutput _lamps;
        private readonly GpioRelayOutput _relay;

        private GpioPhoneHardware(BoardPins board, GpioController controller, IHalClock clock, HalSettings settings, PwmChannel buzzer)
        {
            _board = board;
            _tone = new BuzzerToneOutput(buzzer);
            _lamps = new GpioLampOutput(board, controller);
            _relay = board.RelayPin != BoardPins.NotFitted ? new GpioRelayOutput(board, controller) : null;
            _logic = new PhoneHardware(clock, settings, _tone, _lamps, _relay);
            if (board.KeypadRowPins.Length > 0)
            {
                _matrix = new KeyMatrixInput(board, controller, clock, _logic.KeypadLogic, settings.MatrixScanIntervalMs);
            }

            _directKeys = new GpioButtonContact[board.DirectKeyPins.Length];
            for (int i = 0; i < _directKeys.Length; i++)
            {
                DirectKeyFeed feed = new DirectKeyFeed(_logic.KeypadLogic, BoardKeyMap.FromLabel(board.DirectKeyLabels[i]));
                _directKeys[i] = new GpioButtonContact(board.DirectKeyPins[i], board.DirectKeysExternalPullUp, controller, clock, feed.OnContact);
            }

            _hook = new GpioButtonContact(board.HookPin, board.HookExternalPullUp, controller, clock, OnHookContact);
            _logic.HookLogic.Reset(_hook.IsClosed == board.HookClosedWhenOffHook ? HookState.OffHook : HookState.OnHook);
        }

        /// <summary>
        /// Opens every pin of <paramref name="board"/> on <paramref name="controller"/>; the buzzer plays on
        /// <paramref name="buzzerChannel"/> (see PwmChannelAdapter.ForPin for the board's own PWM).
        /// Throws <see cref="ArgumentException"/> when <see cref="BoardCheck"/> finds errors in the board.
        /// </summary>
        public static GpioPhoneHardware Open(BoardPins board, GpioController controller, IHalClock clock, HalSettings settings, PwmChannel buzzerChannel)
        {
            BoardReport report = BoardCheck.Run(board);
            if (!report.IsUsable)
            {
                throw new ArgumentException(report.ToString(), "board");
            }

            return new GpioPhoneHardware(board, controller, clock, settings, buzzerChannel);
        }

        /// <summary>As <see cref="Open(BoardPins, GpioController, IHalClock, HalSettings, PwmChannel)"/>, with the
        /// platform's PWM on the board's buzzer pin.</summary>
        public static GpioPhoneHardware Open(BoardPins board, GpioController controller, IHalClock clock, HalSettings settings)
        {
            return Open(board, controller, clock, settings, PwmChannelAdapter.ForPin(board.BuzzerPin, settings.RingToneHz, controller));
        }

        public BoardPins Board
        {
            get { return _board; }
        }

        /// <summary>The keypad matrix, or null on a board without one.</summary>
        public KeyMatrixInput Matrix
        {
            get { return _matrix; }
        }

        public IKeypad Keypad
        {
            get { return _logic.Keypad; }
        }

        public IHookSwitch Hook
        {
            get { return _logic.Hook; }
        }

        public IRinger Ringer
        {
            get { return _logic.Ringer; }
        }

        public IIndicators Indicators
        {
            get { return _logic.Indicators; }
        }

        public IDoorRelay Relay
        {
            get { return _logic.Relay; }
        }

        /// <summary>Starts the matrix scan thread; the firmware calls this once after Open.</summary>
        public void StartScanning()
        {
            if (_matrix != null)
            {
                _matrix.StartScanning();
            }
        }

        public void Poll()
        {
            _hook.Poll();
            for (int i = 0; i < _directKeys.Length; i++)
            {
                _directKeys[i].Poll();
            }

            _logic.Poll();
        }

        public void Dispose()
        {
            _logic.Ringer.Stop();
            if (_matrix != null)
            {
                _matrix.Dispose();
            }

            for (int i = 0; i < _directKeys.Length; i++)
            {
                _directKeys[i].Dispose();
            }

            _hook.Dispose();
            _lamps.Dispose();
            if (_relay != null)
            {
                _relay.Dispose();
            }

            _tone.Dispose();
        }

        private void OnHookContact(bool closed, long atMs)
        {
            _logic.HookLogic.Feed(closed == _board.HookClosedWhenOffHook, atMs);
        }

        /// <summary>Feeds one direct key's contact into the keypad logic.</summary>
        private sealed class DirectKeyFeed
        {
            private readonly Keypad _keypad;
            private readonly PhoneKey _key;

            public DirectKeyFeed(Keypad keypad, PhoneKey key)
            {
                _keypad = keypad;
                _key = key;
            }

            public void OnContact(bool closed, long atMs)
            {
                _keypad.Feed(_key, closed, atMs);
            }
        }
    }
}
