using System;
using System.IO;
using System.Linq;
using NanoPhone.Demo;
using Xunit;

namespace NanoPhone.Demo.Tests;

/// <summary>
/// The README's Demo section says what the demo plays: one table row per scene, by the title the
/// demo prints, in the order it plays them, and no scene said to be skipped (the demo has no
/// skipped scenes: DemoTests requires every one to end as the story says). No peer needed.
/// </summary>
public sealed class ReadmeTests
{
    [Fact]
    public void The_demo_table_lists_every_scene_the_demo_plays_in_order_and_none_as_skipped()
    {
        string readme = File.ReadAllText(Path.Combine(RepoRoot(), "README.md"));
        int start = readme.IndexOf("\n## Demo", StringComparison.Ordinal);
        int end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "README.md has no Demo section");
        string section = readme.Substring(start, end - start);

        string[] rows = section.Split('\n').Where(l => l.StartsWith("| ") && !l.StartsWith("| scene ")).ToArray();
        string[] titles = rows.Select(r => r.Split('|')[1].Trim()).ToArray();
        Assert.Equal(DemoRunner.Scenes().Select(s => s.Title), titles);
        Assert.DoesNotContain("skip", section, StringComparison.OrdinalIgnoreCase);
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "nanophone.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new DirectoryNotFoundException("repository root (nanophone.slnx) not found");
    }
}
