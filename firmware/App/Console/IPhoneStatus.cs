namespace NanoPhone.App.Console;

/// <summary>What the console's <c>status</c> command reports; the phone app implements it.</summary>
public interface IPhoneStatus
{
    /// <summary>e.g. "registered as sip:alice@example.com, 3412 s left" or "not registered: 403 Forbidden".</summary>
    string Registration { get; }

    /// <summary>e.g. "idle", "ringing from sip:bob@example.com", "in call with ... for 63 s".</summary>
    string CallState { get; }

    /// <summary>Free managed memory in bytes, or -1 when unknown.</summary>
    long FreeMemoryBytes { get; }
}
