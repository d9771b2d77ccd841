using System.IO;

namespace NanoPhone.Hal.Tests;

/// <summary>Finds files of the repository from the test's output folder.</summary>
public static class RepoPaths
{
    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(System.AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "nanophone.slnx"))) dir = dir.Parent;
            return dir?.FullName ?? throw new DirectoryNotFoundException("repository root (nanophone.slnx) not found");
        }
    }

    public static string Of(string relative) => Path.Combine(Root, relative);
}
