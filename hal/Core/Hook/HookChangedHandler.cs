namespace NanoPhone.Hal
{
    /// <summary>Receives debounced hook changes; <paramref name="atMs"/> is the HAL clock when it was seen.</summary>
    public delegate void HookChangedHandler(HookState state, long atMs);
}
