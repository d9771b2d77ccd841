using System;
using System.IO;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Host.Simulator;

/// <summary>The simulator's DNS server when net.dns is unset: the first "nameserver" line of /etc/resolv.conf (an IPv4 or IPv6 address).</summary>
public static class ResolvConf
{
    public const string Path = "/etc/resolv.conf";

    /// <summary>Sets into to the first name server (port 53); leaves it unset when there is none or the file cannot be read.</summary>
    public static void FirstServer(Endpoint into, string path = Path)
    {
        try
        {
            foreach (string raw in File.ReadAllLines(path))
            {
                string line = raw.Trim();
                if (!line.StartsWith("nameserver", StringComparison.Ordinal)) continue;
                string[] parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length >= 2 && into.TrySetHost(parts[1], 53) && !into.IsName) return;
                into.Clear();
            }
        }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
        {
        }
    }
}
