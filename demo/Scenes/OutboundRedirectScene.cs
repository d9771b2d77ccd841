using System;
using System.Collections.Generic;
using System.Linq;
using NanoPhone.Demo.Ladder;
using NanoPhone.Tests.Peers;

namespace NanoPhone.Demo.Scenes;

/// <summary>
/// The caller's side of forwarding: Linda calls Graham from the desk phone (console: call URI).
/// Graham's phone (SIPp, registered as graham) rings, then answers 302 to the voicemail; Kamailio
/// (RELAY_3XX) passes the 302 back; the desk phone ACKs it and sends a new INVITE to the 302's
/// Contact, which the voicemail answers; Linda hangs up.
/// </summary>
public sealed class OutboundRedirectScene : Scene
{
    public override string Key => "outbound";

    public override string Title => "Call Forward - No Answer, the caller's side: the desk phone follows a 302";

    public override IReadOnlyList<string> Story => new[]
    {
        "“Bob's call forward no answer response to Alice, Response is 302 Moved Temporarily” —",
        "“Alice sends a new INVITE message to the new address … provided by Bob in the previous response”",
        $"Linda calls Graham from her desk phone (console: call {Stage.GrahamAor}). Graham's phone (SIPp)",
        $"rings, then forwards the call: 302, Contact {Stage.Voicemail}. Kamailio passes the 302 back;",
        "the desk phone ACKs it, sends a new INVITE to the new address, the voicemail answers, Linda hangs up.",
    };

    private SippRun? _graham;
    private SippRun? _voicemail;

    public override void Prepare(Stage stage)
    {
        var options = new KamailioOptions { VoicemailDestination = stage.VoicemailHop };
        options.ExtraDefines.Add("RELAY_3XX");
        var k = stage.RestartKamailio("parallel", options,
            "3xx answers go back to the caller, who follows them (-A RELAY_3XX); the second device is not needed", secondDeviceQ: null);
        var register = new SippOptions
        {
            Scenario = "register_auth.xml",
            LocalPort = stage.GrahamPort,
            Remote = k.HostPort,
            Service = TestUsers.Graham,
            AuthUser = TestUsers.Graham,
            AuthPassword = TestUsers.GrahamPassword,
        };
        register.Keys["expires"] = "300";
        register.Keys["domain"] = TestUsers.Domain;
        var reg = stage.StartSipp("Graham registers", register).Wait(stage.Wait);
        if (!reg.Succeeded) throw new InvalidOperationException("Graham's phone (SIPp) could not register:\n" + reg.Describe());
        var o = new SippOptions
        {
            Scenario = "demo_graham_redirects.xml",
            LocalPort = stage.GrahamPort,
            Service = TestUsers.Graham,
            PauseMs = 1000,
        };
        o.Keys["target"] = Stage.Voicemail;
        o.Keys["domain"] = TestUsers.Domain;
        _graham = stage.StartSipp("Graham's phone redirects", o);
        _voicemail = stage.StartVoicemail();
        stage.Say($"  Graham's phone (SIPp) registered as {Stage.GrahamAor}; it will ring 1 s, then redirect");
    }

