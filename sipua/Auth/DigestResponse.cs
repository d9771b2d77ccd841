using NanoPhone.Sip.Message;
using NanoPhone.Sip.Text;

namespace NanoPhone.Sip.Auth;

/// <summary>
/// Computes a digest response (RFC 7616 §3.4.1, RFC 3261 §22.4) and writes the Authorization /
/// Proxy-Authorization header value. Hash objects and hex buffers are allocated once; computing
/// and writing allocate nothing. Not thread-safe: one per session.
/// </summary>
public sealed class DigestResponse
{
    private static readonly byte[] Colon = { (byte)':' };
    private static readonly byte[] Auth = { (byte)'a', (byte)'u', (byte)'t', (byte)'h' };

    private readonly byte[] _digest = new byte[32];
    private readonly byte[] _ha1 = new byte[64];
    private readonly byte[] _ha2 = new byte[64];
    private readonly byte[] _response = new byte[64];
    private readonly byte[] _nc = new byte[8];
    private readonly byte[] _char = new byte[3];
    private IDigestHash _md5, _sha256, _sha512t256;
    private int _hexLength;

    /// <summary>The last computed response as lowercase hex: the first ResponseLength bytes.</summary>
    public byte[] Response { get { return _response; } }

    public int ResponseLength { get { return _hexLength; } }

    /// <summary>The last response as text (allocates; for tests and logs).</summary>
    public string ResponseText { get { return Ascii.ToString(_response, 0, _hexLength); } }

    /// <summary>
    /// Computes the response for a request; false (and nothing computed) if the challenge did not
    /// parse. cnonce and nc are used only where the challenge's qop and algorithm call for them.
    /// </summary>
    public bool Compute(DigestChallenge challenge, DigestCredentials credentials, string method,
        byte[] uri, int uriOffset, int uriLength, byte[] cnonce, int cnonceOffset, int cnonceLength, uint nonceCount)
    {
        _hexLength = 0;
        if (challenge == null || credentials == null || challenge.Status != ChallengeStatus.Ok || uri == null) return false;
        if (cnonce == null && (challenge.QopAuth || DigestAlgorithms.IsSession(challenge.Algorithm))) return false;
        IDigestHash h = HashFor(challenge.Algorithm);
        if (h == null) return false;
        int hex = 2 * h.Size;
        byte[] store = challenge.Store;
        h.Reset();

        // HA1 = H(username ":" realm ":" password), and for -sess H(HA1 ":" nonce ":" cnonce).
        byte[] user = credentials.UsernameBytes;
        byte[] password = credentials.PasswordBytes;
        h.Update(user, 0, user.Length);
        h.Update(Colon, 0, 1);
        h.Update(store, challenge.RealmOffset, challenge.RealmLength);
        h.Update(Colon, 0, 1);
        h.Update(password, 0, password.Length);
        FinalHex(h, _ha1);
        if (DigestAlgorithms.IsSession(challenge.Algorithm))
        {
            h.Update(_ha1, 0, hex);
            h.Update(Colon, 0, 1);
            h.Update(store, challenge.NonceOffset, challenge.NonceLength);
            h.Update(Colon, 0, 1);
            h.Update(cnonce, cnonceOffset, cnonceLength);
            FinalHex(h, _ha1);
        }

        // HA2 = H(method ":" uri) for qop=auth and for RFC 2069.
        UpdateText(h, method);
        h.Update(Colon, 0, 1);
        h.Update(uri, uriOffset, uriLength);
        FinalHex(h, _ha2);

        // response = H(HA1 ":" nonce ":" nc ":" cnonce ":" qop ":" HA2), or H(HA1 ":" nonce ":" HA2).
        h.Update(_ha1, 0, hex);
        h.Update(Colon, 0, 1);
        h.Update(store, challenge.NonceOffset, challenge.NonceLength);
        h.Update(Colon, 0, 1);
        if (challenge.QopAuth)
        {
            WriteNonceCount(nonceCount);
            h.Update(_nc, 0, 8);
            h.Update(Colon, 0, 1);
            h.Update(cnonce, cnonceOffset, cnonceLength);
            h.Update(Colon, 0, 1);
            h.Update(Auth, 0, Auth.Length);
            h.Update(Colon, 0, 1);
        }
        h.Update(_ha2, 0, hex);
        FinalHex(h, _response);
        _hexLength = hex;
        return true;
    }

