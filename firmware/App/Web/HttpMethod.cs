namespace NanoPhone.App.Web;

/// <summary>The request methods the phone's web page answers; anything else is <see cref="Other"/> (501).</summary>
public enum HttpMethod : byte
{
    Other = 0,
    Get,
    Head,
    Post,
}
