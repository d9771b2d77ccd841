using System.IO;

namespace NanoPhone.Media.Tests;

/// <summary>Byte-exact test data copied next to the test assembly from tests/data.</summary>
public static class TestData
{
    public static string Dir => Path.Combine(System.AppContext.BaseDirectory, "data");

    public static byte[] Read(string relativePath) => File.ReadAllBytes(Path.Combine(Dir, relativePath));
}
