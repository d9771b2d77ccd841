using System;
using System.Net;
using System.Net.Sockets;
using NanoPhone.App.Audio;
using NanoPhone.App.Phone;
using NanoPhone.Sip.Timing;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Device.Net;

/// <summary>
/// The calls' RTP and RTCP sockets on the ESP32 (<see cref="IMediaSockets"/> over nanoFramework's
/// System.Net.Sockets): a call gets the next even port of media.port.min/max
/// (<see cref="MediaPortRange"/>) whose RTP socket and RTCP socket (port + 1) both bind, so its SDP
/// names a port that is listened on; the pair closes when the call ends. The selected call's packets
/// go out of its own pair (symmetric RTP, RFC 4961). Nothing waits: the loop thread calls
/// <see cref="Drain"/> each turn, which takes what the sockets hold (Available, then ReceiveFrom)
/// into one reused buffer and hands it to the app, at most <see cref="MaxPerTurn"/> datagrams a
/// socket a turn so a flood cannot stall the loop. A socket error is one MEDIA error line (the first
/// of a pair; later ones are counted in <see cref="Errors"/>) and a false send; never an exception.
/// </summary>
/// <remarks>
/// Garbage: the buffers, the source endpoint and the destination's IPEndPoint are reused; the IPv4
/// source is read from <c>IPAddress.GetHashCode</c> (its integer form) rather than
/// <c>GetAddressBytes</c>. System.Net's ReceiveFrom itself makes a new IPEndPoint and IPAddress for
/// every datagram (its managed snapshot of the endpoint and the native side's result), which the
/// project cannot avoid through that API.
/// </remarks>
public sealed class DeviceMediaSockets : IMediaSockets
{
    /// <summary>Pairs open at once: one for each call slot of the device agent.</summary>
    public const int MaxPairs = 3;

    /// <summary>The receive buffer: 20 ms of G.711 is 172 bytes, 120 ms (the longest ptime we accept) 972; RTCP compounds are shorter.</summary>
    public const int MaxDatagram = 1024;

    /// <summary>Datagrams taken from one socket in one turn; the rest wait in the stack for the next.</summary>
    public const int MaxPerTurn = 8;

    private readonly MediaPortRange _range;
    private readonly IClock _clock;
    private readonly int[] _ports = new int[MaxPairs];
    private readonly Socket[] _rtp = new Socket[MaxPairs];
    private readonly Socket[] _rtcp = new Socket[MaxPairs];
    private readonly bool[] _failed = new bool[MaxPairs];
    private readonly byte[] _rx = new byte[MaxDatagram];
    private readonly byte[] _address = new byte[4];
    private readonly Endpoint _source = new Endpoint();
    private readonly Endpoint _lastTo = new Endpoint();
    private IPEndPoint _lastToIp;
    private EndPoint _from = new IPEndPoint(IPAddress.Any, 0);
    private int _selected = -1;

    /// <param name="min">media.port.min.</param>
    /// <param name="max">media.port.max.</param>
    /// <param name="clock">The loop clock: a datagram's arrival time is when the turn took it.</param>
    public DeviceMediaSockets(int min, int max, IClock clock)
    {
        _range = new MediaPortRange(min, max);
        _clock = clock;
    }

    /// <summary>Why media.port.min/max are not used as set, or null (print it at boot).</summary>
    public string RangeProblem { get { return _range.Problem; } }

    /// <summary>Where MEDIA error lines go (the app's event sink); null drops them.</summary>
    public IPhoneEventSink Events;

    /// <summary>Socket errors so far (sends, receives, binds), the first of each pair said in a line.</summary>
    public int Errors { get; private set; }

    /// <summary>Datagrams sent and taken, all pairs.</summary>
    public int Sent { get; private set; }

    public int Received { get; private set; }

    public int Allocate()
    {
        int slot = -1;
        for (int i = 0; i < MaxPairs && slot < 0; i++) if (_ports[i] == 0) slot = i;
        if (slot < 0)
        {
            Say("MEDIA error every RTP socket pair is in use (" + MaxPairs + " calls)");
            return 0;
        }
        for (int tried = 0; tried < _range.PairCount; tried++)
        {
            int port = _range.Next();
            if (InUse(port)) continue;
            Socket rtp = Bind(port);
            if (rtp == null) continue;
            Socket rtcp = Bind(port + 1);
            if (rtcp == null)
            {
                Close(rtp);
                continue;
            }
            _ports[slot] = port;
            _rtp[slot] = rtp;
            _rtcp[slot] = rtcp;
            _failed[slot] = false;
            return port;
        }
        Errors++;
        Say("MEDIA error " + _range.NoFreePair());
        return 0;
    }

