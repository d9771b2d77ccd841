namespace NanoPhone.App.Config;

/// <summary>
/// Told when a setting's effective value changes (set, unset or load); the app registers again when
/// <see cref="ConfigKeys.AffectsRegistration"/> says so.
/// </summary>
public interface IConfigListener
{
    void ConfigChanged(string key);
}
