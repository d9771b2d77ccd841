using System.Collections.Generic;
using System.Linq;
using NanoPhone.Demo.Ladder;
using NanoPhone.Tests.Peers;

namespace NanoPhone.Demo.Scenes;

/// <summary>
/// Prologue: Linda's two devices register under one address. The desk phone (the simulator) with
/// q=1.0, the second device (baresip) with q=0.5; both answer Kamailio's 401 with credentials.
/// </summary>
public sealed class RegistrationScene : Scene
{
    public override string Key => "register";

    public override string Title => "SIP Mobility — Linda registers both of her devices";

    public override IReadOnlyList<string> Story => new[]
    {
        "“The user must register their current location. The proxy server will forward calls to the",
        " user's current location.”",
        "Linda's desk phone (this firmware, in the simulator) and her second device (baresip) register",
        "as sip:linda@nanophone.test at Kamailio: the desk phone with q=1.0, the second device with q=0.5.",
    };

    public override bool Shows(SipFrame f) => f.CSeqMethod == "REGISTER";

    public override void Play(Stage stage, SceneResult r)
    {
        var phone = stage.StartDeskPhone();
        ExpectPhone(stage, r, 0, "REGISTERED ", stage.Wait, "REGISTERED");
        stage.StartSecondDevice(0.5);
        r.Expect(true, "second device: registered (reginfo OK)");

        var contacts = stage.RequireKamailio().WaitForContacts(TestUsers.Linda, 2, stage.Wait);
        r.Notes.Add("Kamailio's location table for linda: " + string.Join(", ", contacts));
        r.Expect(contacts.Any(c => c.Contains(":" + stage.PhonePort)), "the desk phone's contact in Kamailio's location table");
        r.Expect(contacts.Any(c => c.Contains(stage.RequireSecondDevice().ContactUserPrefix)),
            "the second device's contact in Kamailio's location table");
    }

    public override void CheckLadder(SceneResult r)
    {
        foreach (string device in new[] { Cast.DeskPhone, Cast.SecondDevice })
        {
            int first = r.ExpectArrow(device, Cast.Kamailio, "REGISTER");
            int challenge = r.ExpectArrow(Cast.Kamailio, device, "401", "digest challenge", first);
            int again = r.ExpectArrow(device, Cast.Kamailio, "REGISTER", "with credentials", challenge);
            r.ExpectArrow(Cast.Kamailio, device, "200 REGISTER", "registered", again);
        }
    }

    public override void Tidy(Stage stage) { }
}
