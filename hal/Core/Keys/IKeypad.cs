namespace NanoPhone.Hal
{
    /// <summary>
    /// The phone's keys: digits, * and #, answer, hang-up, DND, forward and redial. Events are raised from
    /// <see cref="Poll"/>, on the caller's thread, never from a driver thread.
    /// </summary>
    public interface IKeypad
    {
        event PhoneKeyHandler KeyEvent;

        /// <summary>The debounced state of a key.</summary>
        bool IsDown(PhoneKey key);

        /// <summary>Takes pending raw input, debounces it, raises events; call from the main loop.</summary>
        void Poll();
    }
}
