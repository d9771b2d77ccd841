using System;
using System.Collections.Generic;
using System.Linq;
using NanoPhone.Interop.Tests.Phone;
using NanoPhone.Tests.Peers;
using Xunit;
using Xunit.Abstractions;

namespace NanoPhone.Interop.Tests.Support;

/// <summary>
/// A tshark capture of a phone under test and its peers (loopback, the given UDP ports), and the
/// check the SIP interop tests make of it (<see cref="AssertPhoneClean"/>): tshark flags nothing
/// the phone sent, and the capture holds every SIP message the phone sent while it ran, so
/// "nothing flagged" covers them. What tshark flags in the peers' messages is only printed.
/// </summary>
public sealed class PhoneCapture : IDisposable
{
    /// <summary>tshark's expert severity "warning" (Wireshark's PI_WARN): warnings and errors count.</summary>
    private const string WarningOrWorse = "0x00600000";

    private readonly ITestOutputHelper _out;

    private PhoneCapture(Tshark tshark, long fromMs, ITestOutputHelper output)
    {
        Tshark = tshark;
        FromMs = fromMs;
        _out = output;
        _out.WriteLine($"tshark pid {tshark.Pid}, capture {tshark.PcapPath}");
    }

    /// <summary>Captures the phone's port and <paramref name="peerPorts"/>, waiting (bounded) until the capture is live.</summary>
    public static PhoneCapture Start(ITestOutputHelper output, IPhoneOnTheWire phone, params int[] peerPorts) =>
        new PhoneCapture(Tshark.Start(new[] { phone.LocalPort }.Concat(peerPorts)), phone.Clock.NowMs, output);

    /// <summary>
    /// Captures <paramref name="peerPorts"/> for a phone that starts after it (its clock starts at
    /// 0 then): all its datagrams must go to one of these ports.
    /// </summary>
    public static PhoneCapture StartBeforeThePhone(ITestOutputHelper output, params int[] peerPorts) =>
        new PhoneCapture(Tshark.Start(peerPorts), 0, output);

    public Tshark Tshark { get; }

    public string PcapPath => Tshark.PcapPath;

    /// <summary>The ports captured (decoded as SIP by the checks).</summary>
    public IReadOnlyList<int> Ports => Tshark.Ports;

    /// <summary>The phone's clock when the capture was live: what the phone sent from then on is in it.</summary>
    public long FromMs { get; }

    /// <summary>The SIP messages (datagrams with a CSeq) the phone sent while the capture ran, as the phone logged them.</summary>
    public IReadOnlyList<Datagram> SentByThePhone(IPhoneOnTheWire phone) =>
        phone.Network.Log.Where(d => d.Outgoing && d.AtMs >= FromMs && d.Header("CSeq") != null).ToList();

    /// <summary>
    /// Stops the capture (everything sent before is in it); nothing the phone sent may be flagged by
    /// tshark (malformed, an expert warning or error, or a datagram that does not dissect as SIP),
    /// and every SIP message the phone sent while the capture ran must be in it.
    /// </summary>
    public void AssertPhoneClean(IPhoneOnTheWire phone)
    {
        long stopping = phone.Clock.NowMs;
        Tshark.Stop();
        int port = phone.LocalPort;
        var ports = Ports.Concat(new[] { port }).Distinct().ToList();
        var frames = Tshark.ReadSip(PcapPath, ports, "sip");
        _out.WriteLine($"-- tshark: {frames.Count} SIP frames");
        foreach (var f in frames) _out.WriteLine(f.ToString());
        var anywhere = Tshark.FindMalformedSip(PcapPath, ports);
        if (anywhere.Count > 0) _out.WriteLine("tshark flags (any sender):\n" + string.Join("\n", anywhere));

        var flagged = Tshark.ReadSip(PcapPath, ports,
            $"udp.srcport == {port} and not icmp and (sip or sdp or _ws.malformed) and (_ws.malformed or _ws.expert.severity >= {WarningOrWorse})");
        Assert.True(flagged.Count == 0, "tshark flags what the phone sent:\n" + string.Join("\n", flagged));
        var notSip = Tshark.ReadSip(PcapPath, ports, $"udp.srcport == {port} and not icmp and udp.length > 8 and not sip");
        Assert.True(notSip.Count == 0, "the phone sent datagrams that are not SIP:\n" + string.Join("\n", notSip));

        var sent = SentByThePhone(phone);
        int sentBefore = sent.Count(d => d.AtMs < stopping);
        var onTheWire = Tshark.ReadSip(PcapPath, ports, $"sip and udp.srcport == {port} and not icmp");
        _out.WriteLine($"the phone sent {sent.Count} SIP messages while capturing ({sentBefore} before the stop); {onTheWire.Count} in the capture");
        Assert.InRange(onTheWire.Count, sentBefore, sent.Count);
    }

    public void Dispose() => Tshark.Dispose();
}
