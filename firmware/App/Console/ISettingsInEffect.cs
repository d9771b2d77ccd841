namespace NanoPhone.App.Console;

/// <summary>
/// The host's word on a setting that it applies itself, such as the UDP port it bound: what is in
/// effect when that differs from the configured value. <c>show</c> and <c>help KEY</c> print it in
/// place of the configured value, so they never claim a port the phone is not listening on.
/// </summary>
public interface ISettingsInEffect
{
    /// <summary>
    /// Null when <paramref name="key"/>'s configured value is what is in effect; else the value in
    /// effect and why, e.g. "40123 (any free port: --set sip.local.port=0)".
    /// </summary>
    string InEffect(string key);
}
