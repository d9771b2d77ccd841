using NanoPhone.Sip.Text;

namespace NanoPhone.Sip.Message;

/// <summary>
/// A Status-Line (RFC 3261 §7.2) written once as bytes, "SIP/2.0 180 Ringing" and its CRLF, for
/// the responses the phone sends on every call: on nanoCLR a reason phrase passed as a string
/// literal allocates at every use and is written a native call per character. Other responses
/// pass their code and reason as such.
/// </summary>
public sealed class StatusLine
{
    public static readonly StatusLine Trying = new StatusLine(100, "Trying");
    public static readonly StatusLine Ringing = new StatusLine(180, "Ringing");
    public static readonly StatusLine Ok = new StatusLine(200, "OK");
    public static readonly StatusLine MovedTemporarily = new StatusLine(302, "Moved Temporarily");
    public static readonly StatusLine TemporarilyUnavailable = new StatusLine(480, "Temporarily Unavailable");
    public static readonly StatusLine BusyHere = new StatusLine(486, "Busy Here");
    public static readonly StatusLine RequestTerminated = new StatusLine(487, "Request Terminated");
    public static readonly StatusLine Decline = new StatusLine(603, "Decline");

    public readonly int Code;
    public readonly string Reason;
    /// <summary>The whole line with its CRLF (shared: do not modify).</summary>
    public readonly byte[] Bytes;

    public StatusLine(int code, string reason)
    {
        Code = code;
        Reason = reason;
        Bytes = Ascii.Utf8Bytes("SIP/2.0 " + code + " " + reason + "\r\n");
    }
}
