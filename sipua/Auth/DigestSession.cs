using NanoPhone.Sip.Message;
using NanoPhone.Sip.Text;
using NanoPhone.Sip.Timing;

namespace NanoPhone.Sip.Auth;

/// <summary>
/// Digest state for one registration or call: the nonce last answered, its nonce-count (1 for a
/// new nonce, +1 for each further request with the same nonce, RFC 7616 §3.4) and the cnonce,
/// chosen from the random source whenever the nonce changes and kept while it lasts (so -sess
/// servers that cache the session key keep verifying). Allocates nothing per request.
/// </summary>
public sealed class DigestSession
{
    private readonly IRandom _random;
    private readonly DigestResponse _response = new DigestResponse();
    private readonly byte[] _cnonce = new byte[16];
    private byte[] _nonce = new byte[64];
    private int _nonceLength = -1;
    private uint _nonceCount;

    public DigestSession(IRandom random)
    {
        _random = random;
    }

    /// <summary>The nc sent with the last authorized request (0 before the first).</summary>
    public uint NonceCount { get { return _nonceCount; } }

    /// <summary>The cnonce in use, as text (allocates; for tests and logs).</summary>
    public string Cnonce { get { return _nonceLength < 0 ? null : Ascii.ToString(_cnonce, 0, _cnonce.Length); } }

    /// <summary>The calculator, whose ResponseText is the last response sent.</summary>
    public DigestResponse Response { get { return _response; } }

    /// <summary>Forgets the nonce: the next request starts again at nc=1 with a new cnonce.</summary>
    public void Reset()
    {
        _nonceLength = -1;
        _nonceCount = 0;
    }

    /// <summary>
    /// Writes the Authorization / Proxy-Authorization value for a request with this method and
    /// Request-URI, answering the challenge; false (nothing written) if the challenge did not parse.
    /// </summary>
    public bool Authorize(SipWriter w, DigestChallenge challenge, DigestCredentials credentials, string method,
        byte[] uri, int uriOffset, int uriLength)
    {
        if (challenge == null || challenge.Status != ChallengeStatus.Ok || credentials == null || uri == null) return false;
        int n = challenge.NonceLength;
        if (_nonceLength >= 0 && challenge.NonceEquals(_nonce, 0, _nonceLength))
        {
            _nonceCount++;
        }
        else
        {
            if (_nonce.Length < n) _nonce = new byte[n];
            System.Array.Copy(challenge.Store, challenge.NonceOffset, _nonce, 0, n);
            _nonceLength = n;
            _nonceCount = 1;
            NewCnonce();
        }
        return _response.Write(w, challenge, credentials, method, uri, uriOffset, uriLength, _cnonce, 0, _cnonce.Length, _nonceCount);
    }

    /// <summary>Authorize with the Request-URI as a string (allocates its bytes; for convenience).</summary>
    public bool Authorize(SipWriter w, DigestChallenge challenge, DigestCredentials credentials, string method, string uri)
    {
        if (uri == null) return false;
        byte[] b = Ascii.Utf8Bytes(uri);
        return Authorize(w, challenge, credentials, method, b, 0, b.Length);
    }

    /// <summary>16 lowercase hex digits from two 32-bit random values.</summary>
    private void NewCnonce()
    {
        for (int half = 0; half < 2; half++)
        {
            uint v = _random.Next();
            for (int i = 7; i >= 0; i--)
            {
                int d = (int)(v & 15);
                _cnonce[half * 8 + i] = (byte)(d < 10 ? '0' + d : 'a' + d - 10);
                v >>= 4;
            }
        }
    }
}
