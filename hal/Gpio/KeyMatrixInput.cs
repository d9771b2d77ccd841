using System;
using System.Device.Gpio;
using Iot.Device.KeyMatrix;
using NanoPhone.Boards;

namespace NanoPhone.Hal.Gpio
{
    /// <summary>
    /// The keypad matrix of a board, scanned by the dotnet/iot <see cref="KeyMatrix"/> binding (rows
    /// driven high one at a time, columns read with pull-down). Each raw change it reports goes into the
    /// <see cref="Keypad"/> logic, stamped with the HAL clock; debouncing happens there, not here.
    /// </summary>
    public sealed class KeyMatrixInput : IDisposable
    {
        private readonly KeyMatrix _matrix;
        private readonly PhoneKey[] _keys;
        private readonly int _columns;
        private readonly Keypad _keypad;
        private readonly IHalClock _clock;

        public KeyMatrixInput(BoardPins board, GpioController controller, IHalClock clock, Keypad keypad, int scanIntervalMs)
        {
            _keys = BoardKeyMap.MatrixKeys(board);
            _columns = board.KeypadColumnPins.Length;
            _keypad = keypad;
            _clock = clock;
            TimeSpan interval = new TimeSpan(scanIntervalMs * TimeSpan.TicksPerMillisecond);
            _matrix = KeyMatrixAdapter.Open(board.KeypadRowPins, board.KeypadColumnPins, interval, controller);
            _matrix.KeyEvent += OnKeyEvent;
        }

        /// <summary>Scans continuously on the binding's own thread (firmware, simulator).</summary>
        public void StartScanning()
        {
            _matrix.StartListeningKeyEvent();
        }

        public void StopScanning()
        {
            _matrix.StopListeningKeyEvent();
        }

        /// <summary>Scans on the caller's thread until some key changes, then returns; blocks while none does.</summary>
        public void ScanUntilChange()
        {
            _matrix.ReadKey();
        }

        /// <summary>The key wired at a matrix position, <see cref="PhoneKey.None"/> where there is none.</summary>
        public PhoneKey KeyAt(int row, int column)
        {
            int index = row * _columns + column;
            return index >= 0 && index < _keys.Length && column < _columns ? _keys[index] : PhoneKey.None;
        }

        public void Dispose()
        {
            _matrix.StopListeningKeyEvent();
            _matrix.KeyEvent -= OnKeyEvent;
            _matrix.Dispose();
        }

        private void OnKeyEvent(object sender, KeyMatrixEvent keyEvent)
        {
            PhoneKey key = KeyAt(keyEvent.Output, keyEvent.Input);
            if (key != PhoneKey.None)
            {
                _keypad.Feed(key, keyEvent.EventType == PinEventTypes.Rising, _clock.NowMs);
            }
        }
    }
}
