namespace NanoPhone.Sip.Text;

/// <summary>
/// String arrays for portable code. On nanoCLR 1.17 an element of new string[n] that was never
/// assigned is not equal to null (and comparing it with a string crashes the runtime), so every
/// string array is made here, with each element set to null explicitly.
/// </summary>
public static class Strings
{
    public static string[] NewArray(int length)
    {
        string[] a = new string[length];
        for (int i = 0; i < length; i++) a[i] = null;
        return a;
    }
}
