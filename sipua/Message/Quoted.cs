using NanoPhone.Sip.Text;

namespace NanoPhone.Sip.Message;

/// <summary>quoted-string values (RFC 3261 §25.1) for people and for auth parameters.</summary>
public static class Quoted
{
    /// <summary>Removes the surrounding quotes and quoted-pair escapes; a token is returned as is.</summary>
    public static string Unquote(byte[] b, int off, int len)
    {
        if (len < 2 || b[off] != (byte)'"' || b[off + len - 1] != (byte)'"') return Ascii.ToString(b, off, len);
        byte[] tmp = new byte[len];
        int n = 0;
        for (int i = off + 1; i < off + len - 1; i++)
        {
            if (b[i] == (byte)'\\' && i + 1 < off + len - 1) i++;
            tmp[n++] = b[i];
        }
        return Ascii.ToString(tmp, 0, n);
    }

    /// <summary>The range inside the quotes (without them), or the range itself if not quoted.</summary>
    public static void Inner(byte[] b, int off, int len, out int innerOffset, out int innerLength)
    {
        if (len >= 2 && b[off] == (byte)'"' && b[off + len - 1] == (byte)'"')
        {
            innerOffset = off + 1;
            innerLength = len - 2;
        }
        else
        {
            innerOffset = off;
            innerLength = len;
        }
    }
}
