#nullable disable
using System.Collections.Generic;
using NanoPhone.Sip.Auth;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Sdp;
using NanoPhone.Sip.Timing;

namespace NanoPhone.Fuzz;

/// <summary>
/// The message codec as the phone uses it on every received datagram: SipParser.Parse,
/// RequestCheck.Answer, then the answer written with ResponseBuilder (the stateless rejection,
/// or 100/180/200/302/488 for a request that passes, with the SDP answer to an offer), and for a
/// 401/407 response the Digest challenge answered. Invariants, each a finding when broken:
/// <list type="bullet">
/// <item>the same datagram at another offset of a larger buffer gives the same verdict, the same
/// in-place unfolding, and the parser writes nothing outside the datagram;</item>
/// <item>every (offset, length) view lies inside the datagram;</item>
/// <item>an answer to a request that parsed cleanly parses cleanly itself, as a response with that
/// status code, the request's Call-ID, CSeq, From tag and Via count, and a To tag above 100.</item>
/// </list>
/// </summary>
public sealed class CodecTarget : FuzzTarget
{
    private static readonly byte[] OurTag = Ascii("fz7a41");

    private readonly SipParser _parser = new SipParser();
    private readonly SipMessage _m = new SipMessage();
    private readonly SipMessage _shifted = new SipMessage();
    private readonly SipParser _replyParser = new SipParser();
    private readonly SipMessage _reply = new SipMessage();
    private readonly SipWriter _w = new SipWriter(WriterCapacity);
    private readonly SipWriter _body = new SipWriter(WriterCapacity);
    private readonly SessionDescription _offer = new SessionDescription();
    private readonly SessionDescription _answer = new SessionDescription();
    private readonly LocalMedia _local = new LocalMedia();
    private readonly DigestChallenge _challenge = new DigestChallenge();
    private readonly FixedRandom _random = new FixedRandom();
    private readonly DigestCredentials _credentials = new DigestCredentials("alice", "s3cr3t");
    private readonly byte[] _uri = Ascii("sip:bob@example.com");

    public override string Name { get { return "codec"; } }

    public override string Description
    {
        get { return "one datagram: SipParser.Parse -> RequestCheck.Answer -> ResponseBuilder (+ SDP answer, Digest answer)"; }
    }

    public override List<Seed> Seeds(string dataDir)
    {
        List<Seed> seeds = SeedData.Messages(dataDir);
        seeds.AddRange(SeedData.Regressions(dataDir, Name));
        return seeds;
    }

    public override void Run(byte[] data)
    {
        // 1. The datagram alone in an array of its own size: a read past its end throws.
        byte[] exact = (byte[])data.Clone();
        ParseStatus status = _parser.Parse(exact, 0, exact.Length, _m);
        CheckViews(_m, 0, exact.Length);
        string reason;
        int code = RequestCheck.Answer(_m, out reason);

        // 2. The same datagram inside a larger buffer: same verdict, nothing touched outside it.
        byte[] guarded = Guarded(data);
        ParseStatus shiftedStatus = _parser.Parse(guarded, GuardLength, data.Length, _shifted);
        CheckGuards(guarded, data.Length, "SipParser.Parse");
        Check(shiftedStatus == status, "status depends on the datagram's offset: " + status + " vs " + shiftedStatus);
        Check(_shifted.Error == _m.Error, "error depends on the datagram's offset");
        Check(SameBytes(exact, 0, guarded, GuardLength, data.Length), "in-place unfolding depends on the datagram's offset");
        CheckViews(_shifted, GuardLength, data.Length);
        Check(_shifted.HeaderCount == _m.HeaderCount && _shifted.IsRequest == _m.IsRequest, "header count depends on the offset");
        if (status == ParseStatus.Ok)
        {
            Check(_shifted.Offset - GuardLength == _m.Offset && _shifted.Length == _m.Length
                && _shifted.BodyOffset - GuardLength == _m.BodyOffset && _shifted.BodyLength == _m.BodyLength
                && _shifted.CSeq == _m.CSeq && _shifted.ViaCount == _m.ViaCount, "framing depends on the offset");
        }
        string shiftedReason;
        int shiftedCode = RequestCheck.Answer(_shifted, out shiftedReason);
        Check(shiftedCode == code && shiftedReason == reason, "RequestCheck's answer depends on the offset");

        // 3. What the phone sends back.
        if (code > 0) Reject(code, reason);
        else if (code == 0 && _m.IsRequest) AnswerRequest();
        else if (code == 0) TakeResponse();
    }

    private void Reject(int code, string reason)
    {
        Check(reason != null && reason.Length > 0, "a rejection without a reason phrase");
        for (int i = 0; i < reason.Length; i++)
        {
            Check(reason[i] >= ' ' && reason[i] < (char)127, "a reason phrase with a control or non-ASCII character");
        }
        bool sent = ResponseBuilder.RejectStatelessly(_w, _m, code, reason, OurTag, 0, OurTag.Length);
        Check(sent == ResponseBuilder.CanAnswer(_m), "RejectStatelessly disagrees with CanAnswer");
        if (!sent) return;
        if (_m.Status == ParseStatus.Ok) ExpectReply(code, -1);
        else ExpectStatusLine(code);
    }

