namespace NanoPhone.Sip.Message;

/// <summary>The outcome of parsing a datagram. Errors are values; the codec never throws on input.</summary>
public enum ParseStatus : byte
{
    Ok = 0,
    /// <summary>Only CRLFs: a keep-alive (RFC 5626 §3.5.1 style), not a message.</summary>
    KeepAlive,
    /// <summary>The start line is not a Request-Line or Status-Line.</summary>
    BadStartLine,
    /// <summary>A request for a SIP version other than 2.0 (answered 505).</summary>
    BadVersion,
    /// <summary>A header line that is not "name: value", or too many headers.</summary>
    BadHeader,
    /// <summary>A known header whose value breaks its grammar.</summary>
    BadValue,
    /// <summary>A mandatory header is missing.</summary>
    MissingHeader,
    /// <summary>A header that may appear once appears more than once.</summary>
    DuplicateHeader,
    /// <summary>Content-Length does not frame the datagram, or no empty line ends the headers.</summary>
    BadFraming,
}
