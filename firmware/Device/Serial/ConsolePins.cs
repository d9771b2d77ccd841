using NanoPhone.Boards;

namespace NanoPhone.Device.Serial;

/// <summary>
/// The pins of the serial console, COM2, routed to them with Configuration.SetPinFunction. COM1
/// (UART0, the board's USB port) stays nanoFramework's debug and deploy port. The boards' pin maps
/// name no console pins, so they are chosen here per chip, off every pin of the catalog's boards
/// of that chip (tests/Flash.Tests checks it).
/// </summary>
public sealed class ConsolePins
{
    public ConsolePins(int rx, int tx)
    {
        Rx = rx;
        Tx = tx;
    }

    /// <summary>The pin COM2 receives on (wire the adapter's TX here).</summary>
    public int Rx { get; }

    /// <summary>The pin COM2 sends on (wire the adapter's RX here).</summary>
    public int Tx { get; }

    /// <summary>
    /// ESP32: GPIO16 (RX) and GPIO17 (TX), UART2's usual pins (on ESP32-WROVER modules they belong to
    /// the PSRAM: such boards need other pins). ESP32-S3: GPIO1 (RX) and GPIO2 (TX). A board that is
    /// not known (null) gets the ESP32 pins, so the console works to fix the configuration.
    /// </summary>
    public static ConsolePins For(BoardPins board)
    {
        if (board != null && board.Chip == ChipFamily.Esp32S3)
        {
            return new ConsolePins(1, 2);
        }
        return new ConsolePins(16, 17);
    }
}
