namespace NanoPhone.Sip.Message;

public enum UriScheme : byte
{
    None = 0,
    Sip,
    Sips,
    Tel,
    /// <summary>Any other absoluteURI scheme (kept opaque).</summary>
    Other,
}
