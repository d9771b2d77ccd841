using System;
using System.Collections.Generic;
using NanoPhone.Demo.Ladder;
using NanoPhone.Tests.Peers;

namespace NanoPhone.Demo.Scenes;

/// <summary>
/// Kamailio restarts in serial mode (fork by q, 3 s per q group, 3xx relayed to the caller for the
/// next scene). The desk phone (q=1.0) rings alone; when its 3 s are up Kamailio CANCELs it (the
/// desk phone reports a missed call) and rings the second device (q=0.5), where Linda answers.
/// </summary>
public sealed class SequentialForkScene : Scene
{
    /// <summary>How long each q group may ring (FR_INV_TIMER of the serial Kamailio).</summary>
    public const int BranchMs = 3000;

    public override string Key => "sequential";

    public override string Title => "SIP Call Forking - Sequential";

    public override IReadOnlyList<string> Story => new[]
    {
        "“The request is first sent to the first destination in the list and if it fails to respond or",
        " rejects the request, the request is forwarded to the next destination in the list until a",
        " successful response is received.”",
        "Kamailio restarts in serial mode: highest q first. Linda's devices register again. Graham calls;",
        $"the desk phone (q=1.0) rings alone; after {BranchMs / 1000} s nobody has answered it, so Kamailio cancels",
        "it (a missed call on the desk phone) and rings the second device (q=0.5), where Linda answers.",
    };

    public override void Prepare(Stage stage)
    {
        // No forwarding in this scene: the desk phone rings until Kamailio moves on.
        PhoneConsole(stage, "unset forward.noanswer.target", "forward.noanswer.target=");
        stage.RestartKamailio("serial", new KamailioOptions { FrInvTimerMs = BranchMs },
            $"serial forking by q, {BranchMs / 1000} s per q group (-A SERIAL_FORK -A FR_INV_TIMER={BranchMs})", secondDeviceQ: 0.5);
    }

    public override void Play(Stage stage, SceneResult r)
    {
        var phone = stage.RequirePhone();
        var second = stage.RequireSecondDevice();
        int mark = phone.Mark;
        var graham = stage.StartGrahamCall(talkMs: 1000);

        ExpectPhone(stage, r, mark, "RINGING ", stage.Wait);
        var missed = ExpectPhone(stage, r, mark, "MISSED ", stage.Wait + TimeSpan.FromMilliseconds(BranchMs));
        ExpectPhone(stage, r, mark, "RINGER OFF", stage.Wait);
        var incoming = ExpectSecondDevice(stage, r, "CALL_INCOMING", stage.Wait, "rings after the desk phone's turn");
        if (incoming == null) return;
        if (missed != null)
            r.Expect(incoming.ReceivedUtc >= missed.AtUtc - TimeSpan.FromMilliseconds(200),
                "the second device rang only once the desk phone had stopped");
        stage.Pause(500);
        second.Accept();
        ExpectSecondDevice(stage, r, "CALL_ESTABLISHED", stage.Wait, "Linda answers here");
        ExpectSipp(stage, r, graham, "Graham's call is answered, he talks 1 s and hangs up");
        ExpectSecondDevice(stage, r, "CALL_CLOSED", stage.Wait, "Graham's BYE ends the call");
    }

    public override void CheckLadder(SceneResult r)
    {
        r.ExpectArrow(Cast.Graham, Cast.Kamailio, "INVITE");
        int first = r.ExpectArrow(Cast.Kamailio, Cast.DeskPhone, "INVITE", "q=1.0 first");
        r.ExpectArrow(Cast.DeskPhone, Cast.Kamailio, "180", null, first);
        int cancel = r.ExpectArrow(Cast.Kamailio, Cast.DeskPhone, "CANCEL", $"its {BranchMs / 1000} s are up", first);
        r.ExpectArrow(Cast.DeskPhone, Cast.Kamailio, "200 CANCEL", null, cancel);
        r.ExpectArrow(Cast.DeskPhone, Cast.Kamailio, "487", null, cancel);
        // Kamailio sends the next q group's INVITE and the CANCEL of the last one in the same instant,
        // in either order: what matters is that the second device was not rung before the desk phone's time was up.
        int second = r.ExpectArrow(Cast.Kamailio, Cast.SecondDevice, "INVITE", "q=0.5 next", first);
        if (first >= 0 && second >= 0)
        {
            double after = r.Ladder[second].Seconds - r.Ladder[first].Seconds;
            r.Expect(after >= BranchMs / 1000.0 - 0.25,
                $"the second device's INVITE only once the desk phone's {BranchMs / 1000} s were up ({after:0.00} s after the desk phone's)");
        }
        if (cancel >= 0 && second >= 0)
            r.Expect(Math.Abs(r.Ladder[cancel].Seconds - r.Ladder[second].Seconds) < 0.5,
                "Kamailio cancels the desk phone as it moves on to the second device");
        int answer = r.ExpectArrow(Cast.SecondDevice, Cast.Kamailio, "200 INVITE", null, second);
        r.ExpectArrow(Cast.Kamailio, Cast.Graham, "200 INVITE", null, answer);
        int bye = r.ExpectArrow(Cast.Graham, Cast.Kamailio, "BYE", null, answer);
        r.ExpectArrow(Cast.Kamailio, Cast.SecondDevice, "BYE", null, bye);
    }
}
