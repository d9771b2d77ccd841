using NanoPhone.App.Runtime;
using NanoPhone.Sip.Message;

namespace NanoPhone.App.Web;

/// <summary>
/// How a web server thread hands one request to the loop thread and gets the answer back, so that
/// the loop never waits on a socket: the server thread reads a whole request (bounded in size and
/// time) into <see cref="Request"/>, calls <see cref="Post"/>, and waits (bounded,
/// <see cref="WaitAnswered"/>) while the loop runs <see cref="WebApp.Decide"/> (sessions, settings,
/// a copy of what the page shows); then it writes the page itself (<see cref="Render"/>), so the
/// loop spends only the short part of a request. A server gives up on a loop that does not answer in time
/// (503); a turn posted for a request that was given up on does nothing (each post has its own
/// number), so the buffers can be used for the next connection. One exchange per server thread;
/// its buffers are allocated once.
/// </summary>
public sealed class WebExchange
{
    /// <summary>The request's bytes (<see cref="HttpRequestParser.MaxRequest"/> of room).</summary>
    public readonly byte[] Request = new byte[HttpRequestParser.MaxRequest];
    /// <summary>Room for the largest page (the SIP settings, about 5.3 KB) from the start, so the buffer does not grow by doubling.</summary>
    public const int AnswerCapacity = 6144;

    /// <summary>The answer, written on the loop thread.</summary>
    public readonly SipWriter Response = new SipWriter(AnswerCapacity);

    /// <summary>What the loop copied for the page; <see cref="Render"/> writes it on the server thread.</summary>
    public readonly WebPage Page = new WebPage();

    private readonly WebApp _app;
    private readonly object _gate = new object();
    private readonly System.Threading.AutoResetEvent _answered = new System.Threading.AutoResetEvent(false);
    private int _number;
    private int _length;
    private bool _encrypted;
    private bool _restart;
    private bool _done;

    public WebExchange(WebApp app)
    {
        if (app == null) throw new System.ArgumentNullException("app");
        _app = app;
    }

    /// <summary>
    /// Server thread: asks the loop to answer the first <paramref name="length"/> bytes of
    /// <see cref="Request"/> (a complete request, or what came before the server gave up: the app
    /// answers 408 or 400). False when the loop's inbox is full (answer 503 yourself).
    /// </summary>
    public bool Post(PhoneLoop loop, int length, bool encrypted)
    {
        Turn turn;
        lock (_gate)
        {
            _number++;
            _length = length;
            _encrypted = encrypted;
            _restart = false;
            _done = false;
            turn = new Turn(this, _number);
        }
        _answered.Reset();
        return loop.Post(turn);
    }

    /// <summary>Server thread: waits up to <paramref name="timeoutMs"/> for the answer; false (and the turn is void) if it did not come.</summary>
    public bool WaitAnswered(int timeoutMs)
    {
        _answered.WaitOne(timeoutMs, false);
        lock (_gate)
        {
            if (_done) return true;
            _number++;   // the turn still in the inbox will find a different number and do nothing
            return false;
        }
    }

    /// <summary>Server thread, after <see cref="WaitAnswered"/>: writes the page the loop chose (the HTML), off the loop.</summary>
    public void Render()
    {
        WebApp.Render(Page, Response);
    }

    /// <summary>Whether the answer announced a restart (call <see cref="RestartAfterSend"/> once it is sent).</summary>
    public bool RestartRequested { get { return _restart; } }

    /// <summary>Server thread, after sending: asks the loop to restart the phone.</summary>
    public void RestartAfterSend(PhoneLoop loop)
    {
        loop.Post(new RestartWork(_app));
    }

    /// <summary>Writes a short answer without the loop (503 when it is busy), on the server thread.</summary>
    public static void WriteBusy(SipWriter w)
    {
        w.Reset();
        w.Text("HTTP/1.1 503 Service Unavailable\r\nRetry-After: 2\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 19\r\nConnection: close\r\n\r\nThe phone is busy.\n");
    }

    private void Run(int number)
    {
        lock (_gate)
        {
            // The lock is held while the app answers: a server that gives up meanwhile waits for this.
            if (number != _number) return;
            _restart = _app.Decide(Request, 0, _length, _encrypted, Response, Page);
            _done = true;
        }
        _answered.Set();
    }

    private sealed class Turn : ILoopWork
    {
        private readonly WebExchange _exchange;
        private readonly int _number;

        public Turn(WebExchange exchange, int number)
        {
            _exchange = exchange;
            _number = number;
        }

        public void Run() { _exchange.Run(_number); }
    }

    private sealed class RestartWork : ILoopWork
    {
        /// <summary>What the loop copied for the page; <see cref="Render"/> writes it on the server thread.</summary>
    public readonly WebPage Page = new WebPage();

    private readonly WebApp _app;

        public RestartWork(WebApp app) { _app = app; }

        public void Run() { _app.RestartNow(); }
    }
}
