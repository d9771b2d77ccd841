using NanoPhone.Sip.Auth;
using NanoPhone.Sip.Text;

namespace NanoPhone.Sip.Call;

/// <summary>
/// What only the phone's own call needs while it is placed (RFC 3261 §8.1.3.4, §13.2.2.4, §22):
/// its target and the targets tried, the redirect candidates, the auth challenge and Digest state,
/// the To tag of the 2xx that won, and where its CANCEL stands. One outgoing call exists at a time
/// (Dial refuses while any call is live, and a live outgoing call turns new callers away), so the
/// Dialer keeps one of these and the call that owns it points at it (<see cref="SipCall.Outgoing"/>);
/// the call slots carry none of it.
/// </summary>
internal sealed class OutgoingCall
{
    /// <summary>The Request-URI of the current INVITE (the dialled target, or a redirect's Contact).</summary>
    internal readonly ByteField Target = new ByteField(256);
    /// <summary>The To of our INVITEs: the dialled party, unchanged by redirects (§8.1.3.4).</summary>
    internal readonly ByteField CalledUri = new ByteField(256);
    internal long LocalCSeq;
    internal bool Provisional;
    internal bool CancelPending;
    internal bool CancelSent;
    internal bool ChallengeAnswered;
    internal int Redirects;
    internal readonly ByteField[] Tried = NewFields(SipCall.MaxRedirects + 1, 256);
    internal int TriedCount;
    internal readonly ByteField[] Candidates = NewFields(SipCall.MaxCandidates, 256);
    internal readonly int[] CandidateQ = new int[SipCall.MaxCandidates];
    internal int CandidateCount;
    internal readonly DigestChallenge Challenge = new DigestChallenge(512);
    internal bool HaveChallenge;
    internal bool ProxyChallenge;
    /// <summary>Created on the first call placed, then kept: nonce-count and cnonce go on from call to call.</summary>
    internal DigestSession Digest;
    /// <summary>The To tag of the 2xx that won; a 2xx with another tag is another fork (§13.2.2.4).</summary>
    internal readonly ByteField WinnerTag = new ByteField(64);

    private static ByteField[] NewFields(int n, int capacity)
    {
        ByteField[] f = new ByteField[n];
        for (int i = 0; i < n; i++) f[i] = new ByteField(capacity);
        return f;
    }

    /// <summary>Ready for a new call (the Digest state stays).</summary>
    internal void Clear()
    {
        Target.Clear();
        CalledUri.Clear();
        LocalCSeq = 0;
        Provisional = false;
        CancelPending = false;
        CancelSent = false;
        ChallengeAnswered = false;
        Redirects = 0;
        TriedCount = 0;
        CandidateCount = 0;
        HaveChallenge = false;
        ProxyChallenge = false;
        WinnerTag.Clear();
    }
}