    /// <summary>
    /// Computes the response and writes the header value:
    /// <c>Digest username="..", realm="..", nonce="..", uri="..", response="..", algorithm=X,
    /// cnonce="..", opaque="..", qop=auth, nc=00000001</c> (algorithm only if the challenge named
    /// one, cnonce with qop or -sess, opaque if given, qop and nc with qop). False writes nothing.
    /// </summary>
    public bool Write(SipWriter w, DigestChallenge challenge, DigestCredentials credentials, string method,
        byte[] uri, int uriOffset, int uriLength, byte[] cnonce, int cnonceOffset, int cnonceLength, uint nonceCount)
    {
        if (!Compute(challenge, credentials, method, uri, uriOffset, uriLength, cnonce, cnonceOffset, cnonceLength, nonceCount)) return false;
        byte[] store = challenge.Store;
        byte[] user = credentials.UsernameBytes;
        w.Text("Digest username=");
        WriteQuoted(w, user, 0, user.Length);
        w.Text(", realm=");
        WriteQuoted(w, store, challenge.RealmOffset, challenge.RealmLength);
        w.Text(", nonce=");
        WriteQuoted(w, store, challenge.NonceOffset, challenge.NonceLength);
        w.Text(", uri=");
        WriteQuoted(w, uri, uriOffset, uriLength);
        w.Text(", response=\"").Bytes(_response, 0, _hexLength).Byte((byte)'"');
        if (challenge.AlgorithmGiven) w.Text(", algorithm=").Text(DigestAlgorithms.Name(challenge.Algorithm));
        if (challenge.QopAuth || DigestAlgorithms.IsSession(challenge.Algorithm))
        {
            w.Text(", cnonce=");
            WriteQuoted(w, cnonce, cnonceOffset, cnonceLength);
        }
        if (challenge.HasOpaque)
        {
            w.Text(", opaque=");
            WriteQuoted(w, store, challenge.OpaqueOffset, challenge.OpaqueLength);
        }
        if (challenge.QopAuth) w.Text(", qop=auth, nc=").Bytes(_nc, 0, 8);
        return true;
    }

    /// <summary>Writes a quoted-string, escaping '"' and '\' (RFC 3261 §25.1).</summary>
    private static void WriteQuoted(SipWriter w, byte[] b, int off, int len)
    {
        w.Byte((byte)'"');
        int run = off;
        int end = off + len;
        for (int i = off; i < end; i++)
        {
            if (b[i] != (byte)'"' && b[i] != (byte)'\\') continue;
            w.Bytes(b, run, i - run).Byte((byte)'\\');
            run = i;
        }
        w.Bytes(b, run, end - run).Byte((byte)'"');
    }

    private void WriteNonceCount(uint nc)
    {
        for (int i = 7; i >= 0; i--)
        {
            _nc[i] = HexDigit((int)(nc & 15));
            nc >>= 4;
        }
    }

    private void FinalHex(IDigestHash h, byte[] hex)
    {
        h.Final(_digest, 0);
        for (int i = 0; i < h.Size; i++)
        {
            hex[2 * i] = HexDigit(_digest[i] >> 4);
            hex[2 * i + 1] = HexDigit(_digest[i] & 15);
        }
    }

    /// <summary>Feeds a string's UTF-8 bytes one character at a time, without allocating.</summary>
    private void UpdateText(IDigestHash h, string s)
    {
        if (s == null) return;
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            int n;
            if (c < 0x80) { _char[0] = (byte)c; n = 1; }
            else if (c < 0x800) { _char[0] = (byte)(0xC0 | (c >> 6)); _char[1] = (byte)(0x80 | (c & 0x3F)); n = 2; }
            else
            {
                _char[0] = (byte)(0xE0 | (c >> 12));
                _char[1] = (byte)(0x80 | ((c >> 6) & 0x3F));
                _char[2] = (byte)(0x80 | (c & 0x3F));
                n = 3;
            }
            h.Update(_char, 0, n);
        }
    }

    private static byte HexDigit(int v) { return (byte)(v < 10 ? '0' + v : 'a' + v - 10); }

    private IDigestHash HashFor(DigestAlgorithm algorithm)
    {
        switch (algorithm)
        {
            case DigestAlgorithm.Md5:
            case DigestAlgorithm.Md5Sess:
                if (_md5 == null) _md5 = DigestAlgorithms.CreateHash(algorithm);
                return _md5;
            case DigestAlgorithm.Sha256:
            case DigestAlgorithm.Sha256Sess:
                if (_sha256 == null) _sha256 = DigestAlgorithms.CreateHash(algorithm);
                return _sha256;
            case DigestAlgorithm.Sha512t256:
            case DigestAlgorithm.Sha512t256Sess:
                if (_sha512t256 == null) _sha512t256 = DigestAlgorithms.CreateHash(algorithm);
                return _sha512t256;
            default:
                return null;
        }
    }
}
