using NanoPhone.Sip.Text;

namespace NanoPhone.Sip.Auth;

/// <summary>Why a WWW-Authenticate / Proxy-Authenticate value cannot be answered.</summary>
public enum ChallengeStatus : byte
{
    Ok = 0,
    /// <summary>Another scheme (Basic, Bearer...) or no scheme at all.</summary>
    NotDigest,
    /// <summary>The auth-param list breaks its grammar (RFC 3261 §25.1, RFC 7616 §3.3).</summary>
    BadSyntax,
    NoRealm,
    NoNonce,
    /// <summary>An algorithm this user agent does not implement; the caller may try another challenge.</summary>
    UnsupportedAlgorithm,
    /// <summary>A qop list without "auth" (only auth-int, say).</summary>
    NoAuthQop,
    /// <summary>realm, nonce and opaque together do not fit the challenge's store.</summary>
    TooLong,
}

/// <summary>
/// One Digest challenge (RFC 3261 §22.4, RFC 7616 §3.3), parsed from a header value. Reusable: the
/// realm, nonce and opaque are kept unescaped in a store allocated once. Parse never throws; a
/// failure is a <see cref="ChallengeStatus"/> and a <see cref="Reason"/> for people.
/// </summary>
public sealed class DigestChallenge
{
    public const int DefaultCapacity = 1024;

    private readonly byte[] _store;
    private int _used;
    private int _realmOffset, _realmLength = -1;
    private int _nonceOffset, _nonceLength = -1;
    private int _opaqueOffset, _opaqueLength = -1;
    private bool _qopSeen;

    public DigestChallenge() : this(DefaultCapacity) { }

    /// <summary>capacity bounds realm + nonce + opaque together, in bytes.</summary>
    public DigestChallenge(int capacity)
    {
        _store = new byte[capacity > 0 ? capacity : DefaultCapacity];
        Clear();
    }

    public ChallengeStatus Status { get; private set; }

    /// <summary>Why the last Parse failed, for logs; null when it succeeded.</summary>
    public string Reason { get; private set; }

    /// <summary>The algorithm to answer with: MD5 when the challenge names none.</summary>
    public DigestAlgorithm Algorithm { get; private set; }

    /// <summary>The challenge had an algorithm parameter, so the answer repeats it.</summary>
    public bool AlgorithmGiven { get; private set; }

    /// <summary>qop offered "auth": answer with qop, nc and cnonce. False: RFC 2069 compatibility.</summary>
    public bool QopAuth { get; private set; }

    /// <summary>stale=true: the nonce expired but the credentials were right (RFC 7616 §3.3).</summary>
    public bool Stale { get; private set; }

    public bool HasOpaque { get { return _opaqueLength >= 0; } }

    /// <summary>The realm as text (allocates; for logs, prompts and tests).</summary>
    public string Realm { get { return Text(_realmOffset, _realmLength); } }

    public string Nonce { get { return Text(_nonceOffset, _nonceLength); } }

    /// <summary>The opaque value, or null if the challenge had none.</summary>
    public string Opaque { get { return _opaqueLength < 0 ? null : Text(_opaqueOffset, _opaqueLength); } }

    internal byte[] Store { get { return _store; } }
    internal int RealmOffset { get { return _realmOffset; } }
    internal int RealmLength { get { return _realmLength; } }
    internal int NonceOffset { get { return _nonceOffset; } }
    internal int NonceLength { get { return _nonceLength; } }
    internal int OpaqueOffset { get { return _opaqueOffset; } }
    internal int OpaqueLength { get { return _opaqueLength; } }

    /// <summary>Parses a challenge header value such as <c>Digest realm="a", nonce="b", qop="auth"</c>.</summary>
    public ChallengeStatus Parse(byte[] buf, int off, int len)
    {
        Clear();
        if (buf == null || off < 0 || len < 0 || off > buf.Length - len) return Fail(ChallengeStatus.BadSyntax, "challenge is not a byte range");
        int end = off + len;
        int p = SkipLws(buf, off, end);
        int scheme = p;
        while (p < end && Ascii.IsToken(buf[p])) p++;
        if (!Ascii.EqualsIgnoreCase(buf, scheme, p - scheme, "Digest")) return Fail(ChallengeStatus.NotDigest, "not a Digest challenge");
        if (p < end && !IsLws(buf[p])) return Fail(ChallengeStatus.BadSyntax, "no space after Digest");
        while (true)
        {
            while (p < end && (IsLws(buf[p]) || buf[p] == (byte)',')) p++;
            if (p >= end) break;
            int name = p;
            while (p < end && Ascii.IsToken(buf[p])) p++;
            int nameLength = p - name;
            if (nameLength == 0) return Fail(ChallengeStatus.BadSyntax, "unexpected character in challenge");
            int afterName = p;
            p = SkipLws(buf, p, end);
            if (p < end && p > afterName && Ascii.IsToken(buf[p])) break; // "..., Basic realm=x": the next challenge
            if (p >= end || buf[p] != (byte)'=') return Fail(ChallengeStatus.BadSyntax, "parameter without a value");
            p = SkipLws(buf, p + 1, end);
            int value = p;
            bool quoted = p < end && buf[p] == (byte)'"';
            if (quoted)
            {
                int close = QuotedEnd(buf, p, end);
                if (close < 0) return Fail(ChallengeStatus.BadSyntax, "unterminated quoted string");
                value = p + 1;
                p = close;
            }
            else
            {
                while (p < end && !IsLws(buf[p]) && buf[p] != (byte)',') p++;
            }
            int valueLength = (quoted ? p - 1 : p) - value;
            p = SkipLws(buf, p, end);
            if (p < end && buf[p] != (byte)',') return Fail(ChallengeStatus.BadSyntax, "expected ',' between parameters");
            ChallengeStatus s = Apply(buf, name, nameLength, value, valueLength, quoted);
            if (s != ChallengeStatus.Ok) return s;
        }
        if (_realmLength < 0) return Fail(ChallengeStatus.NoRealm, "challenge has no realm");
        if (_nonceLength < 0) return Fail(ChallengeStatus.NoNonce, "challenge has no nonce");
        if (_qopSeen && !QopAuth) return Fail(ChallengeStatus.NoAuthQop, "qop offers no auth");
        return ChallengeStatus.Ok;
    }

