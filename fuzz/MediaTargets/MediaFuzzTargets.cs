#nullable disable
using System;

namespace NanoPhone.Fuzz;

/// <summary>
/// The media core's fuzz targets (media/): the RTP path of a whole session, the RTCP reader, the
/// jitter buffer. Kept apart from FuzzTarget.All() so that tests/Sipua.Tests, which compiles
/// fuzz/Targets, needs no reference to media; tests/Media.Tests compiles both folders.
/// </summary>
public static class MediaFuzzTargets
{
    public static FuzzTarget[] All()
    {
        return new FuzzTarget[] { new RtpTarget(), new RtcpTarget(), new JitterTarget() };
    }

    /// <summary>Every target of the harness: SIP and media.</summary>
    public static FuzzTarget[] Everything()
    {
        FuzzTarget[] sip = FuzzTarget.All();
        FuzzTarget[] media = All();
        FuzzTarget[] all = new FuzzTarget[sip.Length + media.Length];
        Array.Copy(sip, all, sip.Length);
        Array.Copy(media, 0, all, sip.Length, media.Length);
        return all;
    }

    public static FuzzTarget Create(string name)
    {
        foreach (FuzzTarget t in Everything())
        {
            if (string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase)) return t;
        }
        return null;
    }
}
