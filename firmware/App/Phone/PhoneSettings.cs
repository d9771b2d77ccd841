using NanoPhone.App.Config;
using NanoPhone.Sip.Context;
using NanoPhone.Sip.Call;
using NanoPhone.Sip.Subscription;
using NanoPhone.Sip.Text;
using NanoPhone.Sip.Timing;
using NanoPhone.Sip.Transport;

namespace NanoPhone.App.Phone;

/// <summary>
/// The configuration as the user agent needs it: <see cref="ApplyAccount"/> fills AgentSettings
/// from the sip.* keys, <see cref="ApplyCalls"/> fills CallSettings from forward.*, dnd, ghost.*
/// and direct.calls. Unset keys give their defaults (or "off"); values were validated when set.
/// </summary>
public static class PhoneSettings
{
    /// <summary>The port a ghost.trust address is compared with (the ghost filter ignores ports but needs one).</summary>
    public const int TrustedPort = Endpoint.DefaultSipPort;

    /// <summary>
    /// sip.user, sip.auth.user, sip.password, sip.domain (sip.server when unset), sip.server and
    /// sip.port (the registrar), sip.outbound (the outbound proxy, RFC 3261 §8.1.2: REGISTER and new
    /// calls go to its host and port with it as a preloaded Route, ;lr added if the URI lacks it;
    /// unset, they go to sip.server), sip.expires, sip.q, sip.keepalive.seconds, sip.t1.ms, sip.t2.ms
    /// and sip.t4.ms; sip.transport (udp, tcp, tls; auto: NAPTR chooses), sip.server.backup,
    /// sip.failback.seconds, sip.rfc5626 and sip.instance (RFC 5626). Not used here: sip.local.port,
    /// net.dns, tls.ca and tls.cert (the host applies them to its sockets).
    /// </summary>
    public static void ApplyAccount(PhoneConfig config, AgentSettings s)
    {
        s.User = OrEmpty(config.Get(ConfigKeys.SipUser));
        s.AuthUser = config.Get(ConfigKeys.SipAuthUser);
        s.Password = OrEmpty(config.Get(ConfigKeys.SipPassword));
        s.Domain = OrEmpty(config.Domain);
        string transport = config.Get(ConfigKeys.SipTransport);
        TransportProtocol protocol = transport == "tcp" ? TransportProtocol.Tcp : transport == "tls" ? TransportProtocol.Tls : TransportProtocol.Udp;
        s.TransportFixed = transport != "auto";
        s.ServerPortGiven = config.IsSet(ConfigKeys.SipPort);
        string server = config.Get(ConfigKeys.SipServer);
        if (server == null || !s.Server.TrySetHost(server, config.GetInt(ConfigKeys.SipPort, TransportProtocols.DefaultPort(protocol))))
            s.Server.Clear();
        s.Server.Protocol = protocol;
        string backup = config.Get(ConfigKeys.SipServerBackup);
        s.Backup.Clear();
        if (backup != null && s.Backup.TryParse(backup, 0))
        {
            s.BackupPortGiven = s.Backup.Port != 0;
            if (s.Backup.Port == 0) s.Backup.Port = TransportProtocols.DefaultPort(protocol);
            s.Backup.Protocol = protocol;
        }
        else s.Backup.Clear();
        s.FailbackSeconds = config.GetInt(ConfigKeys.SipFailbackSeconds, 300);
        string flow = config.Get(ConfigKeys.SipRfc5626);
        s.OutboundMode = flow == "off" ? 0 : flow == "on" ? 2 : 1;
        s.Instance = config.Get(ConfigKeys.SipInstance);
        string outbound = config.Get(ConfigKeys.SipOutbound);
        if (outbound == null || !s.SetOutboundProxy(outbound)) s.ClearOutboundProxy();
        s.Expires = config.GetInt(ConfigKeys.SipExpires, 3600);
        s.Q = config.GetQMillis(ConfigKeys.SipQ);
        s.KeepAliveSeconds = config.GetInt(ConfigKeys.SipKeepaliveSeconds, -1);
        s.Timers.T1 = config.GetInt(ConfigKeys.SipT1Ms, 500);
        s.Timers.T2 = config.GetInt(ConfigKeys.SipT2Ms, 4000);
        s.Timers.T4 = config.GetInt(ConfigKeys.SipT4Ms, 5000);
    }

