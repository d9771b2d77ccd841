using System.IO;

namespace NanoPhone.Sip.Tests;

/// <summary>Byte-exact test data copied next to the test assembly from tests/data.</summary>
public static class TestData
{
    public static string Dir => Path.Combine(System.AppContext.BaseDirectory, "data");

    public static byte[] Read(string relativePath) => File.ReadAllBytes(Path.Combine(Dir, relativePath));

    public static string Ascii(byte[] b, int off, int len) => System.Text.Encoding.UTF8.GetString(b, off, len);
}
