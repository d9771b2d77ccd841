using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text.RegularExpressions;
using NanoPhone.App.Tests.Simulator;

namespace NanoPhone.Web.Tests;

/// <summary>The simulator with its web page on a free port (web.port=0): the URL from its WEB event line, and a logged-in HTTP client.</summary>
public static class SimulatorWeb
{
    public const string Password = "letmein99";

    /// <summary>Reads the WEB event line: the page's base URL.</summary>
    public static string WaitForUrl(SimulatorProcess phone)
    {
        string line = phone.WaitFor("^WEB https?://");
        return Regex.Match(line, @"^WEB (https?://\S+/)").Groups[1].Value;
    }

    /// <summary>An HttpClient that logged in (cookie kept), not following redirects.</summary>
    public static HttpClient LogIn(string url, string password = Password, HttpMessageHandler? inner = null)
    {
        var handler = inner as HttpClientHandler ?? new HttpClientHandler();
        handler.AllowAutoRedirect = false;
        handler.UseCookies = true;
        handler.CookieContainer = new CookieContainer();
        var http = new HttpClient(handler) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(10) };
        var answer = http.PostAsync("login", new FormUrlEncodedContent(new Dictionary<string, string> { ["password"] = password })).Result;
        if (answer.StatusCode != HttpStatusCode.SeeOther) throw new InvalidOperationException("login failed: " + answer.StatusCode);
        return http;
    }

    /// <summary>A temporary folder with the configuration file the simulator loads and saves.</summary>
    public static string ConfigFile()
    {
        string dir = Directory.CreateTempSubdirectory("nanophone-web-").FullName;
        string file = Path.Combine(dir, "phone.cfg");
        File.WriteAllText(file, "# written by Web.Tests\n");
        return file;
    }
}
