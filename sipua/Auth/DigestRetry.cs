using NanoPhone.Sip.Message;
using NanoPhone.Sip.Timing;

namespace NanoPhone.Sip.Auth;

/// <summary>What a 401 or 407 means for the request it answered.</summary>
public enum ChallengeVerdict : byte
{
    /// <summary>Send the request again, with credentials for this challenge (RFC 3261 §22.2, §22.3).</summary>
    Retry = 0,
    /// <summary>No WWW-Authenticate (401) or Proxy-Authenticate (407) header: an ordinary failure.</summary>
    Missing,
    /// <summary>The challenge does not parse (see <see cref="DigestRetry.Reason"/>).</summary>
    Malformed,
    /// <summary>Our credentials for this very nonce were refused and the server does not call it stale: the password is wrong.</summary>
    Refused,
}

/// <summary>
/// The one digest-challenge retry (RFC 3261 §22.2, §22.3; RFC 7616), kept by registration and by
/// the phone's own call: a 401 or 407 is read once (<see cref="OnChallenge"/>), the next request
/// carries Authorization or Proxy-Authorization for it (<see cref="WriteAuthorization"/>), and the
/// same nonce challenged again after we answered it means the credentials were refused. What to do
/// around it stays with the owner: registration gives up after a few challenges in a row, a call
/// whose target moved keeps only a proxy's challenge (<see cref="TargetChanged"/>).
/// The Digest session (nonce-count, cnonce) is created on first use and then kept.
/// </summary>
public sealed class DigestRetry
{
    private readonly DigestChallenge _challenge;
    private readonly IRandom _random;
    private DigestSession _session;
    private bool _have;
    private bool _proxy;
    private bool _answered;

    /// <param name="challengeCapacity">Bytes kept of a challenge (a longer one is malformed for us).</param>
    public DigestRetry(IRandom random, int challengeCapacity)
    {
        _random = random;
        _challenge = new DigestChallenge(challengeCapacity);
    }

    /// <summary>True while a challenge is kept: the next request answers it.</summary>
    public bool HaveChallenge { get { return _have; } }

    /// <summary>True if the kept challenge came in a 407 (a proxy's).</summary>
    public bool IsProxy { get { return _proxy; } }

    /// <summary>Why the last challenge was malformed.</summary>
    public string Reason { get { return _challenge.Reason; } }

    public DigestChallenge Challenge { get { return _challenge; } }

    /// <summary>
    /// Reads the challenge of a 401 (proxy false) or 407 (proxy true). probe is scratch for the
    /// new challenge's nonce, compared with the one our last request answered.
    /// </summary>
    public ChallengeVerdict OnChallenge(SipMessage r, bool proxy, DigestChallenge probe)
    {
        int h = r.IndexOf(proxy ? HeaderId.ProxyAuthenticate : HeaderId.WwwAuthenticate);
        if (h < 0) return ChallengeVerdict.Missing;
        bool answeredThisNonce = _answered && _have
            && probe.Parse(r.Buffer, r.ValueOffsetAt(h), r.ValueLengthAt(h)) == ChallengeStatus.Ok && probe.SameNonce(_challenge);
        if (_challenge.Parse(r.Buffer, r.ValueOffsetAt(h), r.ValueLengthAt(h)) != ChallengeStatus.Ok)
        {
            _have = false;
            return ChallengeVerdict.Malformed;
        }
        if (answeredThisNonce && !_challenge.Stale)
        {
            _have = false;
            return ChallengeVerdict.Refused;
        }
        _have = true;
        _proxy = proxy;
        return ChallengeVerdict.Retry;
    }

    /// <summary>
    /// The Authorization (or Proxy-Authorization) line for a request with this method and
    /// Request-URI, when a challenge is kept; nothing otherwise.
    /// </summary>
    public void WriteAuthorization(SipWriter w, DigestCredentials credentials, string method, byte[] uri, int offset, int length)
    {
        _answered = false;
        if (!_have) return;
        if (_session == null) _session = new DigestSession(_random);
        w.HeaderName(_proxy ? "Proxy-Authorization" : "Authorization");
        _answered = _session.Authorize(w, _challenge, credentials, method, uri, offset, length);
        w.Crlf();
    }

    /// <summary>§22.3: a proxy's credentials stay good when the request goes to a new target; a 401 was the old target's.</summary>
    public void TargetChanged()
    {
        if (!_proxy) _have = false;
    }

    /// <summary>Forgets the challenge, keeping the Digest session (a new call: nonce-count and cnonce go on).</summary>
    public void Clear()
    {
        _have = false;
        _proxy = false;
        _answered = false;
    }

    /// <summary>Forgets the challenge and the nonce (a new account): the next answer starts at nc=1.</summary>
    public void Reset()
    {
        Clear();
        if (_session != null) _session.Reset();
    }
}
