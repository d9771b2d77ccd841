namespace NanoPhone.Hal
{
    /// <summary>Receives debounced key events; <paramref name="atMs"/> is the HAL clock when it was seen.</summary>
    public delegate void PhoneKeyHandler(PhoneKey key, KeyAction action, long atMs);
}
