using System.Security.Cryptography;
using NanoPhone.App.Web;

namespace NanoPhone.Host.Web;

/// <summary>Session cookies and CSRF tokens from the operating system's cryptographic generator.</summary>
public sealed class DesktopSecretRandom : ISecretRandom
{
    public void Fill(byte[] buffer, int offset, int count) => RandomNumberGenerator.Fill(new System.Span<byte>(buffer, offset, count));
}
