using System;
using System.Net;
using System.Net.Sockets;

namespace NanoPhone.Host.Simulator;

/// <summary>
/// Which local address the phone should listen on: the one the system would send from to reach
/// the registrar (a connected UDP socket tells, without sending anything). 127.0.0.1 for a
/// registrar on loopback, and when there is no registrar or no route to it.
/// </summary>
public static class LocalAddress
{
    public static IPAddress For(string? server, int port, out string? warning)
    {
        warning = null;
        if (string.IsNullOrEmpty(server)) return IPAddress.Loopback;
        try
        {
            IPAddress? target;
            string literal = server.StartsWith('[') && server.EndsWith(']') ? server[1..^1] : server;
            if (!IPAddress.TryParse(literal, out target))
            {
                IPAddress[] all = Dns.GetHostAddresses(server);
                target = Array.Find(all, a => a.AddressFamily == AddressFamily.InterNetwork) ?? (all.Length > 0 ? all[0] : null);
                if (target == null) throw new SocketException((int)SocketError.HostNotFound);
            }
            if (IPAddress.IsLoopback(target)) return target;
            using var probe = new Socket(target.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            probe.Connect(new IPEndPoint(target, port));
            return ((IPEndPoint)probe.LocalEndPoint!).Address;
        }
        catch (Exception e) when (e is SocketException || e is ArgumentException)
        {
            warning = "no route to sip.server (" + e.Message + "); listening on 127.0.0.1";
            return IPAddress.Loopback;
        }
    }
}