    /// <summary>True if both challenges carry the same nonce.</summary>
    public bool SameNonce(DigestChallenge other)
    {
        return other != null && other._nonceLength >= 0
            && NonceEquals(other._store, other._nonceOffset, other._nonceLength);
    }

    /// <summary>True if the nonce equals the given bytes.</summary>
    public bool NonceEquals(byte[] b, int off, int len)
    {
        return _nonceLength >= 0 && Ascii.BytesEqual(_store, _nonceOffset, _nonceLength, b, off, len);
    }

    private ChallengeStatus Apply(byte[] b, int name, int nameLength, int value, int valueLength, bool quoted)
    {
        if (Ascii.EqualsIgnoreCase(b, name, nameLength, "realm"))
        {
            if (!Keep(b, value, valueLength, quoted, out _realmOffset, out _realmLength)) return Fail(ChallengeStatus.TooLong, "challenge realm is too long");
        }
        else if (Ascii.EqualsIgnoreCase(b, name, nameLength, "nonce"))
        {
            if (!Keep(b, value, valueLength, quoted, out _nonceOffset, out _nonceLength)) return Fail(ChallengeStatus.TooLong, "challenge nonce is too long");
        }
        else if (Ascii.EqualsIgnoreCase(b, name, nameLength, "opaque"))
        {
            if (!Keep(b, value, valueLength, quoted, out _opaqueOffset, out _opaqueLength)) return Fail(ChallengeStatus.TooLong, "challenge opaque is too long");
        }
        else if (Ascii.EqualsIgnoreCase(b, name, nameLength, "algorithm"))
        {
            AlgorithmGiven = true;
            Algorithm = DigestAlgorithms.Parse(b, value, valueLength);
            if (Algorithm == DigestAlgorithm.Unknown)
            {
                return Fail(ChallengeStatus.UnsupportedAlgorithm,
                    "unsupported algorithm " + Ascii.ToString(b, value, valueLength > 40 ? 40 : valueLength));
            }
        }
        else if (Ascii.EqualsIgnoreCase(b, name, nameLength, "qop"))
        {
            _qopSeen = true;
            QopAuth = OffersAuth(b, value, value + valueLength);
        }
        else if (Ascii.EqualsIgnoreCase(b, name, nameLength, "stale"))
        {
            Stale = Ascii.EqualsIgnoreCase(b, value, valueLength, "true");
        }
        return ChallengeStatus.Ok; // domain, charset, userhash and unknown parameters are ignored
    }

    /// <summary>True if the comma-separated qop-options list holds "auth" (RFC 7616 §3.3).</summary>
    private static bool OffersAuth(byte[] b, int p, int end)
    {
        while (p < end)
        {
            while (p < end && (IsLws(b[p]) || b[p] == (byte)',')) p++;
            int item = p;
            while (p < end && !IsLws(b[p]) && b[p] != (byte)',') p++;
            if (Ascii.EqualsIgnoreCase(b, item, p - item, "auth")) return true;
        }
        return false;
    }

    /// <summary>Copies a value into the store, removing quoted-pair escapes.</summary>
    private bool Keep(byte[] b, int value, int length, bool quoted, out int at, out int kept)
    {
        at = _used;
        kept = -1;
        if (length > _store.Length - _used) return false;
        int n = _used;
        for (int i = value; i < value + length; i++)
        {
            if (quoted && b[i] == (byte)'\\' && i + 1 < value + length) i++;
            _store[n++] = b[i];
        }
        kept = n - _used;
        _used = n;
        return true;
    }

    /// <summary>Index after the quote closing the quoted-string at p, or -1 if it is not closed.</summary>
    private static int QuotedEnd(byte[] b, int p, int end)
    {
        for (p++; p < end; p++)
        {
            if (b[p] == (byte)'\\') { p++; continue; }
            if (b[p] == (byte)'"') return p + 1;
        }
        return -1;
    }

    private static bool IsLws(byte b)
    {
        return b == (byte)' ' || b == (byte)'\t' || b == (byte)'\r' || b == (byte)'\n';
    }

    private static int SkipLws(byte[] b, int p, int end)
    {
        while (p < end && IsLws(b[p])) p++;
        return p;
    }

    private ChallengeStatus Fail(ChallengeStatus status, string reason)
    {
        Status = status;
        Reason = reason;
        return status;
    }

    private void Clear()
    {
        _used = 0;
        _realmLength = _nonceLength = _opaqueLength = -1;
        _realmOffset = _nonceOffset = _opaqueOffset = 0;
        _qopSeen = false;
        Status = ChallengeStatus.Ok;
        Reason = null;
        Algorithm = DigestAlgorithm.Md5;
        AlgorithmGiven = false;
        QopAuth = false;
        Stale = false;
    }

    private string Text(int off, int len) { return len < 0 ? null : Ascii.ToString(_store, off, len); }
}