    private void AnswerRequest()
    {
        // The views the upper layers read; each must be inside the buffer (ToString throws if not).
        _ = _m.MethodText;
        _ = _m.CallIdText;
        _ = _m.RequestUri.HostText;
        _ = _m.RequestUri.UserText;
        _ = _m.TopVia.HostText;
        _ = _m.From.DisplayName;
        _ = _m.To.DisplayName;
        _ = _m.ValueText(HeaderId.Contact);
        switch (_m.Method)
        {
            case SipMethod.Invite:
                Respond(100, "Trying");
                Respond(180, "Ringing");
                ResponseBuilder.Begin(_w, _m, 302, "Moved Temporarily", OurTag, 0, OurTag.Length);
                _w.Header("Contact", "<sip:voicemail@example.com>");
                ResponseBuilder.End(_w);
                ExpectReply(302, -1);
                AnswerOffer();
                break;
            case SipMethod.Options:
                ResponseBuilder.Begin(_w, _m, 200, "OK", OurTag, 0, OurTag.Length);
                _w.Header("Allow", RequestCheck.Allow);
                _w.Header("Accept", RequestCheck.AcceptedBody);
                ResponseBuilder.End(_w);
                ExpectReply(200, -1);
                break;
            case SipMethod.Bye:
            case SipMethod.Cancel:
                Respond(200, "OK");
                break;
        }
    }

    private void Respond(int code, string reason)
    {
        ResponseBuilder.Begin(_w, _m, code, reason, OurTag, 0, OurTag.Length);
        ResponseBuilder.End(_w);
        ExpectReply(code, -1);
    }

    /// <summary>200 with the SDP answer to the INVITE's offer (or our offer if it had none), or 488.</summary>
    private void AnswerOffer()
    {
        if (_m.BodyLength == 0)
        {
            SdpNegotiator.WriteOffer(_body, _local, MediaDirection.SendRecv);
        }
        else if (!_offer.TryParse(_m.Buffer, _m.BodyOffset, _m.BodyLength)
            || SdpNegotiator.WriteAnswer(_body, _offer, _local, false) < 0)
        {
            Respond(488, "Not Acceptable Here");
            return;
        }
        ResponseBuilder.Begin(_w, _m, 200, "OK", OurTag, 0, OurTag.Length);
        _w.Header("Contact", "<sip:alice@192.0.2.4:5060>");
        ResponseBuilder.End(_w, RequestCheck.AcceptedBody, _body.Buffer, 0, _body.Length);
        ExpectReply(200, _body.Length);
        Check(_answer.TryParse(_reply.Buffer, _reply.BodyOffset, _reply.BodyLength), "our SDP does not parse: " + _answer.Error);
        if (_m.BodyLength > 0)
        {
            Check(_answer.MediaCount == _offer.MediaCount, "the answer's m= lines do not match the offer's (RFC 3264 §6)");
        }
    }

    /// <summary>A response to a request of ours: answer a Digest challenge, read an SDP body.</summary>
    private void TakeResponse()
    {
        _ = _m.ReasonText;
        _ = _m.CallIdText;
        if (_m.StatusCode == 401 || _m.StatusCode == 407)
        {
            HeaderId h = _m.StatusCode == 401 ? HeaderId.WwwAuthenticate : HeaderId.ProxyAuthenticate;
            for (int i = _m.IndexOf(h); i >= 0; i = _m.IndexOf(h, i + 1))
            {
                if (_challenge.Parse(_m.Buffer, _m.ValueOffsetAt(i), _m.ValueLengthAt(i)) != ChallengeStatus.Ok) continue;
                _w.Reset();
                _random.Reset();
                Check(new DigestSession(_random).Authorize(_w, _challenge, _credentials, "INVITE", _uri, 0, _uri.Length), "a parsed challenge was not answered");
                break;
            }
        }
        int ct = _m.IndexOf(HeaderId.ContentType);
        if (_m.BodyLength > 0 && ct >= 0 && RequestCheck.IsSdp(_m.Buffer, _m.ValueOffsetAt(ct), _m.ValueLengthAt(ct))
            && _offer.TryParse(_m.Buffer, _m.BodyOffset, _m.BodyLength))
        {
            int first = _offer.FirstAudio;
            if (first >= 0) _ = _offer.IsHold(first);
        }
    }

