#nullable disable
using System.Collections.Generic;
using NanoPhone.Sip.Auth;
using NanoPhone.Sip.Message;

namespace NanoPhone.Fuzz;

/// <summary>
/// A WWW-Authenticate / Proxy-Authenticate value: DigestChallenge.Parse, then the Authorization
/// value DigestSession.Authorize writes for it. Invariants: the same result at another offset with
/// nothing touched outside the value; a parsed challenge is always answered; and the answer, read
/// back with the same auth-param grammar, carries the challenge's realm, nonce, opaque, algorithm
/// and qop unchanged (quoting and escaping round-trip).
/// </summary>
public sealed class DigestTarget : FuzzTarget
{
    private readonly DigestChallenge _challenge = new DigestChallenge();
    private readonly DigestChallenge _shifted = new DigestChallenge();
    private readonly DigestChallenge _back = new DigestChallenge();
    private readonly CodecTarget.FixedRandom _random = new CodecTarget.FixedRandom();
    private readonly DigestCredentials _credentials = new DigestCredentials("alice", "s3cr3t");
    private readonly SipWriter _w = new SipWriter(WriterCapacity);
    private readonly byte[] _uri = CodecTarget.Ascii("sip:registrar.example.com");

    public override string Name { get { return "digest"; } }

    public override string Description
    {
        get { return "one challenge value: DigestChallenge.Parse -> DigestSession.Authorize"; }
    }

    public override List<Seed> Seeds(string dataDir)
    {
        List<Seed> messages = SeedData.Messages(dataDir);
        List<Seed> seeds = SeedData.HeaderValues(messages, "WWW-Authenticate", "Proxy-Authenticate", "Authorization", "Proxy-Authorization");
        string[] extra =
        {
            "Digest realm=\"atlanta.example.com\", nonce=\"84a4cc6f3082121f32b42a2187831a9e\", qop=\"auth\", algorithm=MD5",
            "Digest realm=\"biloxi.example.com\", qop=\"auth,auth-int\", algorithm=SHA-256, nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"",
            "Digest realm=\"r\", nonce=\"n\", algorithm=SHA-512-256-sess, qop=auth, stale=TRUE",
            "Digest realm=\"a \\\"quoted\\\" realm\", nonce=\"n\\\\1\", opaque=\"\"",
            "Digest realm=r,nonce=n,algorithm=MD5-sess",
            "Basic realm=\"x\", Digest realm=\"y\", nonce=\"z\"",
            "Digest realm=\"r\", nonce=\"n\", domain=\"sip:a sip:b\", charset=UTF-8, userhash=false, algorithm=\"SHA-256-sess\"",
        };
        for (int i = 0; i < extra.Length; i++) seeds.Add(new Seed("digest-extra-" + i + ".txt", CodecTarget.Ascii(extra[i])));
        seeds.AddRange(SeedData.Regressions(dataDir, Name));
        return seeds;
    }

    public override void Run(byte[] data)
    {
        byte[] exact = (byte[])data.Clone();
        ChallengeStatus st = _challenge.Parse(exact, 0, exact.Length);
        Check(_challenge.Status == st, "Parse's result and Status differ");

        byte[] guarded = Guarded(data);
        ChallengeStatus shifted = _shifted.Parse(guarded, GuardLength, data.Length);
        CheckGuards(guarded, data.Length, "DigestChallenge.Parse");
        Check(shifted == st && _shifted.Reason == _challenge.Reason, "Parse's verdict depends on the value's offset");
        if (st != ChallengeStatus.Ok) return;
        Check(_challenge.Reason == null, "a parsed challenge with a failure reason");
        Check(SameChallenge(_shifted, _challenge), "the parsed challenge depends on the value's offset");

        // A new session per input: a reused one keeps the longest nonce's buffer (history-dependent branches).
        _random.Reset();
        var session = new DigestSession(_random);
        _w.Reset();
        Check(session.Authorize(_w, _challenge, _credentials, "REGISTER", _uri, 0, _uri.Length), "a parsed challenge was not answered");
        Check(session.NonceCount == 1, "a fresh nonce does not start at nc=1");

        byte[] copy = new byte[_w.Length];
        System.Buffer.BlockCopy(_w.Buffer, 0, copy, 0, copy.Length);
        ChallengeStatus back = _back.Parse(copy, 0, copy.Length);
        Check(back == ChallengeStatus.Ok, "our Authorization value does not read back: " + back + " " + _back.Reason);
        Check(SameChallenge(_back, _challenge), "our Authorization value changes the realm, nonce, opaque, algorithm or qop");
    }

    private static bool SameChallenge(DigestChallenge a, DigestChallenge b)
    {
        return a.Realm == b.Realm && a.Nonce == b.Nonce && a.Opaque == b.Opaque && a.Algorithm == b.Algorithm
            && a.AlgorithmGiven == b.AlgorithmGiven && a.QopAuth == b.QopAuth;
    }
}
