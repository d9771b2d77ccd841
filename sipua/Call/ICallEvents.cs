namespace NanoPhone.Sip.Call;

/// <summary>What the calls tell the application (through the agent's events), on the loop thread.</summary>
public interface ICallEvents
{
    /// <summary>
    /// Something happened to a call. The event is a value: the app may act on the agent while it
    /// handles it (answer another call, hang up) without changing what it reads.
    /// </summary>
    void OnCall(CallEvent e);
}