    public override void Play(Stage stage, SceneResult r)
    {
        var phone = stage.RequirePhone();
        int mark = phone.Mark;
        stage.Say($"  desk phone console> call {Stage.GrahamAor}");
        phone.Type($"call {Stage.GrahamAor}");
        var first = phone.WaitFor(mark, l => StartsWith(l, "DIALING ") || StartsWith(l, "error:"), stage.Wait, "DIALING", stage.Cancel);
        if (!r.Expect(StartsWith(first.Text, "DIALING "), "desk phone: DIALING " + Stage.GrahamAor))
        {
            r.Fail($"'call {Stage.GrahamAor}': the desk phone said \"{first.Text}\"");
            return;
        }
        var outcome = phone.TryWaitFor(mark, l => StartsWith(l, "ANSWERED ") || StartsWith(l, "FAILED ") || StartsWith(l, "ENDED "),
            stage.Wait + stage.Wait, stage.Cancel);
        if (!r.Expect(outcome != null && StartsWith(outcome.Text, "ANSWERED "), "desk phone: ANSWERED (by the voicemail)"))
        {
            if (outcome != null) r.Fail("the desk phone said \"" + outcome.Text + "\"");
            return;
        }
        var lines = phone.LinesFrom(mark);
        r.Expect(lines.Any(l => StartsWith(l.Text, "DIALING ") && l.Text.EndsWith(Stage.Voicemail, StringComparison.Ordinal))
                 || lines.Any(l => l.Text.Contains(Stage.Voicemail)),
            "desk phone: follows the redirect to " + Stage.Voicemail);

        stage.Pause(1000); // Linda listens to the voicemail greeting for a second, then hangs up
        int hangUp = phone.Mark;
        stage.Say("  desk phone console> key hangup");
        phone.Type("key hangup");
        var ended = phone.TryWaitFor(hangUp, l => StartsWith(l, "ENDED "), stage.Wait, stage.Cancel);
        if (ended == null)
        {
            stage.Say("  desk phone console> onhook");
            phone.Type("onhook");
            ended = phone.TryWaitFor(hangUp, l => StartsWith(l, "ENDED "), stage.Wait, stage.Cancel);
        }
        r.Expect(ended != null, "desk phone: ENDED (Linda hung up)");
        if (_graham != null) ExpectSipp(stage, r, _graham, "Graham's phone rang and redirected with 302");
        if (_voicemail != null) ExpectSipp(stage, r, _voicemail, "the voicemail answered and got the desk phone's BYE");
    }

    public override void CheckLadder(SceneResult r)
    {
        int invite = r.ExpectArrow(Cast.DeskPhone, Cast.Kamailio, "INVITE", "to " + Stage.GrahamAor);
        r.ExpectArrow(Cast.Kamailio, Cast.Graham, "INVITE", null, invite);
        int ringing = r.ExpectArrow(Cast.Graham, Cast.Kamailio, "180", null, invite);
        int redirect = r.ExpectArrow(Cast.Graham, Cast.Kamailio, "302", "Graham's phone forwards", ringing);
        int relayed = r.ExpectArrow(Cast.Kamailio, Cast.DeskPhone, "302", "relayed to the caller", redirect);
        r.ExpectArrow(Cast.DeskPhone, Cast.Kamailio, "ACK", "for the 302", relayed);
        int again = r.ExpectArrow(Cast.DeskPhone, Cast.Kamailio, "INVITE", "to the 302's Contact", relayed);
        if (again >= 0) r.Expect(r.Ladder[again].Note.StartsWith(Stage.Voicemail, StringComparison.Ordinal) || r.Ladder.Skip(again).Any(m =>
                m.From == Cast.DeskPhone && m.Label == "INVITE" && m.Note.StartsWith(Stage.Voicemail, StringComparison.Ordinal)),
            "the new INVITE's Request-URI is " + Stage.Voicemail);
        int toVoicemail = r.ExpectArrow(Cast.Kamailio, Cast.Voicemail, "INVITE", null, again);
        int answer = r.ExpectArrow(Cast.Voicemail, Cast.Kamailio, "200 INVITE", null, toVoicemail);
        r.ExpectArrow(Cast.Kamailio, Cast.DeskPhone, "200 INVITE", null, answer);
        int bye = r.ExpectArrow(Cast.DeskPhone, Cast.Kamailio, "BYE", "Linda hangs up", answer);
        r.ExpectArrow(Cast.Kamailio, Cast.Voicemail, "BYE", null, bye);
    }

    public override void Tidy(Stage stage)
    {
        base.Tidy(stage);
        _graham = null;
        _voicemail = null;
    }
}
