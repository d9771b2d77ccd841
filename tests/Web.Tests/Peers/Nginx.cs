using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace NanoPhone.Web.Tests.Peers;

/// <summary>
/// Debian's nginx serving a folder of static files on 127.0.0.1 (a free port), in the foreground with
/// its own prefix, logs and pid file under a temporary folder: ETag and Last-Modified come with
/// every file, and a matching If-None-Match or If-Modified-Since is answered 304. Dispose stops it by
/// PID and removes the folder.
/// </summary>
public sealed class Nginx : IDisposable
{
    public const string Executable = "/usr/sbin/nginx";
    private readonly Process _process;

    public Nginx()
    {
        if (!File.Exists(Executable)) throw new InvalidOperationException(Executable + " is missing: tests/peers/install.sh installs nginx-light");
        Folder = Directory.CreateTempSubdirectory("nanophone-nginx-").FullName;
        Root = Path.Combine(Folder, "www");
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(Path.Combine(Folder, "tmp"));
        Port = FreePort();
        string conf = Path.Combine(Folder, "nginx.conf");
        string user = Environment.UserName == "root" ? "user root;\n" : "";
        File.WriteAllText(conf, user +
            "daemon off;\nworker_processes 1;\npid " + Folder + "/nginx.pid;\nerror_log " + Folder + "/error.log;\n" +
            "events { worker_connections 32; }\n" +
            "http {\n  access_log " + Folder + "/access.log;\n  client_body_temp_path " + Folder + "/tmp;\n" +
            "  proxy_temp_path " + Folder + "/tmp;\n  fastcgi_temp_path " + Folder + "/tmp;\n  uwsgi_temp_path " + Folder + "/tmp;\n" +
            "  scgi_temp_path " + Folder + "/tmp;\n  default_type text/plain;\n" +
            "  server { listen 127.0.0.1:" + Port + "; root " + Root + "; }\n}\n");
        var start = new ProcessStartInfo(Executable) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string a in new[] { "-p", Folder, "-c", conf }) start.ArgumentList.Add(a);
        _process = Process.Start(start) ?? throw new InvalidOperationException("nginx did not start");
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        DateTime deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                if (DateTime.UtcNow > deadline || _process.HasExited)
                    throw new TimeoutException("nginx did not listen on " + Port + ": " + SafeRead(Path.Combine(Folder, "error.log")));
                Thread.Sleep(50);
            }
        }
    }

    public string Folder { get; }
    public string Root { get; }
    public int Port { get; }

    /// <summary>The access log so far ("GET /x.cfg HTTP/1.1" 200 ...).</summary>
    public string AccessLog => SafeRead(Path.Combine(Folder, "access.log"));

    private static string SafeRead(string file)
    {
        try { using var s = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite); return new StreamReader(s).ReadToEnd(); }
        catch (IOException) { return ""; }
    }

    public static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    public void Dispose()
    {
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
        try { Directory.Delete(Folder, recursive: true); } catch (Exception) { }
    }
}
