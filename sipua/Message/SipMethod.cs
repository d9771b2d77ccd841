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
    /// <summary>Methods are case-sensitive (RFC 3261 §7.1).</summary>
    public static SipMethod Parse(byte[] buf, int off, int len)
    {
        switch (len)
        {
            case 3:
                if (Ascii.Equals(buf, off, len, "ACK")) return SipMethod.Ack;
                if (Ascii.Equals(buf, off, len, "BYE")) return SipMethod.Bye;
                break;
            case 4:
                if (Ascii.Equals(buf, off, len, "INFO")) return SipMethod.Info;
                break;
            case 5:
                if (Ascii.Equals(buf, off, len, "PRACK")) return SipMethod.Prack;
                if (Ascii.Equals(buf, off, len, "REFER")) return SipMethod.Refer;
                break;
            case 6:
                if (Ascii.Equals(buf, off, len, "INVITE")) return SipMethod.Invite;
                if (Ascii.Equals(buf, off, len, "CANCEL")) return SipMethod.Cancel;
                if (Ascii.Equals(buf, off, len, "NOTIFY")) return SipMethod.Notify;
                if (Ascii.Equals(buf, off, len, "UPDATE")) return SipMethod.Update;
                break;
            case 7:
                if (Ascii.Equals(buf, off, len, "OPTIONS")) return SipMethod.Options;
                if (Ascii.Equals(buf, off, len, "PUBLISH")) return SipMethod.Publish;
                if (Ascii.Equals(buf, off, len, "MESSAGE")) return SipMethod.Message;
                break;
            case 8:
                if (Ascii.Equals(buf, off, len, "REGISTER")) return SipMethod.Register;
                break;
            case 9:
                if (Ascii.Equals(buf, off, len, "SUBSCRIBE")) return SipMethod.Subscribe;
                break;
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