    /// <summary>The response in _w must parse cleanly and match the request (RFC 3261 §8.2.6.2).</summary>
    private void ExpectReply(int code, int bodyLength)
    {
        byte[] copy = new byte[_w.Length];
        System.Buffer.BlockCopy(_w.Buffer, 0, copy, 0, copy.Length);
        ParseStatus st = _replyParser.Parse(copy, 0, copy.Length, _reply);
        string what = "our " + code + " to a valid request";
        // A response may carry more header lines than this parser keeps (it copies every Via).
        if (st == ParseStatus.BadHeader && _reply.Error == "too many header lines") return;
        Check(st == ParseStatus.Ok, what + " does not parse: " + st + " " + _reply.Error);
        Check(!_reply.IsRequest && _reply.StatusCode == code, what + " has another status code");
        Check(_reply.Length == copy.Length, what + " is not framed by its Content-Length");
        Check(_reply.SameCallId(_m.Buffer, _m.CallIdOffset, _m.CallIdLength), what + " changes the Call-ID");
        Check(_reply.CSeq == _m.CSeq && _reply.CSeqMethod == _m.CSeqMethod, what + " changes the CSeq");
        Check(_reply.ViaCount == _m.ViaCount, what + " changes the Via count");
        Check(SipBytes(_reply.Buffer, _reply.FromTagOffset, _reply.FromTagLength, _m.Buffer, _m.FromTagOffset, _m.FromTagLength),
            what + " changes the From tag");
        if (_m.HasToTag)
        {
            Check(SipBytes(_reply.Buffer, _reply.ToTagOffset, _reply.ToTagLength, _m.Buffer, _m.ToTagOffset, _m.ToTagLength),
                what + " changes the To tag");
        }
        else if (code > 100)
        {
            Check(SipBytes(_reply.Buffer, _reply.ToTagOffset, _reply.ToTagLength, OurTag, 0, OurTag.Length), what + " lacks our To tag");
        }
        if (bodyLength >= 0) Check(_reply.BodyLength == bodyLength, what + " loses its body");
    }

    /// <summary>A response copied from a malformed request: at least its Status-Line is ours and sound.</summary>
    private void ExpectStatusLine(int code)
    {
        byte[] b = _w.Buffer;
        int n = _w.Length;
        int lf = System.Array.IndexOf(b, (byte)'\n', 0, n);
        Check(lf > 12 && b[lf - 1] == (byte)'\r', "the Status-Line is not one CRLF-terminated line");
        string line = System.Text.Encoding.ASCII.GetString(b, 0, lf - 1);
        Check(line.StartsWith("SIP/2.0 " + code + " ", System.StringComparison.Ordinal), "the Status-Line is not ours: " + line);
        Check(n >= 4 && b[n - 4] == (byte)'\r' && b[n - 3] == (byte)'\n' && b[n - 2] == (byte)'\r' && b[n - 1] == (byte)'\n',
            "the rejection does not end with an empty line");
    }

    private static void CheckViews(SipMessage m, int off, int len)
    {
        int end = off + len;
        for (int i = 0; i < m.HeaderCount; i++)
        {
            Check(m.NameOffsetAt(i) >= off && m.NameLengthAt(i) > 0 && m.NameOffsetAt(i) + m.NameLengthAt(i) <= end, "a header name view outside the datagram");
            Check(m.ValueOffsetAt(i) >= off && m.ValueLengthAt(i) >= 0 && m.ValueOffsetAt(i) + m.ValueLengthAt(i) <= end, "a header value view outside the datagram");
        }
        if (m.Status != ParseStatus.Ok) return;
        Check(m.Offset >= off && m.Length > 0 && m.Offset + m.Length <= end, "the message view is outside the datagram");
        Check(m.BodyOffset >= m.Offset && m.BodyLength >= 0 && m.BodyOffset + m.BodyLength == m.Offset + m.Length, "the body view is not the message's tail");
        Check(m.CallIdOffset >= off && m.CallIdLength > 0 && m.CallIdOffset + m.CallIdLength <= end, "the Call-ID view is outside the datagram");
        Check(m.ToTagLength == 0 || (m.ToTagOffset >= off && m.ToTagOffset + m.ToTagLength <= end), "the To tag view is outside the datagram");
        Check(m.FromTagLength == 0 || (m.FromTagOffset >= off && m.FromTagOffset + m.FromTagLength <= end), "the From tag view is outside the datagram");
        Check(m.CSeq >= 0 && m.ViaCount > 0, "a valid message without CSeq or Via");
    }

    private static bool SipBytes(byte[] a, int aOff, int aLen, byte[] b, int bOff, int bLen)
    {
        return NanoPhone.Sip.Text.Ascii.BytesEqual(a, aOff, aLen, b, bOff, bLen);
    }

    internal static byte[] Ascii(string s) { return System.Text.Encoding.ASCII.GetBytes(s); }

    /// <summary>A fixed "random" sequence: the same input always gives the same cnonce.</summary>
    internal sealed class FixedRandom : IRandom
    {
        private uint _x;

        public FixedRandom() { Reset(); }

        public void Reset() { _x = 0x9E3779B9; }

        public uint Next()
        {
            _x = _x * 1664525 + 1013904223;
            return _x;
        }
    }
}
