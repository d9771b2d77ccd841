using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using NanoPhone.Sip.Tests;

namespace NanoPhone.Web.Tests.Peers;

/// <summary>
/// Debian's chromium, headless, with a fresh profile, driven over the Chrome DevTools Protocol (a
/// WebSocket to its page target): navigate, fill and submit forms as a person would (the pages have
/// no JavaScript of their own; the test's script only sets field values and submits), read the text,
/// take screenshots. Every wait is bounded; Dispose stops the browser by PID and removes the profile.
/// </summary>
public sealed class Chromium : IDisposable
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    public const string Executable = "/usr/bin/chromium";

    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _ws = new();
    private readonly ConcurrentDictionary<int, JsonNode?> _answers = new();
    private readonly BlockingCollection<string> _events = new();
    private readonly Thread _reader;
    private int _nextId;

    public Chromium()
    {
        if (!File.Exists(Executable)) throw new InvalidOperationException(Executable + " is missing: tests/peers/install.sh installs chromium");
        _profile = Directory.CreateTempSubdirectory("nanophone-chromium-").FullName;
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string a in new[]
        {
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", "--password-store=basic", "--window-size=1000,1300",
            "--user-data-dir=" + _profile, "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "about:blank",
        }) start.ArgumentList.Add(a);
        _process = Process.Start(start) ?? throw new InvalidOperationException("chromium did not start");
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        string portFile = Path.Combine(_profile, "DevToolsActivePort");
        DateTime deadline = DateTime.UtcNow + Wait;
        while (!File.Exists(portFile) || File.ReadAllLines(portFile).Length < 2)
        {
            if (DateTime.UtcNow > deadline || _process.HasExited) { Dispose(); throw new TimeoutException("chromium did not open its DevTools port"); }
            Thread.Sleep(50);
        }
        int port = int.Parse(File.ReadAllLines(portFile)[0]);
        using var http = new HttpClient { Timeout = Wait };
        string? pageWs = null;
        while (pageWs == null)
        {
            var list = JsonNode.Parse(http.GetStringAsync("http://127.0.0.1:" + port + "/json/list").Result)!.AsArray();
            foreach (JsonNode? t in list)
            {
                if ((string?)t!["type"] == "page") { pageWs = (string?)t["webSocketDebuggerUrl"]; break; }
            }
            if (pageWs == null)
            {
                if (DateTime.UtcNow > deadline) { Dispose(); throw new TimeoutException("chromium has no page target"); }
                Thread.Sleep(50);
            }
        }
        if (!_ws.ConnectAsync(new Uri(pageWs), CancellationToken.None).Wait(Wait)) throw new TimeoutException("no DevTools WebSocket");
        _reader = new Thread(Read) { IsBackground = true, Name = "cdp" };
        _reader.Start();
        Call("Page.enable");
        Call("Runtime.enable");
    }

    public int Pid => _process.Id;

    /// <summary>Sends one DevTools command and waits (bounded) for its answer's result.</summary>
    public JsonNode? Call(string method, object? parameters = null)
    {
        int id = Interlocked.Increment(ref _nextId);
        string text = JsonSerializer.Serialize(new { id, method, @params = parameters ?? new { } });
        _ws.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None).Wait(Wait);
        DateTime deadline = DateTime.UtcNow + Wait;
        while (true)
        {
            if (_answers.TryRemove(id, out JsonNode? answer))
            {
                if (answer?["error"] != null) throw new InvalidOperationException(method + ": " + answer["error"]!.ToJsonString());
                return answer?["result"];
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException("no answer to " + method);
            Thread.Sleep(5);
        }
    }

    /// <summary>Opens a URL and waits for the page's load event.</summary>
    public void Go(string url) => UntilLoaded(() => Call("Page.navigate", new { url }));

    /// <summary>Sets form fields (by id) and submits the form they are in, as pressing its button does; waits for the answer's page.</summary>
    public void Submit(params (string Id, string Value)[] fields)
    {
        var script = new StringBuilder("(function(){var f=null;");
        foreach (var (id, value) in fields)
        {
            script.Append("var e=document.getElementById(").Append(JsonSerializer.Serialize(id)).Append(");");
            script.Append("if(e.type==='checkbox'){e.checked=").Append(value == "on" ? "true" : "false").Append(";}else{e.value=")
                .Append(JsonSerializer.Serialize(value)).Append(";}f=e.form;");
        }
        script.Append("(f||document.forms[0]).requestSubmit();})()");
        UntilLoaded(() => Evaluate(script.ToString()));
    }

    /// <summary>The value of a JavaScript expression on the page (strings and numbers).</summary>
    public string Evaluate(string expression)
    {
        JsonNode? r = Call("Runtime.evaluate", new { expression, returnByValue = true });
        if (r?["exceptionDetails"] != null) throw new InvalidOperationException("script failed: " + r["exceptionDetails"]!.ToJsonString());
        JsonNode? v = r?["result"]?["value"];
        return v == null ? "" : v.GetValueKind() == JsonValueKind.String ? (string)v! : v.ToJsonString();
    }

    public string Url => Evaluate("location.href");

    public string Text => Evaluate("document.body.innerText");

    public string Html => Evaluate("document.documentElement.outerHTML");

    /// <summary>Saves a PNG of the page into out/test-artifacts/web/ and returns its path.</summary>
    public string Screenshot(string name)
    {
        string dir = RepoPaths.Of(Path.Combine("out", "test-artifacts", "web"));
        Directory.CreateDirectory(dir);
        string file = Path.Combine(dir, name + ".png");
        JsonNode? r = Call("Page.captureScreenshot", new { format = "png", captureBeyondViewport = true });
        File.WriteAllBytes(file, Convert.FromBase64String((string)r!["data"]!));
        return file;
    }

    private void UntilLoaded(Action act)
    {
        while (_events.TryTake(out _)) { }
        act();
        DateTime deadline = DateTime.UtcNow + Wait;
        while (true)
        {
            TimeSpan left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !_events.TryTake(out string? e, left)) throw new TimeoutException("the page did not load");
            if (e == "Page.loadEventFired") return;
        }
    }

    private void Read()
    {
        var buffer = new byte[1 << 16];
        var message = new MemoryStream();
        try
        {
            while (_ws.State == WebSocketState.Open)
            {
                WebSocketReceiveResult r = _ws.ReceiveAsync(buffer, CancellationToken.None).Result;
                if (r.MessageType == WebSocketMessageType.Close) return;
                message.Write(buffer, 0, r.Count);
                if (!r.EndOfMessage) continue;
                JsonNode? node = JsonNode.Parse(message.ToArray());
                message.SetLength(0);
                if (node?["id"] != null) _answers[(int)node["id"]!] = node;
                else if (node?["method"] != null) _events.Add((string)node["method"]!);
            }
        }
        catch (Exception)
        {
            // The browser went away: calls time out with their own message.
        }
    }

    public void Dispose()
    {
        try { _ws.Abort(); } catch (Exception) { }
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (Exception) { }
        _process.Dispose();
        try { Directory.Delete(_profile, recursive: true); } catch (Exception) { }
    }
}
