namespace NanoPhone.App.Web;

/// <summary>What <see cref="HttpRequestParser.Parse"/> made of the bytes so far.</summary>
public enum HttpParseStatus : byte
{
    /// <summary>The bytes are the start of a request that may still become valid: read more.</summary>
    Incomplete = 0,
    /// <summary>A whole request: head and body.</summary>
    Complete,
    /// <summary>Not a request the phone takes; <see cref="HttpRequest.ErrorStatus"/> and <see cref="HttpRequest.Reason"/> say why.</summary>
    Error,
}
