namespace NanoPhone.App.Config;

/// <summary>
/// Every setting of the phone, one set of names used everywhere: the serial console, the
/// configuration file and the desktop host's --set. Look a key up with <see cref="Find"/>.
/// </summary>
public static class ConfigKeys
{
    public const string SipServer = "sip.server";
    public const string SipServerBackup = "sip.server.backup";
    public const string SipFailbackSeconds = "sip.failback.seconds";
    public const string SipPort = "sip.port";
    public const string SipUser = "sip.user";
    public const string SipPassword = "sip.password";
    public const string SipAuthUser = "sip.auth.user";
    public const string SipDomain = "sip.domain";
    public const string SipExpires = "sip.expires";
    public const string SipQ = "sip.q";
    public const string SipTransport = "sip.transport";
    public const string SipOutbound = "sip.outbound";
    public const string SipLocalPort = "sip.local.port";
    public const string SipKeepaliveSeconds = "sip.keepalive.seconds";
    public const string SipRfc5626 = "sip.rfc5626";
    public const string SipInstance = "sip.instance";
    public const string TlsCa = "tls.ca";
    public const string TlsCert = "tls.cert";
    public const string NetDns = "net.dns";
    public const string SipT1Ms = "sip.t1.ms";
    public const string SipT2Ms = "sip.t2.ms";
    public const string SipT4Ms = "sip.t4.ms";
    public const string ForwardAlwaysTarget = "forward.always.target";
    public const string ForwardBusyTarget = "forward.busy.target";
    public const string ForwardNoAnswerTarget = "forward.noanswer.target";
    public const string ForwardNoAnswerSeconds = "forward.noanswer.seconds";
    public const string Dnd = "dnd";
    public const string DndResponse = "dnd.response";
    public const string DirectCalls = "direct.calls";
    public const string CallWaiting = "call.waiting";
    public const string CallSessionExpires = "call.session.expires";
    public const string GhostFilter = "ghost.filter";
    public const string GhostAction = "ghost.action";
    public const string GhostTrust = "ghost.trust";
    public const string DialTimeoutSeconds = "dial.timeout.seconds";
    public const string RingerPattern = "ringer.pattern";
    public const string MediaPortMin = "media.port.min";
    public const string MediaPortMax = "media.port.max";
    public const string MediaJitterMinMs = "media.jitter.min.ms";
    public const string MediaJitterMaxMs = "media.jitter.max.ms";
    public const string AudioIn = "audio.in";
    public const string AudioOut = "audio.out";
    public const string WifiSsid = "net.wifi.ssid";
    public const string WifiPassword = "net.wifi.password";
    public const string NtpServer = "net.ntp.server";
    public const string WebPort = "web.port";
    public const string WebPassword = "web.password";
    public const string WebCert = "web.cert";
    public const string ProvisionUrl = "provision.url";
    public const string ProvisionHours = "provision.hours";
    public const string LogSyslog = "log.syslog";
    public const string MwiSubscribe = "mwi.subscribe";
    public const string MwiUri = "mwi.uri";
    public const string MwiExpires = "mwi.expires";
    public const string IntercomAllow = "intercom.allow";
    public const string IntercomTrust = "intercom.trust";
    public const string AutoAnswerSeconds = "autoanswer.seconds";
    public const string DoorCode = "door.code";
    public const string DoorPulseMs = "door.pulse.ms";

