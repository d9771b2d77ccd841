using NanoPhone.Sip.Text;

namespace NanoPhone.Sip.Auth;

/// <summary>An account's user name and password, kept as UTF-8 bytes (converted once, hashed often).</summary>
public sealed class DigestCredentials
{
    private readonly byte[] _username;
    private readonly byte[] _password;

    public DigestCredentials(string username, string password)
    {
        _username = Ascii.Utf8Bytes(username == null ? string.Empty : username);
        _password = Ascii.Utf8Bytes(password == null ? string.Empty : password);
    }

    /// <summary>The user name as text (allocates; for logs).</summary>
    public string Username { get { return Ascii.ToString(_username, 0, _username.Length); } }

    internal byte[] UsernameBytes { get { return _username; } }

    internal byte[] PasswordBytes { get { return _password; } }
}
