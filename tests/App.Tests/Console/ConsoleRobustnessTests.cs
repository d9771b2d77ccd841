using System.Text;
using NanoPhone.App.Config;
using NanoPhone.App.Console;
using Xunit;

namespace NanoPhone.App.Tests.Console;

/// <summary>No input line makes the console throw: garbage, very long lines, control characters.</summary>
public class ConsoleRobustnessTests
{
    private sealed class ThrowingOutput : IConsoleOutput
    {
        public void WriteLine(string line) => throw new System.IO.IOException("serial port gone");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   \t  ")]
    [InlineData("\r\n")]
    [InlineData("\0")]
    [InlineData("set\0sip.port 5060")]
    [InlineData("\u001b[A")]
    [InlineData("set sip.user \ud800")]
    [InlineData("set sip.password \udfff\ud800")]
    [InlineData("show \uffff")]
    [InlineData("set = =")]
    [InlineData("set ghost.trust ,,,,")]
    [InlineData("set sip.outbound sip:[")]
    [InlineData("set sip.outbound sip:[::")]
    [InlineData("set sip.outbound sip:a@")]
    [InlineData("set sip.outbound sip:h;")]
    [InlineData("set sip.outbound sip:h?")]
    [InlineData("set sip.outbound sip:h%")]
    [InlineData("set sip.user %")]
    [InlineData("set sip.q 0.")]
    [InlineData("set sip.port 99999999999999999999999999")]
    [InlineData("help \\")]
    [InlineData("set sip.password \\")]
    public void Odd_lines(string? line)
    {
        var rig = new ConsoleRig();
        var output = rig.Run(line!);
        Assert.True(output.Count <= 1);
    }

    [Fact]
    public void Lines_with_control_characters_are_refused_in_one_line()
    {
        var rig = new ConsoleRig();
        for (int c = 0; c < 0x20; c++)
        {
            if (c == '\t' || c == '\b' || c == '\r' || c == '\n') continue;
            Assert.Equal(new[] { "error: the line holds control characters (type values with escapes such as \\n)" },
                rig.Run("set sip.user al" + (char)c + "ice"));
        }
        Assert.Null(rig.Config.Get("sip.user"));
    }

    [Fact]
    public void Backspaces_edit_and_line_endings_are_dropped()
    {
        var rig = new ConsoleRig();
        Assert.Equal(new[] { "sip.user=alice" }, rig.Run("set sip.user alx\bice\r\n"));
        Assert.Equal(new[] { "dnd=on" }, rig.Run("set dnd onn\u007f\r"));
        Assert.Empty(rig.Run("\b\b\b"));
    }

    [Fact]
    public void Very_long_lines_are_refused_whole()
    {
        var rig = new ConsoleRig();
        Assert.Equal(new[] { "error: line too long (at most 512 characters)" }, rig.Run("set sip.password " + new string('a', 100_000)));
        Assert.Equal(new[] { "error: line too long (at most 512 characters)" }, rig.Run(new string('x', 513)));
        Assert.Equal(new[] { "error: unknown command (help lists them)" }, rig.Run(new string('x', 512)));
        Assert.Null(rig.Config.Get("sip.password"));
    }

    [Fact]
    public void Random_garbage_never_throws_and_errors_are_one_line()
    {
        var random = new System.Random(12345);
        string[] starts = { "", "set ", "show ", "unset ", "help ", "log ", "set sip.", "set forward.busy.target sip:", "set ghost.trust " };
        var rig = new ConsoleRig();
        for (int round = 0; round < 5000; round++)
        {
            var sb = new StringBuilder(starts[random.Next(starts.Length)]);
            int len = random.Next(0, round % 50 == 0 ? 2000 : 60);
            for (int i = 0; i < len; i++)
            {
                int kind = random.Next(10);
                sb.Append(kind switch
                {
                    0 => (char)random.Next(0, 32),
                    1 => (char)random.Next(0x80, 0x10000),
                    2 => ' ',
                    3 => '\\',
                    _ => (char)random.Next(33, 127),
                });
            }
            var output = rig.Run(sb.ToString());
            foreach (var line in output) Assert.DoesNotContain('\n', line);
            if (output.Count > 0 && output[0].StartsWith("error:")) Assert.Single(output);
        }
        foreach (var key in ConfigKeys.All)
        {
            string? v = rig.Config.Get(key.Name);
            if (v != null) Assert.Null(ConfigValidator.Validate(key, v, out _));
        }
    }

    [Fact]
    public void A_failing_output_does_not_make_it_throw()
    {
        var console = new SerialConsole(new PhoneConfig(), null!, new ThrowingOutput());
        console.Execute("show");
        console.Execute("frobnicate");
    }
}
