namespace NanoPhone.Hal
{
    /// <summary>Where the call's audio goes: nowhere, the handset (earpiece and its microphone), or the
    /// loudspeaker and the hands-free microphone.</summary>
    public enum AudioRoute
    {
        Off,
        Handset,
        Speaker,
    }
}
