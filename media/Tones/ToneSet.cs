namespace NanoPhone.Media.Tones;

/// <summary>
/// The call-progress tones of one country, named like the ringer cadences of hal/Core/Ring
/// ("uk", "us", "de"). Frequencies and cadences per ITU-T E.180 Supplement 2 and the national texts:
/// <list type="bullet">
/// <item>uk (BT SIN 350): dial 350+440 Hz continuous; ringing 400+450 Hz 0.4 on 0.2 off 0.4 on 2.0 off;
/// busy 400 Hz 0.375/0.375; congestion (equipment engaged) 400 Hz 0.4 on 0.35 off 0.225 on 0.525 off;
/// call waiting 400 Hz 0.1 on 4.0 off.</item>
/// <item>us (North America): dial 350+440 Hz continuous; ringback 440+480 Hz 2 on 4 off; busy
/// 480+620 Hz 0.5/0.5; reorder 480+620 Hz 0.25/0.25; call waiting 440 Hz 0.3 on 9.7 off.</item>
/// <item>de (Deutsche Telekom): dial 425 Hz continuous; Freiton 425 Hz 1 on 4 off; Besetztton 425 Hz
/// 0.48/0.48; Gassenbesetztton 425 Hz 0.24/0.24; Anklopfton 425 Hz 0.2 on 0.2 off 0.2 on 5 off.</item>
/// </list>
/// </summary>
public sealed class ToneSet
{
    public const string DefaultName = "us";

    private static ToneSet _uk, _us, _de;

    /// <summary>The British tones (built on first use: a phone needs one country's).</summary>
    public static ToneSet Uk
    {
        get
        {
            if (_uk == null)
            {
                _uk = new ToneSet("uk",
                    new Tone(ToneKind.Dial, 350, 440, null),
                    new Tone(ToneKind.Ringback, 400, 450, new int[] { 400, 200, 400, 2000 }),
                    new Tone(ToneKind.Busy, 400, 0, new int[] { 375, 375 }),
                    new Tone(ToneKind.Congestion, 400, 0, new int[] { 400, 350, 225, 525 }),
                    new Tone(ToneKind.CallWaiting, 400, 0, new int[] { 100, 4000 }));
            }
            return _uk;
        }
    }

    /// <summary>The North American tones (built on first use).</summary>
    public static ToneSet Us
    {
        get
        {
            if (_us == null)
            {
                _us = new ToneSet("us",
                    new Tone(ToneKind.Dial, 350, 440, null),
                    new Tone(ToneKind.Ringback, 440, 480, new int[] { 2000, 4000 }),
                    new Tone(ToneKind.Busy, 480, 620, new int[] { 500, 500 }),
                    new Tone(ToneKind.Congestion, 480, 620, new int[] { 250, 250 }),
                    new Tone(ToneKind.CallWaiting, 440, 0, new int[] { 300, 9700 }));
            }
            return _us;
        }
    }

    /// <summary>The German tones (built on first use).</summary>
    public static ToneSet De
    {
        get
        {
            if (_de == null)
            {
                _de = new ToneSet("de",
                    new Tone(ToneKind.Dial, 425, 0, null),
                    new Tone(ToneKind.Ringback, 425, 0, new int[] { 1000, 4000 }),
                    new Tone(ToneKind.Busy, 425, 0, new int[] { 480, 480 }),
                    new Tone(ToneKind.Congestion, 425, 0, new int[] { 240, 240 }),
                    new Tone(ToneKind.CallWaiting, 425, 0, new int[] { 200, 200, 200, 5000 }));
            }
            return _de;
        }
    }

    public readonly string Name;
    public readonly Tone Dial;
    public readonly Tone Ringback;
    public readonly Tone Busy;
    public readonly Tone Congestion;
    public readonly Tone CallWaiting;

    public ToneSet(string name, Tone dial, Tone ringback, Tone busy, Tone congestion, Tone callWaiting)
    {
        Name = name;
        Dial = dial;
        Ringback = ringback;
        Busy = busy;
        Congestion = congestion;
        CallWaiting = callWaiting;
    }

    /// <summary>The tone of a kind, or null for None.</summary>
    public Tone For(ToneKind kind)
    {
        switch (kind)
        {
            case ToneKind.Dial: return Dial;
            case ToneKind.Ringback: return Ringback;
            case ToneKind.Busy: return Busy;
            case ToneKind.Congestion: return Congestion;
            case ToneKind.CallWaiting: return CallWaiting;
            default: return null;
        }
    }

    /// <summary>The set for "uk", "us" or "de" (case-insensitive), or null.</summary>
    public static ToneSet ForCountry(string name)
    {
        if (name == null || name.Length != 2) return null;
        char a = (char)(name[0] | 0x20), b = (char)(name[1] | 0x20);
        if (a == 'u' && b == 'k') return Uk;
        if (a == 'u' && b == 's') return Us;
        if (a == 'd' && b == 'e') return De;
        return null;
    }
}
