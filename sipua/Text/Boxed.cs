namespace NanoPhone.Sip.Text;

/// <summary>
/// The byte values the parsers search for, boxed once, for <c>System.Array.IndexOf(array, value,
/// start, count)</c> (-1 if absent). That search is native code on nanoCLR (and vectorised on .NET),
/// where a loop over the bytes costs a dozen interpreted instructions per byte; it takes the value
/// as an object, and boxing a byte at each call would allocate.
/// </summary>
public static class Boxed
{
    public static readonly object Lf = (byte)'\n';
    public static readonly object Space = (byte)' ';
    public static readonly object Tab = (byte)'\t';
    public static readonly object Comma = (byte)',';
    public static readonly object Semicolon = (byte)';';
    public static readonly object Quote = (byte)'"';
    public static readonly object LeftAngle = (byte)'<';
    public static readonly object RightAngle = (byte)'>';
    public static readonly object At = (byte)'@';
    public static readonly object Colon = (byte)':';
}
