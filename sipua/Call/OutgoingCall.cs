using NanoPhone.Sip.Auth;
using NanoPhone.Sip.Context;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Text;
using NanoPhone.Sip.Timing;

namespace NanoPhone.Sip.Call;

/// <summary>
/// What only the phone's own call needs while it is placed (RFC 3261 §8.1.3.4, §13.2.2.4, §22):
/// its target and the targets tried, the redirect candidates in q order, the auth challenge and
/// Digest state, and the To tag of the 2xx that won. One outgoing call exists at a time (Dial
/// refuses while any call is live, and a live outgoing call turns new callers away), so the Dialer
/// keeps one of these and the call that owns it points at it (<see cref="SipCall.Outgoing"/>);
/// the call slots carry none of it.
/// </summary>
internal sealed class OutgoingCall
{
    /// <summary>The Request-URI of the current INVITE (the dialled target, or a redirect's Contact).</summary>
    internal readonly ByteField Target = new ByteField(256);
    /// <summary>The To of our INVITEs: the dialled party, unchanged by redirects (§8.1.3.4).</summary>
    internal readonly ByteField CalledUri = new ByteField(256);
    internal long LocalCSeq;
    internal int Redirects;
    /// <summary>The targets tried; an entry's field is made the first time a call tries that many, and kept.</summary>
    internal readonly ByteField[] Tried = new ByteField[SipCall.MaxRedirects + 1];
    internal int TriedCount;
    /// <summary>A redirect's Contacts in q order; an entry's field is made the first time a 3xx gives that many, and kept.</summary>
    internal readonly ByteField[] Candidates = new ByteField[SipCall.MaxCandidates];
    internal readonly int[] CandidateQ = new int[SipCall.MaxCandidates];
    internal int CandidateCount;
    /// <summary>A 401/407's challenge and our answers; its Digest session goes on from call to call.</summary>
    internal readonly DigestRetry Auth;
    /// <summary>The To tag of the 2xx that won; a 2xx with another tag is another fork (§13.2.2.4).</summary>
    internal readonly ByteField WinnerTag = new ByteField(64);
    /// <summary>For a call placed for a REFER: its Referred-By (RFC 3892), written into each INVITE; else empty.</summary>
    internal readonly ByteField ReferredBy = new ByteField(256);
    /// <summary>For an attended transfer's call: the Replaces the Refer-To carried (RFC 3891); else empty.</summary>
    internal readonly ByteField Replaces = new ByteField(256);
    /// <summary>422s followed: each raises the interval asked for to the Min-SE; one is enough, two is a loop.</summary>
    internal int IntervalRetries;
    private DigestCredentials _credentials;
    private string _credentialsFor;

    internal OutgoingCall(IRandom random)
    {
        Auth = new DigestRetry(random, 512);
    }

    /// <summary>Entry i of fields, made on its first use.</summary>
    private static ByteField Made(ByteField[] fields, int i)
    {
        if (fields[i] == null) fields[i] = new ByteField(256);
        return fields[i];
    }

    /// <summary>Ready for a new call (the Digest session stays).</summary>
    internal void Clear()
    {
        Target.Clear();
        CalledUri.Clear();
        LocalCSeq = 0;
        Redirects = 0;
        TriedCount = 0;
        CandidateCount = 0;
        Auth.Clear();
        WinnerTag.Clear();
        ReferredBy.Clear();
        Replaces.Clear();
        IntervalRetries = 0;
    }

    /// <summary>The account's credentials, made again only when the user name or password changed.</summary>
    internal DigestCredentials Credentials(AgentSettings s)
    {
        string key = s.DigestUser + "\n" + s.Password;
        if (_credentials == null || _credentialsFor != key)
        {
            _credentials = new DigestCredentials(s.DigestUser, s.Password);
            _credentialsFor = key;
        }
        return _credentials;
    }

    /// <summary>
    /// A 3xx's Contact as a candidate (the caller checked it is a SIP URI not tried yet and not
    /// ours), in q order (§8.1.3.4): highest first, equal q in the response's order; at most MaxCandidates.
    /// </summary>
    internal void AddCandidate(NameAddr a)
    {
        SipUri u = a.Uri;
        int q = 1000;
        int vo, vl;
        if (a.FindParam("q", out vo, out vl) && vl > 0)
        {
            int parsed = Params.ParseQ(u.Buffer, vo, vl);
            if (parsed >= 0) q = parsed;
        }
        if (CandidateCount == SipCall.MaxCandidates) return;
        Made(Candidates, CandidateCount);
        int at = CandidateCount;
        while (at > 0 && CandidateQ[at - 1] < q) at--;
        for (int i = CandidateCount; i > at; i--)
        {
            Candidates[i].Set(Candidates[i - 1]);
            CandidateQ[i] = CandidateQ[i - 1];
        }
        Candidates[at].Set(u.Buffer, u.Offset, u.Length);
        CandidateQ[at] = q;
        CandidateCount++;
    }

    /// <summary>
    /// The best candidate not tried yet becomes the Target and is remembered as tried; false when
    /// none is left, or the phone has tried as many targets as it follows.
    /// </summary>
    internal bool TakeNextCandidate()
    {
        while (CandidateCount > 0)
        {
            Target.Set(Candidates[0]);
            for (int i = 1; i < CandidateCount; i++)
            {
                Candidates[i - 1].Set(Candidates[i]);
                CandidateQ[i - 1] = CandidateQ[i];
            }
            CandidateCount--;
            if (WasTried(Target.Buffer, 0, Target.Length)) continue;
            if (TriedCount > SipCall.MaxRedirects) return false;
            Remember(Target.Buffer, 0, Target.Length);
            return true;
        }
        return false;
    }

    internal bool WasTried(byte[] b, int off, int len)
    {
        for (int i = 0; i < TriedCount; i++)
        {
            if (Tried[i].EqualsIgnoreCase(b, off, len)) return true;
        }
        return false;
    }

    internal void Remember(byte[] b, int off, int len)
    {
        if (TriedCount < Tried.Length) Made(Tried, TriedCount++).Set(b, off, len);
    }
}