    public void Release(int port)
    {
        for (int i = 0; i < MaxPairs; i++)
        {
            if (_ports[i] != port || port == 0) continue;
            if (_selected == i) _selected = -1;
            Close(_rtp[i]);
            Close(_rtcp[i]);
            _rtp[i] = null;
            _rtcp[i] = null;
            _ports[i] = 0;
        }
    }

    public void Select(int rtpPort)
    {
        _selected = -1;
        for (int i = 0; i < MaxPairs; i++) if (rtpPort != 0 && _ports[i] == rtpPort) _selected = i;
    }

    public bool SendRtp(byte[] buf, int off, int len, Endpoint to)
    {
        return _selected >= 0 && Send(_selected, _rtp[_selected], buf, off, len, to);
    }

    public bool SendRtcp(byte[] buf, int off, int len, Endpoint to)
    {
        return _selected >= 0 && Send(_selected, _rtcp[_selected], buf, off, len, to);
    }

    /// <summary>
    /// Hands every datagram the pairs hold (up to <see cref="MaxPerTurn"/> a socket) to the app, on
    /// the loop thread, stamped with the loop clock; returns how many. Never waits.
    /// </summary>
    public int Drain(PhoneApp app)
    {
        int n = 0;
        for (int i = 0; i < MaxPairs; i++)
        {
            if (_ports[i] == 0) continue;
            n += DrainOne(app, i, false);
            if (_ports[i] != 0) n += DrainOne(app, i, true);
        }
        return n;
    }

    private int DrainOne(PhoneApp app, int slot, bool rtcp)
    {
        Socket socket = rtcp ? _rtcp[slot] : _rtp[slot];
        int port = _ports[slot];
        int n = 0;
        while (n < MaxPerTurn)
        {
            int len;
            try
            {
                if (socket.Available <= 0) return n;
                len = socket.ReceiveFrom(_rx, 0, _rx.Length, SocketFlags.None, ref _from);
            }
            catch (Exception e)
            {
                Failed(slot, "receive", e);
                return n;
            }
            n++;
            Received++;
            IPEndPoint ip = _from as IPEndPoint;
            if (ip == null || ip.AddressFamily != AddressFamily.InterNetwork) continue;
            // IPv4: the integer form, first octet in the low byte (as IPAddress(byte[]) builds it).
            int a = ip.Address.GetHashCode();
            _address[0] = (byte)a;
            _address[1] = (byte)(a >> 8);
            _address[2] = (byte)(a >> 16);
            _address[3] = (byte)(a >> 24);
            _source.SetAddress(_address, 0, 4, ip.Port);
            if (rtcp) app.ReceiveRtcp(_rx, 0, len, _source, port, _clock.NowMs);
            else app.ReceiveRtp(_rx, 0, len, _source, port, _clock.NowMs);
            // The app may have ended the call (and released this pair) while handling it.
            if (_ports[slot] != port) return n;
        }
        return n;
    }

    private bool Send(int slot, Socket socket, byte[] buf, int off, int len, Endpoint to)
    {
        if (socket == null || !to.IsIPv4 || to.Port == 0) return false;
        try
        {
            if (_lastToIp == null || !_lastTo.Equals(to))
            {
                to.CopyAddressTo(_address, 0);
                _lastToIp = new IPEndPoint(new IPAddress(_address), to.Port);
                _lastTo.CopyFrom(to);
            }
            socket.SendTo(buf, off, len, SocketFlags.None, _lastToIp);
            Sent++;
            return true;
        }
        catch (Exception e)
        {
            Failed(slot, "send to " + to.ToString(), e);
            return false;
        }
    }

    /// <summary>Binds a UDP socket to port on every interface; null when the port is taken.</summary>
    private Socket Bind(int port)
    {
        Socket s = null;
        try
        {
            s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            s.Bind(new IPEndPoint(IPAddress.Any, port));
            return s;
        }
        catch (Exception)
        {
            Close(s);
            return null;
        }
    }

    private bool InUse(int port)
    {
        for (int i = 0; i < MaxPairs; i++) if (_ports[i] == port) return true;
        return false;
    }

    private void Failed(int slot, string what, Exception e)
    {
        Errors++;
        if (_failed[slot]) return;
        _failed[slot] = true;
        SocketException se = e as SocketException;
        Say("MEDIA error RTP port " + _ports[slot] + ": " + what + " failed: "
            + (se != null ? "socket error " + se.ErrorCode : e.GetType().Name)
            + " (further errors of this call are counted, not said)");
    }

    private void Say(string line)
    {
        IPhoneEventSink events = Events;
        if (events != null) events.PhoneEvent(line);
    }

    private static void Close(Socket s)
    {
        if (s == null) return;
        try { s.Close(); } catch (Exception) { }
    }
}
