#nullable disable
using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using NanoPhone.App.Config;
using NanoPhone.App.Phone;
using NanoPhone.App.Provisioning;
using NanoPhone.App.Runtime;
using NanoPhone.App.Web;

namespace NanoPhone.Device.Provisioning;

/// <summary>
/// Fetches the provisioning file on its own thread, the same source on the ESP32 and in the
/// simulator: asks the loop for the request (<see cref="ProvisioningClient.BuildRequest"/>),
/// connects, sends, reads the response (at most <see cref="ProvisioningClient.MaxResponse"/> bytes,
/// <see cref="ReadTimeoutMs"/> per read) and posts it to the loop, which applies it. At start, then
/// every provision.hours; a change of provision.url or provision.hours fetches again at once. The
/// loop never waits on this thread's sockets.
/// </summary>
public sealed class ProvisioningFetcher : IConfigListener
{
    public const int ReadTimeoutMs = 10000;
    public const int LoopWaitMs = 5000;

    private readonly ProvisioningClient _client;
    private readonly PhoneLoop _loop;
    private readonly IPhoneEventSink _events;
    private readonly ITlsClient _tls;
    private readonly AutoResetEvent _kick = new AutoResetEvent(false);
    private readonly AutoResetEvent _built = new AutoResetEvent(false);
    // Set by Stop, read by the threads; a lock, as nanoFramework has no volatile.
    private bool _stop;
    private bool Stopping
    {
        get { lock (_stopGate) return _stop; }
        set { lock (_stopGate) _stop = value; }
    }
    private readonly object _stopGate = new object();
    private Thread _thread;

    // Handed from the loop to the fetch thread (BuildWork), read after _built is set.
    private byte[] _request;
    private string _url;
    private string _error;
    private long _intervalMs;
    private readonly HttpUrl _target = new HttpUrl();

    public ProvisioningFetcher(ProvisioningClient client, PhoneLoop loop, IPhoneEventSink events, ITlsClient tls)
    {
        _client = client;
        _loop = loop;
        _events = events;
        _tls = tls;
    }

    /// <summary>The web page's provisioning line follows the outcomes (may be null).</summary>
    public WebApp Web { get; set; }

    public void Start()
    {
        Stopping = false;
        _thread = new Thread(Run);
        _thread.Start();
    }

    public void Stop()
    {
        Stopping = true;
        _kick.Set();
        Thread t = _thread;
        _thread = null;
        if (t != null) t.Join();
    }

    /// <summary>Loop thread: a new URL or interval fetches now.</summary>
    public void ConfigChanged(string key)
    {
        if (key == ConfigKeys.ProvisionUrl || key == ConfigKeys.ProvisionHours) _kick.Set();
    }

    private void Run()
    {
        while (!Stopping)
        {
            _request = null;
            _error = null;
            if (!_loop.Post(new BuildWork(this)) || !_built.WaitOne(LoopWaitMs, false))
            {
                _kick.WaitOne(LoopWaitMs, false);
                continue;
            }
            if (Stopping) return;
            if (_request != null) Fetch(_request, _url);
            else if (_error != null) _loop.Post(new ResultWork(this, _url == null ? "(provision.url)" : _url, null, 0, false, _error));
            if (Stopping) return;
            if (_request == null || _intervalMs <= 0) _kick.WaitOne();
            else _kick.WaitOne(_intervalMs > int.MaxValue ? int.MaxValue : (int)_intervalMs, false);
        }
    }

    private void Fetch(byte[] request, string url)
    {
        byte[] response = new byte[ProvisioningClient.MaxResponse];
        int n = 0;
        Socket socket = null;
        Stream stream = null;
        try
        {
            IPAddress address = Resolve(_target.Host);
            if (address == null)
            {
                _loop.Post(new ResultWork(this, url, null, 0, false, "cannot resolve " + _target.Host));
                return;
            }
            socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            socket.ReceiveTimeout = ReadTimeoutMs;
            socket.SendTimeout = ReadTimeoutMs;
            socket.Connect(new IPEndPoint(address, _target.Port));
            if (_target.Https)
            {
                if (_tls == null) throw new IOException("https is not available");
                stream = _tls.Open(socket, _target.Host);
            }
            else
            {
                stream = new NetworkStream(socket, true);
            }
            socket = null;
            stream.Write(request, 0, request.Length);
            stream.Flush();
            bool closed = false;
            while (n < response.Length)
            {
                int got = stream.Read(response, n, response.Length - n);
                if (got <= 0) { closed = true; break; }
                n += got;
            }
            _loop.Post(new ResultWork(this, url, response, n, closed, null));
        }
        catch (Exception e)
        {
            string why = e is SocketException ? "cannot connect to " + _target.HostHeader() + " (" + ((SocketException)e).ErrorCode + ")"
                : n > 0 ? "the response stopped (" + e.Message + ")" : e.Message;
            if (n > 0) _loop.Post(new ResultWork(this, url, response, n, true, null));
            else _loop.Post(new ResultWork(this, url, null, 0, false, why));
        }
        finally
        {
            try
            {
                if (stream != null) stream.Close();
                if (socket != null) socket.Close();
            }
            catch (Exception)
            {
            }
        }
    }

    private static IPAddress Resolve(string host)
    {
        IPAddress[] found = Dns.GetHostEntry(host).AddressList;
        for (int i = 0; i < found.Length; i++)
        {
            if (found[i].AddressFamily == AddressFamily.InterNetwork) return found[i];
        }
        return found.Length > 0 ? found[0] : null;
    }

    /// <summary>On the loop: the request for the fetch thread.</summary>
    private sealed class BuildWork : ILoopWork
    {
        private readonly ProvisioningFetcher _f;

        public BuildWork(ProvisioningFetcher f) { _f = f; }

        public void Run()
        {
            try
            {
                string error;
                _f._url = _f._client.Url;
                _f._request = _f._client.BuildRequest(_f._target, out error);
                _f._error = error;
                _f._intervalMs = _f._client.IntervalMs;
                if (_f.Web != null) _f.Web.Provisioning = _f._client.Outcome;
            }
            catch (Exception)
            {
                // Nothing may escape into the loop: this fetch is skipped.
                _f._request = null;
                _f._error = "internal error while preparing the request";
            }
            _f._built.Set();
        }
    }

    /// <summary>On the loop: applies the response (or reports the failure).</summary>
    private sealed class ResultWork : ILoopWork
    {
        private readonly ProvisioningFetcher _f;
        private readonly string _url;
        private readonly byte[] _response;
        private readonly int _length;
        private readonly bool _closed;
        private readonly string _failure;

        public ResultWork(ProvisioningFetcher f, string url, byte[] response, int length, bool closed, string failure)
        {
            _f = f;
            _url = url;
            _response = response;
            _length = length;
            _closed = closed;
            _failure = failure;
        }

        public void Run()
        {
            ProvisioningClient c = _f._client;
            string line;
            try
            {
                line = _failure != null ? c.Failed(_url, _failure) : c.Received(_url, _response, _length, _closed);
            }
            catch (Exception)
            {
                // Nothing may escape into the loop.
                line = c.Failed(_url, "internal error while applying the response");
            }
            _f._events.PhoneEvent(line);
            ConfigLoadReport report = c.LastReport;
            for (int i = 0; report != null && i < report.WarningCount; i++) _f._events.PhoneEvent("PROVISIONING warning " + report.Warning(i));
            if (_f.Web != null) _f.Web.Provisioning = c.Outcome;
        }
    }
}
