using NanoPhone.Sip.Message;
using NanoPhone.Sip.Text;

namespace NanoPhone.Sip.Transport;

/// <summary>
/// Where a message comes from or goes to: an IPv4 or IPv6 address (bytes) or a DNS name, a port,
/// and the transport protocol (UDP unless set: a connection's messages carry TCP or TLS, so a
/// response goes back on the connection its request came in on). Mutable and reusable, so the
/// receive path and the transactions fill preallocated instances instead of allocating. Equality
/// is the address: same kind, same address bytes (names compared case-insensitively) and same
/// port, whatever the protocol (<see cref="SameFlow"/> compares the protocol too). Formats as
/// "host:port", IPv6 in brackets (RFC 3261 §19.1.1, RFC 5118), for Via, Contact and logs. The host
/// setters leave the protocol as it is; <see cref="CopyFrom"/> copies it, <see cref="Clear"/> makes it UDP.
/// </summary>
public sealed class Endpoint
{
    public const int DefaultSipPort = 5060;
    /// <summary>Longest "[IPv6]:port" text.</summary>
    public const int MaxAddressTextLength = IpText.MaxIPv6Length + 2 + 6;

    private readonly byte[] _address = new byte[16];
    private HostKind _kind;
    private string _name;
    private byte[] _text;

    public int Port;

    /// <summary>UDP, or the connection's TCP or TLS.</summary>
    public TransportProtocol Protocol;

    public Endpoint() { }

    /// <summary>An endpoint from a host literal or name; throws if host is not one.</summary>
    public Endpoint(string host, int port)
    {
        if (!TrySetHost(host, port)) throw new System.ArgumentException("not an IP literal or host name: " + host);
    }

    public HostKind Kind { get { return _kind; } }

    public bool IsIPv4 { get { return _kind == HostKind.IPv4; } }

    public bool IsIPv6 { get { return _kind == HostKind.IPv6; } }

    public bool IsName { get { return _kind == HostKind.Name; } }

    /// <summary>The DNS name when Kind is Name, else null.</summary>
    public string HostName { get { return _name; } }

    /// <summary>4, 16, or 0 for a name or nothing.</summary>
    public int AddressLength { get { return _kind == HostKind.IPv4 ? 4 : _kind == HostKind.IPv6 ? 16 : 0; } }

    public byte AddressAt(int index) { return _address[index]; }

    /// <summary>Copies the AddressLength address bytes to dst (network order).</summary>
    public void CopyAddressTo(byte[] dst, int off)
    {
        System.Array.Copy(_address, 0, dst, off, AddressLength);
    }

    public void Clear()
    {
        _kind = HostKind.None;
        _name = null;
        Port = 0;
        Protocol = TransportProtocol.Udp;
    }

    public void SetIPv4(byte a, byte b, byte c, byte d, int port)
    {
        _address[0] = a; _address[1] = b; _address[2] = c; _address[3] = d;
        _kind = HostKind.IPv4;
        _name = null;
        Port = port;
    }

    /// <summary>Sets a 4-byte (IPv4) or 16-byte (IPv6) address in network order.</summary>
    public void SetAddress(byte[] src, int off, int len, int port)
    {
        if (len != 4 && len != 16) throw new System.ArgumentException("an address has 4 or 16 bytes");
        System.Array.Copy(src, off, _address, 0, len);
        _kind = len == 4 ? HostKind.IPv4 : HostKind.IPv6;
        _name = null;
        Port = port;
    }

    /// <summary>
    /// Sets the host from text: an IPv4 literal, an IPv6 literal with or without brackets, or a
    /// host name (RFC 3261 hostname; the name's string is allocated). False if none fits.
    /// </summary>
    public bool TrySetHost(byte[] b, int off, int len, int port)
    {
        if (len <= 0) return false;
        if (b[off] == (byte)'[')
        {
            if (len < 3 || b[off + len - 1] != (byte)']') return false;
            off++;
            len -= 2;
        }
        if (IpText.TryParseIPv4(b, off, len, _address, 0)) { _kind = HostKind.IPv4; _name = null; Port = port; return true; }
        if (IpText.TryParseIPv6(b, off, len, _address, 0)) { _kind = HostKind.IPv6; _name = null; Port = port; return true; }
        if (!IsHostName(b, off, len)) return false;
        _kind = HostKind.Name;
        _name = Ascii.ToString(b, off, len);
        Port = port;
        return true;
    }

    public bool TrySetHost(string host, int port)
    {
        if (host == null) return false;
        byte[] b = Ascii.Utf8Bytes(host);
        return TrySetHost(b, 0, b.Length, port);
    }

