using System.Linq;
using NanoPhone.Boards;
using NanoPhone.Boards.Catalog;
using NanoPhone.Boards.Rules;
using Xunit;
using Xunit.Abstractions;

namespace NanoPhone.Hal.Tests.Boards;

public class BoardCatalogTests
{
    private readonly ITestOutputHelper _output;

    public BoardCatalogTests(ITestOutputHelper output) => _output = output;

    /// <summary>The warnings each board is known to carry; a new one must be looked at and added here.</summary>
    public static TheoryData<string, string[]> KnownWarnings => new()
    {
        { Esp32DevKitC.Id, new[]
            {
                "GPIO0 (key F): strapping pin: held low at reset it selects download boot",
                "GPIO5 (I2S BCLK): strapping pin: sampled at reset for SDIO slave timing",
                "GPIO15 (I2S WS): strapping pin (MTDO): low at reset silences the boot log",
                "GPIO2 (I2S data out): strapping pin: must be low or floating to enter download boot",
            }
        },
        { Esp32S3DevKitC1.Id, new string[0] },
        { DesktopSimulator.Id, new string[0] },
    };

    [Theory]
    [MemberData(nameof(KnownWarnings))]
    public void Every_board_passes_the_pin_check_with_only_its_known_warnings(string id, string[] knownWarnings)
    {
        BoardReport report = BoardCheck.Run(BoardCatalog.ById(id));
        _output.WriteLine(report.ToString());

        Assert.Empty(report.Errors);
        Assert.Equal(knownWarnings, report.Warnings);
    }

    [Fact]
    public void The_catalog_lists_every_board_once_and_finds_each_by_id()
    {
        Assert.Equal(BoardCatalog.Ids(), BoardCatalog.All().Select(b => b.Id).ToArray());
        Assert.Equal(BoardCatalog.Ids().Length, BoardCatalog.Ids().Distinct().Count());
        foreach (string id in BoardCatalog.Ids())
            Assert.Equal(id, BoardCatalog.ById(id).Id);
        Assert.Null(BoardCatalog.ById("esp8266"));
        Assert.Contains(KnownWarnings, row => (string)row[0] == BoardCatalog.Ids().Last());
        Assert.Equal(BoardCatalog.Ids().Length, KnownWarnings.Count());
    }

    [Fact]
    public void The_catalog_hands_out_fresh_boards()
    {
        BoardPins mine = BoardCatalog.ById(Esp32DevKitC.Id);
        mine.BuzzerPin = 5;

        Assert.Equal(18, BoardCatalog.ById(Esp32DevKitC.Id).BuzzerPin);
    }

    [Theory]
    [InlineData(Esp32DevKitC.Id, ChipFamily.Esp32, 4, 4)]
    [InlineData(Esp32S3DevKitC1.Id, ChipFamily.Esp32S3, 5, 4)]
    [InlineData(DesktopSimulator.Id, ChipFamily.Simulator, 5, 4)]
    public void Boards_carry_the_chip_and_keypad_they_say(string id, ChipFamily chip, int rows, int columns)
    {
        BoardPins board = BoardCatalog.ById(id);

        Assert.Equal(chip, board.Chip);
        Assert.Equal(rows, board.KeypadRowPins.Length);
        Assert.Equal(columns, board.KeypadColumnPins.Length);
    }

    [Theory]
    [InlineData(Esp32DevKitC.Id, 5, 15, 2, 35, BoardPins.NotFitted)]
    [InlineData(Esp32S3DevKitC1.Id, 39, 40, 41, 42, 21)]
    public void Handset_boards_carry_the_I2S_microphone_and_amplifier(string id, int bclk, int ws, int dataOut, int dataIn, int enable)
    {
        BoardPins board = BoardCatalog.ById(id);

        Assert.True(board.HasAudio);
        Assert.Equal((bclk, ws, dataOut, dataIn, enable),
            (board.I2sBitClockPin, board.I2sWordSelectPin, board.I2sDataOutPin, board.I2sDataInPin, board.AmplifierEnablePin));
        Assert.Contains(board.Uses(), u => u.Pin == dataIn && u.Direction == PinDirection.Input && !u.NeedsInternalPull && u.Function == "I2S data in");
        foreach (int pin in new[] { bclk, ws, dataOut })
            Assert.Contains(board.Uses(), u => u.Pin == pin && u.Direction == PinDirection.Output);
    }

    [Fact]
    public void The_simulator_has_no_I2S_pins_its_audio_is_files()
    {
        BoardPins board = DesktopSimulator.Create();

        Assert.False(board.HasAudio);
        Assert.DoesNotContain(board.Uses(), u => u.Function.StartsWith("I2S") || u.Function == "amplifier enable");
    }
}
