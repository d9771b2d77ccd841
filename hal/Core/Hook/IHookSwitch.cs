namespace NanoPhone.Hal
{
    /// <summary>The hook switch, debounced. Events are raised from <see cref="Poll"/> on the caller's thread.</summary>
    public interface IHookSwitch
    {
        HookState State { get; }

        event HookChangedHandler Changed;

        /// <summary>Takes pending raw input, debounces it, raises <see cref="Changed"/>; call from the main loop.</summary>
        void Poll();
    }
}
