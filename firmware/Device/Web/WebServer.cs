#nullable disable
using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using NanoPhone.App.Runtime;
using NanoPhone.App.Web;
using NanoPhone.Sip.Timing;

namespace NanoPhone.Device.Web;

/// <summary>
/// A minimal HTTP/1.1 server for the phone's web page over System.Net.Sockets, the same source on
/// the ESP32 and in the simulator. Why not nanoFramework.WebServer: it routes by reflection over
/// attributes, buffers through HttpListener and gives no bound on a request's size or time, while
/// the phone needs the portable <see cref="WebApp"/> (bytes in, bytes out) and hard bounds.
/// <para>
/// Keeping HTTP off the SIP path: an accept thread and at most <see cref="Connections"/> connection
/// threads do every socket operation (accept, TLS handshake, receive, send). A connection thread
/// reads one request, at most <see cref="HttpRequestParser.MaxRequest"/> bytes within
/// <see cref="RequestTimeoutMs"/> (a slow or silent client is answered 408 or dropped then), and
/// only then hands it to the loop thread (<see cref="WebExchange"/>), which checks the session, applies
/// a form and copies what the page shows in one short turn; it waits at most <see cref="LoopWaitMs"/>
/// for that (503 otherwise), then writes the page's HTML itself, off the loop.
/// One request per connection (Connection: close). A connection beyond the threads waits up to
/// <see cref="SlotWaitMs"/> for one, then is answered 503. The loop never touches a socket of the
/// web server.
/// </para>
/// </summary>
public sealed class WebServer
{
    public const int RequestTimeoutMs = 5000;
    public const int LoopWaitMs = 3000;
    public const int SendTimeoutMs = 5000;
    /// <summary>How long a new connection waits for a connection thread to come free before it is answered 503.</summary>
    public const int SlotWaitMs = 1000;

    private readonly PhoneLoop _loop;
    private readonly IClock _clock;
    private readonly IWebSecurity _security;
    private readonly WebExchange[] _exchanges;
    private readonly bool[] _busy;
    private readonly object _gate = new object();
    private readonly AutoResetEvent _slotFreed = new AutoResetEvent(false);
    private Socket _listener;
    private Thread _acceptor;
    // Set by Stop, read by the threads; a lock, as nanoFramework has no volatile.
    private bool _stop;
    private bool Stopping
    {
        get { lock (_stopGate) return _stop; }
        set { lock (_stopGate) _stop = value; }
    }
    private readonly object _stopGate = new object();

    /// <param name="connections">Connection threads (and request buffers): 2 on the ESP32.</param>
    public WebServer(PhoneLoop loop, WebApp app, IClock clock, IWebSecurity security, int connections)
    {
        _loop = loop;
        _clock = clock;
        _security = security;
        _exchanges = new WebExchange[connections];
        _busy = new bool[connections];
        for (int i = 0; i < connections; i++) _exchanges[i] = new WebExchange(app);
    }

    public int Connections { get { return _exchanges.Length; } }

    /// <summary>The port listened on (the one given, or the one the system chose for 0).</summary>
    public int Port { get; private set; }

    public bool Encrypted { get { return _security.Encrypted; } }

    /// <summary>Listens on <paramref name="address"/>:<paramref name="port"/> (0: any free port) and starts accepting. Throws SocketException when the port is taken.</summary>
    public void Start(IPAddress address, int port)
    {
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(address, port));
        _listener.Listen(4);
        Port = ((IPEndPoint)_listener.LocalEndPoint).Port;
        Stopping = false;
        _acceptor = new Thread(Accept);
        _acceptor.Start();
    }

    /// <summary>Stops accepting (any thread, the loop's too: it waits for no connection thread).</summary>
    public void Stop()
    {
        Stopping = true;
        Socket listener = _listener;
        _listener = null;
        if (listener != null) listener.Close();
        Thread acceptor = _acceptor;
        _acceptor = null;
        if (acceptor != null && acceptor != Thread.CurrentThread) acceptor.Join();
    }

    private void Accept()
    {
        while (!Stopping)
        {
            Socket client;
            try
            {
                client = _listener.Accept();
            }
            catch (Exception)
            {
                if (Stopping) return;
                continue;
            }
            int slot = TakeSlot();
            if (slot < 0 && _slotFreed.WaitOne(SlotWaitMs, false)) slot = TakeSlot();
            if (slot < 0)
            {
                RefuseBusy(client);
                continue;
            }
            Connection c = new Connection(this, client, slot);
            Thread t = new Thread(c.Serve);
            t.Start();
        }
    }

    private int TakeSlot()
    {
        lock (_gate)
        {
            for (int i = 0; i < _busy.Length; i++)
            {
                if (_busy[i]) continue;
                _busy[i] = true;
                return i;
            }
        }
        return -1;
    }

    private void FreeSlot(int slot)
    {
        lock (_gate) _busy[slot] = false;
        _slotFreed.Set();
    }

    private static void RefuseBusy(Socket client)
    {
        try
        {
            client.SendTimeout = 1000;
            byte[] busy = BusyAnswer();
            client.Send(busy, 0, busy.Length, SocketFlags.None);
        }
        catch (Exception)
        {
        }
        client.Close();
    }

    private static byte[] BusyAnswer()
    {
        NanoPhone.Sip.Message.SipWriter w = new NanoPhone.Sip.Message.SipWriter(160);
        WebExchange.WriteBusy(w);
        return w.ToArray();
    }

    /// <summary>One request on one connection, on its own thread.</summary>
    private void Serve(Socket client, int slot)
    {
        WebExchange exchange = _exchanges[slot];
        HttpRequestParser parser = new HttpRequestParser();
        HttpRequest request = new HttpRequest();
        Stream stream = null;
        try
        {
            long deadline = _clock.NowMs + RequestTimeoutMs;
            client.ReceiveTimeout = RequestTimeoutMs;
            client.SendTimeout = SendTimeoutMs;
            stream = _security.Open(client);
            byte[] buf = exchange.Request;
            int n = 0;
            while (n < buf.Length)
            {
                long left = deadline - _clock.NowMs;
                if (left <= 0) break;
                client.ReceiveTimeout = (int)left;
                int got;
                try
                {
                    got = stream.Read(buf, n, buf.Length - n);
                }
                catch (IOException)
                {
                    break;
                }
                if (got <= 0) break;
                n += got;
                if (parser.Parse(buf, 0, n, request) != HttpParseStatus.Incomplete) break;
            }
            if (n == 0) return;     // a connection opened and left unused (browsers open spares)
            NanoPhone.Sip.Message.SipWriter answer = exchange.Response;
            if (!exchange.Post(_loop, n, _security.Encrypted) || !exchange.WaitAnswered(LoopWaitMs)) WebExchange.WriteBusy(answer);
            else exchange.Render();
            stream.Write(answer.Buffer, 0, answer.Length);
            stream.Flush();
            if (exchange.RestartRequested) exchange.RestartAfterSend(_loop);
        }
        catch (Exception)
        {
            // A client that went away, a failed handshake: nothing to answer.
        }
        finally
        {
            try
            {
                if (stream != null) stream.Close();
                else client.Close();
            }
            catch (Exception)
            {
            }
            FreeSlot(slot);
        }
    }

    private sealed class Connection
    {
        private readonly WebServer _server;
        private readonly Socket _client;
        private readonly int _slot;

        public Connection(WebServer server, Socket client, int slot)
        {
            _server = server;
            _client = client;
            _slot = slot;
        }

        public void Serve() { _server.Serve(_client, _slot); }
    }
}
