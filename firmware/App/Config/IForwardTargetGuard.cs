using NanoPhone.Sip.Message;

namespace NanoPhone.App.Config;

/// <summary>
/// A further check of forward targets the user agent installs in <see cref="PhoneConfig.ForwardGuard"/>:
/// it refuses a target that is our own registered Contact, which the configuration alone cannot know.
/// </summary>
public interface IForwardTargetGuard
{
    /// <summary>Null to accept <paramref name="target"/> for <paramref name="key"/>, else why not (never repeating the value).</summary>
    string CheckForwardTarget(string key, SipUri target);
}