    /// <summary>Parses "host", "host:port", "[v6]", "[v6]:port" or a bare IPv6 literal (no port).</summary>
    public bool TryParse(string text, int defaultPort)
    {
        if (text == null || text.Length == 0) return false;
        byte[] b = Ascii.Utf8Bytes(text);
        int hostEnd = b.Length;
        int colons = 0;
        for (int i = 0; i < b.Length; i++)
        {
            if (b[i] == (byte)':') colons++;
        }
        if (b[0] == (byte)'[')
        {
            hostEnd = -1;
            for (int i = 0; i < b.Length; i++)
            {
                if (b[i] == (byte)']') { hostEnd = i + 1; break; }
            }
            if (hostEnd < 0) return false;
        }
        else if (colons == 1)
        {
            for (int i = 0; i < b.Length; i++)
            {
                if (b[i] == (byte)':') { hostEnd = i; break; }
            }
        }
        int port = defaultPort;
        if (hostEnd < b.Length)
        {
            if (b[hostEnd] != (byte)':') return false;
            long p;
            if (!Ascii.TryParseUInt(b, hostEnd + 1, b.Length - hostEnd - 1, 65535, out p)) return false;
            port = (int)p;
        }
        return TrySetHost(b, 0, hostEnd, port);
    }

    public void CopyFrom(Endpoint other)
    {
        System.Array.Copy(other._address, _address, 16);
        _kind = other._kind;
        _name = other._name;
        Port = other.Port;
        Protocol = other.Protocol;
    }

    /// <summary>The same address and port over the same protocol: the same connection or datagram flow.</summary>
    public bool SameFlow(Endpoint other)
    {
        return other != null && other.Protocol == Protocol && Equals(other);
    }

    public bool Equals(Endpoint other)
    {
        if (other == null || other._kind != _kind || other.Port != Port) return false;
        if (_kind == HostKind.Name) return EqualsIgnoreCase(_name, other._name);
        int n = AddressLength;
        for (int i = 0; i < n; i++)
        {
            if (_address[i] != other._address[i]) return false;
        }
        return true;
    }

    public override bool Equals(object obj) { return Equals(obj as Endpoint); }

    public override int GetHashCode()
    {
        int h = (int)_kind * 31 + Port;
        if (_kind == HostKind.Name)
        {
            for (int i = 0; i < _name.Length; i++) h = h * 31 + (_name[i] | 0x20);
        }
        else
        {
            for (int i = 0; i < AddressLength; i++) h = h * 31 + _address[i];
        }
        return h;
    }

    /// <summary>Writes the host ("192.0.2.1", "[2001:db8::1]", "example.com"); returns the offset after it.</summary>
    public int WriteHost(byte[] dst, int off)
    {
        switch (_kind)
        {
            case HostKind.IPv4:
                return IpText.WriteIPv4(_address, 0, dst, off);
            case HostKind.IPv6:
                dst[off++] = (byte)'[';
                off = IpText.WriteIPv6(_address, 0, dst, off);
                dst[off++] = (byte)']';
                return off;
            case HostKind.Name:
                return Ascii.WriteUtf8(_name, dst, off);
            default:
                return off;
        }
    }

    /// <summary>Writes "host:port" (just the host when Port is 0); returns the offset after it.</summary>
    public int WriteHostPort(byte[] dst, int off)
    {
        off = WriteHost(dst, off);
        if (Port == 0) return off;
        dst[off++] = (byte)':';
        return IpText.WriteDecimal(Port, dst, off);
    }

    /// <summary>Appends "host:port" to a writer, e.g. for a Via sent-by or a Contact URI.</summary>
    public void WriteHostPort(SipWriter w)
    {
        if (_kind == HostKind.Name)
        {
            w.Text(_name);
            if (Port != 0) w.Byte((byte)':').Number(Port);
            return;
        }
        if (_text == null) _text = new byte[MaxAddressTextLength];
        w.Bytes(_text, 0, WriteHostPort(_text, 0));
    }

    /// <summary>"host:port" for logs (allocates).</summary>
    public override string ToString()
    {
        if (_kind == HostKind.None) return "(none)";
        if (_kind == HostKind.Name) return Port == 0 ? _name : _name + ":" + Port.ToString();
        byte[] t = new byte[MaxAddressTextLength];
        return Ascii.ToString(t, 0, WriteHostPort(t, 0));
    }

    /// <summary>hostname of RFC 3261 §25.1: labels of alphanum and '-', the last one starting with a letter.</summary>
    private static bool IsHostName(byte[] b, int off, int len)
    {
        int end = off + len;
        if (b[end - 1] == (byte)'.') end--;
        int lastLabel = off;
        for (int i = off; i < end; i++)
        {
            byte c = b[i];
            if (c == (byte)'.')
            {
                if (i == lastLabel) return false;
                lastLabel = i + 1;
            }
            else if (!Ascii.IsAlpha(c) && !Ascii.IsDigit(c) && c != (byte)'-') return false;
        }
        return lastLabel < end && Ascii.IsAlpha(b[lastLabel]);
    }

    private static bool EqualsIgnoreCase(string a, string b)
    {
        if (a.Length != b.Length) return false;
        for (int i = 0; i < a.Length; i++)
        {
            char x = a[i], y = b[i];
            if (x >= 'A' && x <= 'Z') x = (char)(x | 0x20);
            if (y >= 'A' && y <= 'Z') y = (char)(y | 0x20);
            if (x != y) return false;
        }
        return true;
    }
}
