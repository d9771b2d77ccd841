using NanoPhone.Sip.Message;
using NanoPhone.Sip.Text;

namespace NanoPhone.Sip.Transaction;

/// <summary>
/// What identifies a transaction, copied from the request that created it, and the matching
/// rules: §17.1.3 for responses to client transactions (top Via branch + CSeq method), §17.2.3
/// for requests to server transactions (magic-cookie branch + sent-by + method, ACK matching
/// INVITE; without the cookie the RFC 2543 rule: Request-URI, To tag, From tag, Call-ID, CSeq and
/// top Via, compared byte for byte). Branches and hosts compare case-insensitively (§7.3.1).
/// </summary>
internal sealed class TransactionKey
{
    private readonly ByteStore _b = new ByteStore();

    public SipMethod Method;
    /// <summary>Server: the request had no magic-cookie branch (RFC 2543 matching).</summary>
    public bool Rfc2543;
    private int _methodOff, _methodLen;
    private int _branchOff, _branchLen;
    private int _hostOff, _hostLen, _port;
    private int _uriOff, _uriLen, _fromTagOff, _fromTagLen, _toTagOff, _toTagLen;
    private int _callIdOff, _callIdLen, _viaOff, _viaLen;
    private long _cseq;
    private int _respTagOff, _respTagLen;
    private bool _hasRespTag;

    public void Clear()
    {
        _b.Clear();
        Method = SipMethod.Unknown;
        Rfc2543 = false;
        _methodOff = _methodLen = _branchOff = _branchLen = _hostOff = _hostLen = _port = 0;
        _uriOff = _uriLen = _fromTagOff = _fromTagLen = _toTagOff = _toTagLen = 0;
        _callIdOff = _callIdLen = _viaOff = _viaLen = 0;
        _cseq = 0;
        _respTagOff = _respTagLen = 0;
        _hasRespTag = false;
    }

    public byte[] Bytes { get { return _b.Data; } }

    public int BranchOffset { get { return _branchOff; } }

    public int BranchLength { get { return _branchLen; } }

    /// <summary>A client transaction: the branch the TU put in its Via, and the request's method.</summary>
    public void SetClient(SipMethod method, byte[] branch, int off, int len)
    {
        Clear();
        Method = method;
        _branchOff = _b.Append(branch, off, len);
        _branchLen = len;
    }

    /// <summary>A server transaction: copies what §17.2.3 compares from the request.</summary>
    public void SetServer(SipMessage m)
    {
        Clear();
        byte[] b = m.Buffer;
        Via v = m.TopVia;
        Method = m.Method;
        _methodLen = m.MethodLength;
        _methodOff = _b.Append(b, m.MethodOffset, _methodLen);
        Rfc2543 = !v.HasRfc3261Branch;
        _branchLen = v.BranchLength;
        _branchOff = _b.Append(b, v.BranchOffset, _branchLen);
        _hostLen = v.HostLength;
        _hostOff = _b.Append(b, v.HostOffset, _hostLen);
        _port = v.Port;
        if (!Rfc2543) return;
        _uriLen = m.RequestUri.Length;
        _uriOff = _b.Append(b, m.RequestUri.Offset, _uriLen);
        _fromTagLen = m.FromTagLength;
        _fromTagOff = _b.Append(b, m.FromTagOffset, _fromTagLen);
        _toTagLen = m.ToTagLength;
        _toTagOff = _b.Append(b, m.ToTagOffset, _toTagLen);
        _callIdLen = m.CallIdLength;
        _callIdOff = _b.Append(b, m.CallIdOffset, _callIdLen);
        _cseq = m.CSeq;
        int vo, vl;
        TopViaValue.Find(m, out vo, out vl);
        _viaLen = vl;
        _viaOff = _b.Append(b, vo, vl);
    }

    /// <summary>RFC 2543 ACK matching compares the ACK's To tag with the one of our final response.</summary>
    public bool HasResponseToTag { get { return _hasRespTag; } }

    public void SetResponseToTag(byte[] b, int off, int len)
    {
        _respTagLen = len;
        _respTagOff = _b.Append(b, off, len);
        _hasRespTag = true;
    }

    /// <summary>§17.1.3: same top-Via branch, and the CSeq method is the request's (so CANCEL differs).</summary>
    public bool MatchesResponse(SipMessage r)
    {
        Via v = r.TopVia;
        if (r.CSeqMethod != Method) return false;
        return Ascii.BytesEqualIgnoreCase(r.Buffer, v.BranchOffset, v.BranchLength, _b.Data, _branchOff, _branchLen);
    }

    /// <summary>
    /// §17.2.3: does request m belong to this server transaction, with m's method taken as
    /// asMethod? OnRequest passes the request's own method (ACK matches INVITE); §9.2's CANCEL
    /// lookup passes Invite.
    /// </summary>
    public bool MatchesRequest(SipMessage m, SipMethod asMethod)
    {
        Via v = m.TopVia;
        byte[] b = m.Buffer;
        bool isAck = asMethod == SipMethod.Ack;
        if (!SameMethod(m, isAck ? SipMethod.Invite : asMethod)) return false;
        if (v.HasRfc3261Branch)
        {
            return !Rfc2543
                && Ascii.BytesEqualIgnoreCase(b, v.BranchOffset, v.BranchLength, _b.Data, _branchOff, _branchLen)
                && Ascii.BytesEqualIgnoreCase(b, v.HostOffset, v.HostLength, _b.Data, _hostOff, _hostLen)
                && v.Port == _port;
        }
        if (!Rfc2543) return false;
        if (m.CSeq != _cseq
            || !Ascii.BytesEqual(b, m.RequestUri.Offset, m.RequestUri.Length, _b.Data, _uriOff, _uriLen)
            || !Ascii.BytesEqual(b, m.FromTagOffset, m.FromTagLength, _b.Data, _fromTagOff, _fromTagLen)
            || !Ascii.BytesEqual(b, m.CallIdOffset, m.CallIdLength, _b.Data, _callIdOff, _callIdLen))
        {
            return false;
        }
        int vo, vl;
        TopViaValue.Find(m, out vo, out vl);
        if (!Ascii.BytesEqual(b, vo, vl, _b.Data, _viaOff, _viaLen)) return false;
        if (isAck)
        {
            // The ACK's To tag is the one our final response carried.
            return _hasRespTag && Ascii.BytesEqual(b, m.ToTagOffset, m.ToTagLength, _b.Data, _respTagOff, _respTagLen);
        }
        return Ascii.BytesEqual(b, m.ToTagOffset, m.ToTagLength, _b.Data, _toTagOff, _toTagLen);
    }

    private bool SameMethod(SipMessage m, SipMethod asMethod)
    {
        if (asMethod != Method) return false;
        if (Method != SipMethod.Unknown) return true;
        // Methods this UA does not know are told apart by name (case-sensitive, §7.1).
        return Ascii.BytesEqual(m.Buffer, m.MethodOffset, m.MethodLength, _b.Data, _methodOff, _methodLen);
    }
}
