using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using NanoPhone.App.Tests.Simulator;
using NanoPhone.Web.Tests.Peers;
using Xunit;
using Xunit.Abstractions;

namespace NanoPhone.Web.Tests;

/// <summary>
/// The issue's browser test: Debian's chromium, headless, drives the simulator's web page as a person
/// would — log in (a wrong password first), read the status page, change forward.noanswer.seconds,
/// see a refused value with the validator's message, see the change on the phone's console
/// (<c>show</c>), read the call log with dates, restart. Screenshots of every step are kept in
/// out/test-artifacts/web/ (web-01-login.png ... web-08-restart.png).
/// </summary>
public class BrowserTests
{
    private readonly ITestOutputHelper _out;

    public BrowserTests(ITestOutputHelper output) { _out = output; }

    [Fact]
    public void A_person_logs_in_changes_a_setting_sees_a_refused_one_and_the_console_shows_the_change()
    {
        using var registrar = new ScriptedRegistrar();
        string config = SimulatorWeb.ConfigFile();
        using var phone = new SimulatorProcess("run", "--config", config,
            "--set", "sip.server=127.0.0.1", "--set", "sip.port=" + registrar.Port, "--set", "sip.user=linda",
            "--set", "sip.domain=nanophone.test", "--set", "sip.password=Secret-Pw-42", "--set", "sip.local.port=0",
            "--set", "web.port=0", "--set", "web.password=" + SimulatorWeb.Password);
        string url = SimulatorWeb.WaitForUrl(phone);
        string register = registrar.Receive("^REGISTER ");
        int port = registrar.Phone!.Port;
        registrar.Reply(register, 200, "OK", "Contact: <sip:linda@127.0.0.1:" + port + ">;expires=3600");
        phone.WaitFor("^REGISTERED ");
        // One call for the log: ours, refused busy.
        phone.Type("call 1234");
        string invite = registrar.Receive("^INVITE ");
        registrar.Reply(invite, 486, "Busy Here");
        phone.WaitFor("^FAILED ");

        using var browser = new Chromium();
        browser.Go(url);
        Assert.EndsWith("/login", browser.Url);
        Assert.Contains("This connection is not encrypted", browser.Text);
        Shot(browser, "web-01-login");

        browser.Submit(("password", "not-the-password"));
        Assert.True(browser.Text.Contains("Wrong password."), browser.Url + "\n" + browser.Text);
        Shot(browser, "web-02-wrong-password");

        browser.Submit(("password", SimulatorWeb.Password));
        Assert.Equal(url, browser.Url);
        Assert.Matches(@"registered as sip:linda@127\.0\.0\.1:" + port, browser.Evaluate("document.getElementById('registration').innerText"));
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$", browser.Evaluate("document.getElementById('time').innerText"));
        Shot(browser, "web-03-status");

        browser.Go(url + "settings?group=forward");
        browser.Submit(("forward.noanswer.seconds", "500"));
        Assert.Contains("forward.noanswer.seconds: must be a whole number from 0 to 120", browser.Text);
        Assert.Contains("nothing was changed", browser.Text);
        Shot(browser, "web-04-refused-value");
        phone.Type("show forward.noanswer.seconds");
        Assert.Equal("forward.noanswer.seconds=20 (default)", phone.WaitFor("^forward\\.noanswer\\.seconds="));

        browser.Submit(("forward.noanswer.seconds", "45"));
        Assert.EndsWith("/settings?group=forward&saved=1", browser.Url);
        Assert.Contains("Saved.", browser.Text);
        Shot(browser, "web-05-saved");
        phone.Type("show forward.noanswer.seconds");
        Assert.Equal("forward.noanswer.seconds=45", phone.WaitFor("^forward\\.noanswer\\.seconds="));
        Assert.Contains("forward.noanswer.seconds=45", File.ReadAllText(config));

        browser.Go(url + "settings?group=sip");
        Assert.DoesNotContain("Secret-Pw-42", browser.Html);
        Assert.Contains("******** (set; type a new one to change it)", browser.Html);
        Shot(browser, "web-06-settings-sip");

        browser.Go(url + "calls");
        Assert.Matches(@"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\tfailed\tsip:1234@nanophone\.test\t486 Busy Here", browser.Text);
        Shot(browser, "web-07-calls");

        browser.Go(url + "restart");
        browser.Submit();
        Assert.Contains("The phone restarts now.", browser.Text);
        Shot(browser, "web-08-restart");
        // A new boot: it listens again and registers again, with the setting made on the page.
        phone.WaitFor("^LISTENING ");
        phone.WaitFor("^WEB ");
        phone.Type("show forward.noanswer.seconds");
        Assert.Equal("forward.noanswer.seconds=45", phone.WaitFor("^forward\\.noanswer\\.seconds="));
    }

    private void Shot(Chromium browser, string name)
    {
        string file = browser.Screenshot(name);
        _out.WriteLine("screenshot " + Path.GetFileName(file) + " (" + new FileInfo(file).Length + " bytes)");
    }
}