    /// <summary>All keys in the order <c>show</c> lists them and the file stores them.</summary>
    public static readonly ConfigKey[] All = new ConfigKey[]
    {
        ConfigKey.Host(SipServer, "registrar (and proxy, unless sip.outbound is set): host name or IP address; without sip.port a name gets DNS NAPTR/SRV"),
        ConfigKey.Int(SipPort, 1, 65535, 5060, "port of sip.server (5061 for tls); set: no SRV lookup"),
        ConfigKey.HostPort(SipServerBackup, 5060, "backup registrar, host[:port], when sip.server fails"),
        ConfigKey.Int(SipFailbackSeconds, 0, 86400, 300, "seconds at the backup before trying sip.server again; 0 = stay"),
        ConfigKey.User(SipUser, "our user name: the user part of our address sip:user@domain"),
        ConfigKey.SecretText(SipPassword, 1, 128, "password for digest authentication"),
        ConfigKey.Text(SipAuthUser, 1, 128, "digest authentication user name, if not sip.user"),
        ConfigKey.Host(SipDomain, "domain of our address sip:user@domain; sip.server if unset"),
        ConfigKey.Int(SipExpires, 60, 86400, 3600, "registration lifetime asked for, seconds"),
        ConfigKey.QValue(SipQ, "q-value of our Contact when registering; none if unset"),
        ConfigKey.Choice(SipTransport, new string[] { "udp", "tcp", "tls", "auto" }, "udp", "SIP transport; auto: DNS NAPTR chooses"),
        ConfigKey.ProxyUri(SipOutbound, "outbound proxy for REGISTER and new calls instead of sip.server, e.g. sip:proxy.example.com;lr"),
        ConfigKey.Int(SipLocalPort, 1, 65535, 5060, "local UDP port the phone listens on"),
        ConfigKey.OptionalInt(SipKeepaliveSeconds, 0, 3600, "keep-alive interval, seconds; 0 = off; unset: behind NAT or on an outbound flow"),
        ConfigKey.Choice(SipRfc5626, new string[] { "auto", "on", "off" }, "auto", "RFC 5626 outbound flows; auto: over tcp and tls"),
        ConfigKey.Text(SipInstance, 1, 128, "+sip.instance URN of this phone; made at first start"),
        ConfigKey.Int(SipT1Ms, 100, 10000, 500, "timer T1, round-trip estimate, ms (RFC 3261)"),
        ConfigKey.Int(SipT2Ms, 1000, 64000, 4000, "timer T2, longest retransmit interval, ms (RFC 3261)"),
        ConfigKey.Int(SipT4Ms, 1000, 64000, 5000, "timer T4, longest life of a message in the network, ms (RFC 3261)"),
        ConfigKey.Uri(ForwardAlwaysTarget, "forward every call to this URI (302); off if unset"),
        ConfigKey.Uri(ForwardBusyTarget, "forward calls to this URI while busy; off if unset"),
        ConfigKey.Uri(ForwardNoAnswerTarget, "forward unanswered calls to this URI, e.g. voicemail; off if unset"),
        ConfigKey.Int(ForwardNoAnswerSeconds, 0, 120, 20, "seconds of ringing before forwarding; 0 = off"),
        ConfigKey.Bool(Dnd, false, "do not disturb: refuse incoming calls"),
        ConfigKey.Choice(DndResponse, new string[] { "486", "480" }, "486",
            "answer while dnd is on: 486 Busy Here or 480 Temporarily Unavailable"),
        ConfigKey.Bool(CallWaiting, true, "call waiting: a second caller during a call waits (a tone, not the ringer); off: 486 or forward.busy.target"),
        ConfigKey.Int(CallSessionExpires, 0, 86400, 1800, "session timer our calls ask for (RFC 4028), seconds; at least 90; 0 = none asked"),
        ConfigKey.Bool(DirectCalls, false, "accept calls sent straight to our IP address, not via sip.server"),
        ConfigKey.Bool(GhostFilter, true, "refuse INVITEs not sent to us by a known server (scanner ghost calls)"),
        ConfigKey.Choice(GhostAction, new string[] { "drop", "403" }, "drop",
            "what the ghost filter does: drop silently or answer 403 Forbidden"),
        ConfigKey.AddressList(GhostTrust, "more IP addresses the ghost filter lets through, comma-separated; host names are not resolved"),
        ConfigKey.Int(DialTimeoutSeconds, 1, 30, 4, "seconds after the last digit before the number is dialed"),
        ConfigKey.Choice(RingerPattern, new string[] { "uk", "us", "de" }, "us",
            "ring cadence: uk (double ring), us (2 s on, 4 s off), de (1 s on, 4 s off)"),
        ConfigKey.Int(MediaPortMin, 1024, 65534, 4000, "lowest local RTP port; each call takes a free even port from here to media.port.max, RTCP on the next"),
        ConfigKey.Int(MediaPortMax, 1025, 65535, 4099, "highest local RTP port (with media.port.min: the range calls take their ports from)"),
        ConfigKey.Int(MediaJitterMinMs, 20, 200, 40, "shortest delay of the jitter buffer, ms (it grows with the measured jitter up to media.jitter.max.ms)"),
        ConfigKey.Int(MediaJitterMaxMs, 20, 200, 200, "longest delay of the jitter buffer, ms"),
        ConfigKey.Text(AudioIn, 1, 200, "simulator: the microphone: tone:HZ (a sine, e.g. tone:1000), a WAV file (8 kHz 16-bit PCM), or silence (the default)"),
        ConfigKey.Text(AudioOut, 1, 200, "simulator: a WAV file (8 kHz 16-bit mono) that gets what the phone plays (earpiece or loudspeaker); none if unset"),
        ConfigKey.Text(WifiSsid, 1, 32, "Wi-Fi network name"),
        ConfigKey.SecretText(WifiPassword, 8, 63, "Wi-Fi passphrase (WPA2); unset for an open network"),
        ConfigKey.HostPort(NetDns, 53, "DNS server, IP[:port]; DHCP's (device) or resolv.conf's (simulator) if unset"),
        ConfigKey.Text(TlsCa, 1, 128, "PEM file of the CA the SIP server's TLS certificate must chain to"),
        ConfigKey.Text(TlsCert, 1, 128, "PEM file with this phone's TLS client certificate and key"),
        ConfigKey.HostPort(NtpServer, 123, "SNTP server for the date and time, host[:port]; the device uses pool.ntp.org if unset, the simulator the PC's clock"),
        ConfigKey.OptionalInt(WebPort, 0, 65535, "TCP port of the web page; the device uses 80 (443 with web.cert) if unset, the simulator none; 0 = any free port"),
        ConfigKey.SecretText(WebPassword, 8, 64, "password of the web page; the page is off until it is set"),
        ConfigKey.Text(WebCert, 1, 128, "file holding the web page's certificate and key (PEM) for HTTPS; plain HTTP if unset"),
        ConfigKey.HttpUrl(ProvisionUrl, "settings file to fetch at boot and every provision.hours, e.g. http://cfg.example.com/{mac}.cfg"),
        ConfigKey.Int(ProvisionHours, 0, 720, 24, "hours between provisioning fetches; 0 = at boot only"),
        ConfigKey.HostPort(LogSyslog, 514, "syslog server for event lines and warnings (RFC 5424 over UDP), host[:port]; off if unset"),
        ConfigKey.Bool(MwiSubscribe, false, "subscribe to message waiting (RFC 3842) at the voicemail; the message lamp shows voicemail"),
        ConfigKey.Uri(MwiUri, "voicemail account to subscribe to, e.g. sip:voicemail@example.com; our own address if unset"),
        ConfigKey.Int(MwiExpires, 60, 86400, 3600, "message-waiting subscription lifetime asked for, seconds"),
        ConfigKey.Bool(IntercomAllow, false, "answer intercom calls (Call-Info answer-after, Alert-Info alert-autoanswer) on the speaker, from sip.server, sip.outbound or intercom.trust only"),
        ConfigKey.AddressList(IntercomTrust, "more IP addresses whose intercom calls are answered, comma-separated"),
        ConfigKey.OptionalInt(AutoAnswerSeconds, 0, 600, "answer every call on the speaker after this many seconds (a door station); off if unset"),
        ConfigKey.SecretDtmfCode(DoorCode, "keys the far end sends during a call (DTMF) to open the door, e.g. *1; off if unset"),
        ConfigKey.Int(DoorPulseMs, 100, 30000, 1000, "how long the door relay is energised, ms"),
    };

    /// <summary>The key called <paramref name="name"/> (ASCII case ignored), or null.</summary>
    public static ConfigKey Find(string name)
    {
        int i = IndexOf(name);
        return i < 0 ? null : All[i];
    }

    /// <summary>Position of the key in <see cref="All"/> (ASCII case ignored), or -1.</summary>
    public static int IndexOf(string name)
    {
        if (name == null) return -1;
        for (int i = 0; i < All.Length; i++)
        {
            if (ConfigText.EqualsIgnoreCase(All[i].Name, name)) return i;
        }
        return -1;
    }

    /// <summary>Whether a change of this key means the phone must register again (the sip.* keys).</summary>
    public static bool AffectsRegistration(string name)
    {
        return name != null && ConfigText.StartsWith(name, "sip.");
    }

    /// <summary>The three forward.*.target keys, which may never point at our own address.</summary>
    public static bool IsForwardTarget(string name)
    {
        return name == ForwardAlwaysTarget || name == ForwardBusyTarget || name == ForwardNoAnswerTarget;
    }
}
