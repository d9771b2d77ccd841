using NanoPhone.Sip.Text;

namespace NanoPhone.App.Web;

/// <summary>
/// Reads application/x-www-form-urlencoded text (a POST body or a query): name=value pairs joined
/// by '&amp;', '+' for a space, %XX for a byte, the bytes UTF-8 (WHATWG URL standard §5). Works on
/// the bytes in place; only the names and values asked for become strings. A malformed %-escape
/// makes the pair unreadable (<see cref="Value"/> says null, <see cref="IsMalformed"/> true).
/// </summary>
public sealed class FormReader
{
    /// <summary>The most pairs read; more are ignored.</summary>
    public const int MaxPairs = 48;

    private byte[] _buf;
    private readonly int[] _nameOff = new int[MaxPairs];
    private readonly int[] _nameLen = new int[MaxPairs];
    private readonly int[] _valueOff = new int[MaxPairs];
    private readonly int[] _valueLen = new int[MaxPairs];
    private int _count;

    public int Count { get { return _count; } }

    public void Read(byte[] buf, int off, int len)
    {
        _buf = buf;
        _count = 0;
        int end = off + len;
        int p = off;
        while (p < end && _count < MaxPairs)
        {
            int amp = p;
            while (amp < end && buf[amp] != (byte)'&') amp++;
            if (amp > p)
            {
                int eq = p;
                while (eq < amp && buf[eq] != (byte)'=') eq++;
                _nameOff[_count] = p;
                _nameLen[_count] = eq - p;
                _valueOff[_count] = eq < amp ? eq + 1 : amp;
                _valueLen[_count] = eq < amp ? amp - eq - 1 : 0;
                _count++;
            }
            p = amp + 1;
        }
    }

    /// <summary>The decoded name of pair <paramref name="index"/>, or null when it is malformed.</summary>
    public string Name(int index) { return Decode(_buf, _nameOff[index], _nameLen[index]); }

    /// <summary>The decoded value of pair <paramref name="index"/>, or null when it is malformed.</summary>
    public string ValueAt(int index) { return Decode(_buf, _valueOff[index], _valueLen[index]); }

    /// <summary>Whether pair <paramref name="index"/>'s name is <paramref name="name"/> (an ASCII name, compared decoded).</summary>
    public bool NameIs(int index, string name)
    {
        string n = Name(index);
        return n != null && n == name;
    }

    /// <summary>The first value named <paramref name="name"/>, or null when there is none (or it is malformed).</summary>
    public string Value(string name)
    {
        for (int i = 0; i < _count; i++)
        {
            if (NameIs(i, name)) return ValueAt(i);
        }
        return null;
    }

    /// <summary>Whether any name or value holds a bad %-escape.</summary>
    public bool IsMalformed
    {
        get
        {
            for (int i = 0; i < _count; i++)
            {
                if (Name(i) == null || ValueAt(i) == null) return true;
            }
            return false;
        }
    }

    /// <summary>Decodes '+' and %XX, then UTF-8; null on a bad escape.</summary>
    public static string Decode(byte[] buf, int off, int len)
    {
        if (len == 0) return "";
        bool plain = true;
        for (int i = off; i < off + len && plain; i++) plain = buf[i] != (byte)'%' && buf[i] != (byte)'+';
        if (plain) return Ascii.ToString(buf, off, len);
        byte[] bytes = new byte[len];
        int n = 0;
        for (int i = off; i < off + len; i++)
        {
            byte b = buf[i];
            if (b == (byte)'+') { bytes[n++] = (byte)' '; continue; }
            if (b != (byte)'%') { bytes[n++] = b; continue; }
            if (i + 2 >= off + len || !Ascii.IsHex(buf[i + 1]) || !Ascii.IsHex(buf[i + 2])) return null;
            bytes[n++] = (byte)(Ascii.HexValue(buf[i + 1]) * 16 + Ascii.HexValue(buf[i + 2]));
            i += 2;
        }
        return Ascii.ToString(bytes, 0, n);
    }
}
