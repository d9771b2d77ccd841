using NanoPhone.Sip.Context;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Text;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Sip.Call;

/// <summary>
/// Ghost calls are INVITEs that scanners send straight to a phone's port: they ring at night with
/// nobody on the line. A request outside a dialog is accepted only from a known server — the
/// registrar (the configured one, or the address REGISTER responses come from, which is the
/// outbound proxy's when there is one) or the outbound proxy (the configured one) — a trusted host,
/// or anyone when direct calls are on; and only for our own user.
/// </summary>
internal static class GhostFilter
{
    public static bool Admits(UaContext ua, CallSettings s, SipMessage request, Endpoint source)
    {
        if (!s.GhostFilter) return true;
        bool fromTrusted = s.DirectCalls || SameHost(source, ua.Settings.Server) || SameHost(source, ua.RegistrarSeen)
            || SameHost(source, ua.Settings.OutboundProxy);
        for (int i = 0; !fromTrusted && i < s.Trusted.Length; i++) fromTrusted = SameHost(source, s.Trusted[i]);
        if (!fromTrusted) return false;
        SipUri uri = request.RequestUri;
        if (!uri.HasUser) return s.DirectCalls;
        return Ascii.Equals(uri.Buffer, uri.UserOffset, uri.UserLength, ua.Settings.User);
    }

    /// <summary>Same address, any port: a proxy may send from another port than it listens on.</summary>
    private static bool SameHost(Endpoint a, Endpoint b)
    {
        if (b == null || b.Port == 0) return false;
        int port = a.Port;
        a.Port = b.Port;
        bool same = a.Equals(b);
        a.Port = port;
        return same;
    }
}