    /// <summary>
    /// forward.always/busy/noanswer.target, forward.noanswer.seconds, dnd, dnd.response, ghost.filter,
    /// ghost.action (403 or drop), ghost.trust (IP addresses only: the setting refuses host names, which
    /// nothing would resolve), direct.calls, intercom.allow, intercom.trust (as ghost.trust), autoanswer.seconds;
    /// the media address is the phone's own address.
    /// </summary>
    public static void ApplyCalls(PhoneConfig config, CallSettings c, Endpoint localContact)
    {
        c.ForwardAlwaysTarget = config.Get(ConfigKeys.ForwardAlwaysTarget);
        c.ForwardBusyTarget = config.Get(ConfigKeys.ForwardBusyTarget);
        c.ForwardNoAnswerTarget = config.Get(ConfigKeys.ForwardNoAnswerTarget);
        c.NoAnswerSeconds = config.GetInt(ConfigKeys.ForwardNoAnswerSeconds, 20);
        c.DoNotDisturb = config.GetBool(ConfigKeys.Dnd);
        c.DndStatus = config.GetInt(ConfigKeys.DndResponse, 486) == 480 ? 480 : 486;
        c.GhostFilter = config.GetBool(ConfigKeys.GhostFilter);
        c.GhostReject403 = config.Get(ConfigKeys.GhostAction) == "403";
        c.Trusted = TrustedHosts(config.Get(ConfigKeys.GhostTrust));
        c.DirectCalls = config.GetBool(ConfigKeys.DirectCalls);
        c.CallWaiting = config.GetBool(ConfigKeys.CallWaiting);
        c.SessionExpires = config.GetInt(ConfigKeys.CallSessionExpires, 1800);
        c.IntercomAllow = config.GetBool(ConfigKeys.IntercomAllow);
        c.IntercomTrusted = TrustedHosts(config.Get(ConfigKeys.IntercomTrust));
        c.AutoAnswerSeconds = config.GetInt(ConfigKeys.AutoAnswerSeconds, AutoAnswer.Never);
        SetMediaAddress(c, localContact);
    }

    /// <summary>
    /// The resolver's DNS server: net.dns when it is set and an IP address (a name could not be
    /// looked up), else the platform's, else none (Kind None: the platform resolves names itself).
    /// </summary>
    public static void ApplyDns(PhoneConfig config, Endpoint server, Endpoint platformDns)
    {
        string dns = config.Get(ConfigKeys.NetDns);
        if (dns != null && server.TryParse(dns, 53) && !server.IsName)
        {
            server.Protocol = TransportProtocol.Udp;
            return;
        }
        if (platformDns != null && platformDns.Kind != HostKind.None && !platformDns.IsName) server.CopyFrom(platformDns);
        else server.Clear();
    }

    /// <summary>A new RFC 4122 version-4 UUID URN (RFC 5626 §4.1 instance), "urn:uuid:xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".</summary>
    public static string NewInstance(Randomness random)
    {
        char[] c = new char[36];
        for (int i = 0; i < 36; i++)
        {
            if (i == 8 || i == 13 || i == 18 || i == 23) { c[i] = '-'; continue; }
            int v = (int)(random.Next() & 15);
            if (i == 14) v = 4;
            else if (i == 19) v = 8 | (v & 3);
            c[i] = (char)(v < 10 ? '0' + v : 'a' + v - 10);
        }
        return "urn:uuid:" + new string(c);
    }

    /// <summary>mwi.subscribe, mwi.uri (our AOR when unset), mwi.expires.</summary>
    public static void ApplyMwi(PhoneConfig config, MwiSettings m)
    {
        m.Subscribe = config.GetBool(ConfigKeys.MwiSubscribe);
        m.Uri = config.Get(ConfigKeys.MwiUri);
        m.Expires = config.GetInt(ConfigKeys.MwiExpires, 3600);
    }

    /// <summary>True for the mwi.* keys: a change restarts the subscription.</summary>
    public static bool IsMwiKey(string key)
    {
        return key == ConfigKeys.MwiSubscribe || key == ConfigKeys.MwiUri || key == ConfigKeys.MwiExpires;
    }

    /// <summary>The SDP c= address: the host of our Contact, IPv6 without brackets.</summary>
    public static void SetMediaAddress(CallSettings c, Endpoint localContact)
    {
        if (localContact == null || localContact.Kind == HostKind.None) return;
        if (localContact.IsName)
        {
            c.Media.Address = localContact.HostName;
            c.Media.AddressIsIpv6 = false;
            return;
        }
        byte[] text = new byte[Endpoint.MaxAddressTextLength];
        int n = localContact.WriteHost(text, 0);
        c.Media.AddressIsIpv6 = localContact.IsIPv6;
        c.Media.Address = localContact.IsIPv6 ? Ascii.ToString(text, 1, n - 2) : Ascii.ToString(text, 0, n);
    }

    /// <summary>The addresses of a comma-separated ghost.trust value; entries that are no IP address are skipped.</summary>
    public static Endpoint[] TrustedHosts(string list)
    {
        if (list == null || list.Length == 0) return new Endpoint[0];
        int count = 0;
        Endpoint[] found = new Endpoint[Count(list, ',') + 1];
        int start = 0;
        while (start <= list.Length)
        {
            int comma = list.IndexOf(',', start);
            int end = comma < 0 ? list.Length : comma;
            string host = ConfigText.Trim(list.Substring(start, end - start));
            Endpoint e = new Endpoint();
            if (host.Length > 0 && e.TrySetHost(host, TrustedPort) && !e.IsName) found[count++] = e;
            start = end + 1;
        }
        Endpoint[] result = new Endpoint[count];
        System.Array.Copy(found, result, count);
        return result;
    }

    private static int Count(string s, char c)
    {
        int n = 0;
        for (int i = 0; i < s.Length; i++) if (s[i] == c) n++;
        return n;
    }

    private static string OrEmpty(string s) { return s == null ? "" : s; }
}
