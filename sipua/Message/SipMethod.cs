using NanoPhone.Sip.Text;

namespace NanoPhone.Sip.Message;

/// <summary>The request methods this user agent knows (RFC 3261 §7.1, §27.4 and common extensions).</summary>
public enum SipMethod
{
    Unknown = 0,
    Invite,
    Ack,
    Bye,
    Cancel,
    Options,
    Register,
    Prack,
    Subscribe,
    Notify,
    Publish,
    Info,
    Refer,
    Message,
    Update,
}

public static class SipMethods
{
    /// <summary>Number of SipMethod values.</summary>
    private const int Count = 15;

    // The names as bytes (index: SipMethod), made once: a string literal allocates on nanoCLR at
    // every use and reads a native call per character.
    private static readonly byte[][] NameBytes = BuildNameBytes();

    private static byte[][] BuildNameBytes()
    {
        byte[][] names = new byte[Count][];
        for (int m = 0; m < Count; m++) names[m] = Ascii.Utf8Bytes(Name((SipMethod)m));
        return names;
    }

    /// <summary>Methods are case-sensitive (RFC 3261 §7.1).</summary>
    public static SipMethod Parse(byte[] buf, int off, int len)
    {
        if (len < 3 || len > 9) return SipMethod.Unknown;
        byte first = buf[off];
        for (int m = 1; m < Count; m++)
        {
            byte[] name = NameBytes[m];
            if (name.Length == len && name[0] == first && Ascii.Equals(buf, off, len, name)) return (SipMethod)m;
        }
        return SipMethod.Unknown;
    }

    public static string Name(SipMethod m)
    {
        switch (m)
        {
            case SipMethod.Invite: return "INVITE";
            case SipMethod.Ack: return "ACK";
            case SipMethod.Bye: return "BYE";
            case SipMethod.Cancel: return "CANCEL";
            case SipMethod.Options: return "OPTIONS";
            case SipMethod.Register: return "REGISTER";
            case SipMethod.Prack: return "PRACK";
            case SipMethod.Subscribe: return "SUBSCRIBE";
            case SipMethod.Notify: return "NOTIFY";
            case SipMethod.Publish: return "PUBLISH";
            case SipMethod.Info: return "INFO";
            case SipMethod.Refer: return "REFER";
            case SipMethod.Message: return "MESSAGE";
            case SipMethod.Update: return "UPDATE";
            default: return "UNKNOWN";
        }
    }
}
