using NanoPhone.Sip.Text;

namespace NanoPhone.Sip.Message;

/// <summary>
/// A parsed SIP message: (offset, length) views into the receive buffer, which it does not copy.
/// One instance is reused for every datagram (SipParser.Parse overwrites it), so receiving
/// allocates nothing. Values stay valid only while the buffer is not reused.
/// </summary>
public sealed class SipMessage
{
    public const int MaxHeaders = 64;

    public byte[] Buffer;
    public int Offset;
    /// <summary>Bytes of the message, body included; trailing bytes of the datagram are excluded.</summary>
    public int Length;

    public ParseStatus Status;
    /// <summary>Why parsing failed, for the 400 reason phrase and for people; null when Ok.</summary>
    public string Error;

    public bool IsRequest;
    public SipMethod Method;
    public int MethodOffset, MethodLength;
    public readonly SipUri RequestUri = new SipUri();
    public int StatusCode;
    public int ReasonOffset, ReasonLength;

    // Per header line, in order. The ids and values are internal for the parser's own checks,
    // which read them directly rather than through an accessor call per line.
    internal readonly byte[] _ids = new byte[MaxHeaders];
    private readonly int[] _nameOffset = new int[MaxHeaders];
    private readonly int[] _nameLength = new int[MaxHeaders];
    internal readonly int[] _valueOffset = new int[MaxHeaders];
    internal readonly int[] _valueLength = new int[MaxHeaders];
    /// <summary>Per HeaderId, 1 + the index of its first and of its last header line, 0 if none: lookups without a walk.</summary>
    private readonly byte[] _firstById = new byte[HeaderIds.Count];
    private readonly byte[] _lastById = new byte[HeaderIds.Count];
    public int HeaderCount;

    public int BodyOffset, BodyLength;

    // Values of the headers every layer needs, decoded once.
    public readonly Via TopVia = new Via();
    /// <summary>Number of Via values (across all Via header lines).</summary>
    public int ViaCount;
    public readonly NameAddr From = new NameAddr();
    public readonly NameAddr To = new NameAddr();
    public int FromTagOffset, FromTagLength;
    public int ToTagOffset, ToTagLength;
    public int CallIdOffset, CallIdLength;
    public long CSeq;
    public SipMethod CSeqMethod;
    public int CSeqMethodOffset, CSeqMethodLength;
    /// <summary>-1 when absent.</summary>
    public int MaxForwards;
    /// <summary>-1 when absent.</summary>
    public int ContentLength;
    /// <summary>-1 when absent.</summary>
    public long Expires;

    /// <summary>
    /// Where the datagram came from, as text without brackets (set by the transport user after
    /// parsing; length 0 if unknown): responses add it to the top Via as received and rport
    /// (RFC 3261 §18.2.1, RFC 3581 §4).
    /// </summary>
    public readonly byte[] SourceHost = new byte[48];
    public int SourceHostLength;
    public int SourcePort;

    public bool IsResponse { get { return !IsRequest; } }

    public bool HasToTag { get { return ToTagLength > 0; } }

    internal void Reset(byte[] buffer, int offset)
    {
        Buffer = buffer; Offset = offset; Length = 0;
        Status = ParseStatus.Ok; Error = null;
        IsRequest = false; Method = SipMethod.Unknown; MethodOffset = MethodLength = 0;
        StatusCode = 0; ReasonOffset = ReasonLength = 0;
        if (HeaderCount > 0)
        {
            System.Array.Clear(_firstById, 0, _firstById.Length);
            System.Array.Clear(_lastById, 0, _lastById.Length);
        }
        HeaderCount = 0; BodyOffset = BodyLength = 0;
        ViaCount = 0;
        TopVia.Clear();
        FromTagOffset = FromTagLength = ToTagOffset = ToTagLength = 0;
        CallIdOffset = CallIdLength = 0;
        CSeq = -1; CSeqMethod = SipMethod.Unknown; CSeqMethodOffset = CSeqMethodLength = 0;
        MaxForwards = -1; ContentLength = -1; Expires = -1;
        SourceHostLength = 0; SourcePort = 0;
    }

    internal bool AddHeader(HeaderId id, int nameOffset, int nameLength, int valueOffset, int valueLength)
    {
        if (HeaderCount == MaxHeaders) return false;
        int i = HeaderCount++;
        _ids[i] = (byte)id;
        if (_firstById[(int)id] == 0) _firstById[(int)id] = (byte)(i + 1);
        _lastById[(int)id] = (byte)(i + 1);
        _nameOffset[i] = nameOffset;
        _nameLength[i] = nameLength;
        _valueOffset[i] = valueOffset;
        _valueLength[i] = valueLength;
        return true;
    }

    public HeaderId HeaderIdAt(int index) { return (HeaderId)_ids[index]; }

    public int NameOffsetAt(int index) { return _nameOffset[index]; }

    public int NameLengthAt(int index) { return _nameLength[index]; }

    public int ValueOffsetAt(int index) { return _valueOffset[index]; }

    public int ValueLengthAt(int index) { return _valueLength[index]; }

    /// <summary>Index of the first header with this id at or after start, or -1.</summary>
    public int IndexOf(HeaderId id, int start)
    {
        if (start == 0) return _firstById[(int)id] - 1;
        int last = _lastById[(int)id] - 1;
        for (int i = start; i <= last; i++)
        {
            if (_ids[i] == (byte)id) return i;
        }
        return -1;
    }

    public int IndexOf(HeaderId id) { return _firstById[(int)id] - 1; }

    /// <summary>Index of the last header with this id, or -1.</summary>
    public int LastIndexOf(HeaderId id) { return _lastById[(int)id] - 1; }

    /// <summary>Index of the first header with this name (for headers this UA does not know), or -1.</summary>
    public int IndexOfName(string name)
    {
        for (int i = 0; i < HeaderCount; i++)
        {
            if (Ascii.EqualsIgnoreCase(Buffer, _nameOffset[i], _nameLength[i], name)) return i;
        }
        return -1;
    }

    public int Count(HeaderId id)
    {
        int n = 0;
        for (int i = 0; i < HeaderCount; i++)
        {
            if (_ids[i] == (byte)id) n++;
        }
        return n;
    }

    public bool Has(HeaderId id) { return _firstById[(int)id] != 0; }

    /// <summary>The value of the first header with this id as text (for people), or null.</summary>
    public string ValueText(HeaderId id)
    {
        int i = IndexOf(id, 0);
        return i < 0 ? null : Ascii.ToString(Buffer, _valueOffset[i], _valueLength[i]);
    }

    public string CallIdText { get { return Ascii.ToString(Buffer, CallIdOffset, CallIdLength); } }

    public string ReasonText { get { return Ascii.ToString(Buffer, ReasonOffset, ReasonLength); } }

    public string MethodText { get { return Ascii.ToString(Buffer, MethodOffset, MethodLength); } }

    /// <summary>True if both messages carry the same Call-ID (compared byte for byte, RFC 3261 §20.8).</summary>
    public bool SameCallId(byte[] other, int offset, int length)
    {
        return Ascii.BytesEqual(Buffer, CallIdOffset, CallIdLength, other, offset, length);
    }
}
