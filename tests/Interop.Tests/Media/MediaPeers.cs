using System;
using System.IO;
using NanoPhone.Tests.Peers;

namespace NanoPhone.Interop.Tests.Media;

/// <summary>
/// The peers every media test shares, started once for the class: Kamailio (registrar and proxy,
/// INVITEs not challenged) and one baresip with two accounts — graham (PCMU then PCMA) and alice
/// (PCMA only) — sending a 700 Hz sine (ausine) and recording every call (sndfile:
/// dump-*-enc.wav what it sent, dump-*-dec.wav what it heard).
/// </summary>
public sealed class MediaPeers : IDisposable
{
    public const int BaresipToneHz = 700;

    public MediaPeers()
    {
        Kamailio = Kamailio.Start(PeerPorts.GetFree(), "parallel", new KamailioOptions { InviteAuth = false });
        try
        {
            RecordDir = PeerPaths.NewScratchDir("baresip-recordings");
            int sip = PeerPorts.GetFree(2);
            var options = new BaresipOptions
            {
                User = TestUsers.Graham,
                SipPort = sip,
                CtrlPort = PeerPorts.GetFree(),
                ProxyPort = Kamailio.SipPort,
                AudioSource = "ausine," + BaresipToneHz,
                AudioCodecs = "PCMU,PCMA",
                RecordDir = RecordDir,
                AnswerMode = "manual",
            };
            options.ExtraAccounts.Add($"<sip:{TestUsers.Alice}@{TestUsers.Domain}>;auth_user={TestUsers.Alice};auth_pass={TestUsers.AlicePassword}"
                + $";outbound=\"sip:127.0.0.1:{Kamailio.SipPort}\";regint=60;answermode=manual;audio_codecs=PCMA");
            Baresip = Baresip.Start(options);
            Kamailio.WaitForContacts(TestUsers.Alice, 1, TimeSpan.FromSeconds(10));
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public Kamailio Kamailio { get; }

    public Baresip Baresip { get; } = null!;

    public string RecordDir { get; } = "";

    /// <summary>baresip's RTP ports (its default range for its SIP port).</summary>
    public int BaresipRtpMin => 10000 + (Baresip.SipPort % 1000) * 40;

    public void Dispose()
    {
        Baresip?.Dispose();
        Kamailio?.Dispose();
        if (RecordDir.Length > 0) PeerPaths.DeleteScratchDir(RecordDir, false);
    }
}
