namespace NanoPhone.Sip.Transport;

/// <summary>What an Endpoint's host is.</summary>
public enum HostKind : byte
{
    /// <summary>Not set.</summary>
    None = 0,
    IPv4,
    IPv6,
    /// <summary>A DNS name, still to be resolved by the transport.</summary>
    Name,
}
