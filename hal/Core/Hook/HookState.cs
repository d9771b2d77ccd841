namespace NanoPhone.Hal
{
    public enum HookState
    {
        /// <summary>Handset in its cradle.</summary>
        OnHook = 0,

        /// <summary>Handset lifted.</summary>
        OffHook = 1,
    }
}
