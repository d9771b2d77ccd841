using NanoPhone.Sip.Text;

namespace NanoPhone.Sip.Auth;

/// <summary>The digest algorithms of RFC 7616 §3.3 (named for SIP by RFC 8760).</summary>
public enum DigestAlgorithm : byte
{
    /// <summary>A name this user agent does not implement.</summary>
    Unknown = 0,
    Md5,
    Md5Sess,
    Sha256,
    Sha256Sess,
    Sha512t256,
    Sha512t256Sess,
}

/// <summary>Names, parsing and hash objects for <see cref="DigestAlgorithm"/>.</summary>
public static class DigestAlgorithms
{
    /// <summary>Parses an algorithm name (case-insensitive, no quotes); Unknown for anything else.</summary>
    public static DigestAlgorithm Parse(byte[] b, int off, int len)
    {
        if (Ascii.EqualsIgnoreCase(b, off, len, "MD5")) return DigestAlgorithm.Md5;
        if (Ascii.EqualsIgnoreCase(b, off, len, "MD5-sess")) return DigestAlgorithm.Md5Sess;
        if (Ascii.EqualsIgnoreCase(b, off, len, "SHA-256")) return DigestAlgorithm.Sha256;
        if (Ascii.EqualsIgnoreCase(b, off, len, "SHA-256-sess")) return DigestAlgorithm.Sha256Sess;
        if (Ascii.EqualsIgnoreCase(b, off, len, "SHA-512-256")) return DigestAlgorithm.Sha512t256;
        if (Ascii.EqualsIgnoreCase(b, off, len, "SHA-512-256-sess")) return DigestAlgorithm.Sha512t256Sess;
        return DigestAlgorithm.Unknown;
    }

    /// <summary>The RFC 7616 spelling, as written into the algorithm parameter; null for Unknown.</summary>
    public static string Name(DigestAlgorithm algorithm)
    {
        switch (algorithm)
        {
            case DigestAlgorithm.Md5: return "MD5";
            case DigestAlgorithm.Md5Sess: return "MD5-sess";
            case DigestAlgorithm.Sha256: return "SHA-256";
            case DigestAlgorithm.Sha256Sess: return "SHA-256-sess";
            case DigestAlgorithm.Sha512t256: return "SHA-512-256";
            case DigestAlgorithm.Sha512t256Sess: return "SHA-512-256-sess";
            default: return null;
        }
    }

    /// <summary>True for the -sess variants, whose HA1 also covers nonce and cnonce (RFC 7616 §3.4.2).</summary>
    public static bool IsSession(DigestAlgorithm algorithm)
    {
        return algorithm == DigestAlgorithm.Md5Sess || algorithm == DigestAlgorithm.Sha256Sess
            || algorithm == DigestAlgorithm.Sha512t256Sess;
    }

    /// <summary>Digest size in bytes (16 or 32); 0 for Unknown.</summary>
    public static int HashSize(DigestAlgorithm algorithm)
    {
        switch (algorithm)
        {
            case DigestAlgorithm.Md5:
            case DigestAlgorithm.Md5Sess:
                return 16;
            case DigestAlgorithm.Unknown:
                return 0;
            default:
                return 32;
        }
    }

    /// <summary>A new hash object for the algorithm; null for Unknown. Allocates: keep the result.</summary>
    public static IDigestHash CreateHash(DigestAlgorithm algorithm)
    {
        switch (algorithm)
        {
            case DigestAlgorithm.Md5:
            case DigestAlgorithm.Md5Sess:
                return new Md5();
            case DigestAlgorithm.Sha256:
            case DigestAlgorithm.Sha256Sess:
                return new Sha256();
            case DigestAlgorithm.Sha512t256:
            case DigestAlgorithm.Sha512t256Sess:
                return new Sha512t256();
            default:
                return null;
        }
    }
}
