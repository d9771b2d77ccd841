using System;
using System.Collections.Generic;
using NanoPhone.Demo.Ladder;

namespace NanoPhone.Demo.Scenes;

/// <summary>
/// Graham calls again and nobody answers. The desk phone's no-answer timer (3 s) answers 302 with
/// Contact sip:voicemail@nanophone.test and Diversion reason=no-answer. Kamailio holds the 302 until
/// the second device's branch times out (FR_INV_TIMER, 6 s; RFC 3261 §16.7 waits for every branch),
/// CANCELs it, follows the 302 and sends the call to the voicemail (SIPp), Diversion copied.
/// </summary>
public sealed class NoAnswerScene : Scene
{
    public const int NoAnswerSeconds = 3;

    /// <summary>How long Kamailio lets a branch ring in this scene (the FR_INV_TIMER Kamailio was started with).</summary>
    public const int BranchMs = 6000;

    public override string Key => "voicemail";

    public override string Title => "Call Forward - No Answer, then Call Forward to Voicemail";

    public override IReadOnlyList<string> Story => new[]
    {
        "“SIP call forwarding no answer is a feature that allows incoming calls to be forwarded to",
        " another number if the call is not answered after a set number of rings or a certain period",
        " of time.” — “When the timer expires, the call is automatically forwarded to the voicemail system.”",
        $"Linda sets her desk phone to forward unanswered calls to {Stage.Voicemail} after {NoAnswerSeconds} s.",
        "Graham calls again; nobody answers. The desk phone's timer answers 302 Moved Temporarily; once",
        $"the second device has rung its {BranchMs / 1000} s, Kamailio cancels it, follows the 302 and the voicemail takes the call.",
    };

    public override void Prepare(Stage stage)
    {
        PhoneSet(stage, "forward.noanswer.target", Stage.Voicemail);
        PhoneSet(stage, "forward.noanswer.seconds", NoAnswerSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public override void Play(Stage stage, SceneResult r)
    {
        var phone = stage.RequirePhone();
        int mark = phone.Mark;
        var voicemail = stage.StartVoicemail();
        var graham = stage.StartGrahamCall(talkMs: 1000);

        ExpectPhone(stage, r, mark, "RINGING ", stage.Wait);
        ExpectSecondDevice(stage, r, "CALL_INCOMING", stage.Wait, "rings (nobody answers)");
        var forwarded = ExpectPhone(stage, r, mark, "FORWARDED ", stage.Wait + TimeSpan.FromSeconds(NoAnswerSeconds));
        if (forwarded != null) r.Expect(forwarded.Text.EndsWith(Stage.Voicemail, StringComparison.Ordinal), "forwarded to " + Stage.Voicemail);
        ExpectPhone(stage, r, mark, "RINGER OFF", stage.Wait);
        ExpectSecondDevice(stage, r, "CALL_CLOSED", stage.Wait + TimeSpan.FromMilliseconds(BranchMs), "its branch times out");
        ExpectSipp(stage, r, voicemail, "the voicemail answers and Graham's BYE ends the call");
        ExpectSipp(stage, r, graham, "Graham's call is answered (by the voicemail), he hangs up after 1 s");
    }

    public override void CheckLadder(SceneResult r)
    {
        r.ExpectArrow(Cast.Graham, Cast.Kamailio, "INVITE");
        r.ExpectArrow(Cast.Kamailio, Cast.DeskPhone, "INVITE", "fork: branch 1");
        r.ExpectArrow(Cast.Kamailio, Cast.SecondDevice, "INVITE", "fork: branch 2");
        int ringing = r.ExpectArrow(Cast.DeskPhone, Cast.Kamailio, "180");
        int redirect = r.ExpectArrow(Cast.DeskPhone, Cast.Kamailio, "302", "the desk phone's no-answer timer", ringing);
        if (redirect >= 0)
            r.Expect(r.Ladder[redirect].Note.Contains(Stage.Voicemail) && r.Ladder[redirect].Note.Contains("no-answer"),
                "302 Contact: <" + Stage.Voicemail + ">, Diversion reason=no-answer");
        r.ExpectArrow(Cast.Kamailio, Cast.DeskPhone, "ACK", "for the 302", redirect);
        int cancel = r.ExpectArrow(Cast.Kamailio, Cast.SecondDevice, "CANCEL", "its branch timed out");
        r.ExpectArrow(Cast.SecondDevice, Cast.Kamailio, "487", null, cancel);
        int toVoicemail = r.ExpectArrow(Cast.Kamailio, Cast.Voicemail, "INVITE", "Kamailio follows the 302", redirect);
        int answer = r.ExpectArrow(Cast.Voicemail, Cast.Kamailio, "200 INVITE", null, toVoicemail);
        r.ExpectArrow(Cast.Kamailio, Cast.Graham, "200 INVITE", null, answer);
        int bye = r.ExpectArrow(Cast.Graham, Cast.Kamailio, "BYE", null, answer);
        r.ExpectArrow(Cast.Kamailio, Cast.Voicemail, "BYE", null, bye);
    }
}
