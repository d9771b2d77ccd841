namespace NanoPhone.Sip.Message;

/// <summary>
/// Walks the comma-separated values of every header line of one kind, in message order (RFC 3261
/// §7.3.1: "Contact: a, b" is two values, as two Contact lines are). Commas in quoted strings and
/// angle brackets do not split; a line whose quote or bracket never closes ends at its last whole
/// value. A value is a view into the message (not trimmed). The one walker for Contact lists
/// (REGISTER 2xx, 3xx) and Reason (CANCEL); a value type, so no walker object is kept anywhere.
/// <code>
/// HeaderValues v = new HeaderValues(m, HeaderId.Contact);
/// while (v.Next()) Use(m.Buffer, v.Offset, v.Length);
/// </code>
/// </summary>
public struct HeaderValues
{
    private readonly SipMessage _m;
    private readonly HeaderId _id;
    private int _line;
    private int _p;
    private int _end;

    /// <summary>The current value (after Next returned true).</summary>
    public int Offset;
    public int Length;

    public HeaderValues(SipMessage m, HeaderId id)
    {
        _m = m;
        _id = id;
        _line = -1;
        _p = 0;
        _end = 0;
        Offset = 0;
        Length = 0;
    }

    /// <summary>Moves to the next value; false when there is none left.</summary>
    public bool Next()
    {
        while (true)
        {
            if (_p < _end)
            {
                int comma = Lws.NextComma(_m.Buffer, _p, _end);
                if (comma >= 0)
                {
                    Offset = _p;
                    Length = comma - _p;
                    _p = comma + 1;
                    return true;
                }
            }
            _line = _m.IndexOf(_id, _line + 1);
            if (_line < 0)
            {
                _p = _end = 0;
                return false;
            }
            _p = _m.ValueOffsetAt(_line);
            _end = _p + _m.ValueLengthAt(_line);
        }
    }
}
