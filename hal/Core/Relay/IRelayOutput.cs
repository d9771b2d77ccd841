namespace NanoPhone.Hal
{
    /// <summary>The relay's coil as the wiring sees it: energised or not (a GPIO pin, the simulator's panel, a test).</summary>
    public interface IRelayOutput
    {
        void SetRelay(bool energised);
    }
}
