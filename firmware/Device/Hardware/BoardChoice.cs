using NanoPhone.App.Config;
using NanoPhone.Boards;
using NanoPhone.Boards.Catalog;

namespace NanoPhone.Device.Hardware;

/// <summary>
/// Which board this phone is: the configuration's <c>board</c> value (BoardCatalog.ConfigKey) when
/// the configuration has that key, else the ESP32-DevKitC. The desktop simulator is no device.
/// </summary>
public static class BoardChoice
{
    public const string DefaultId = Esp32DevKitC.Id;

    /// <summary>The board id the configuration names, or <see cref="DefaultId"/>.</summary>
    public static string IdFrom(PhoneConfig config)
    {
        if (ConfigKeys.IndexOf(BoardCatalog.ConfigKey) < 0) return DefaultId;
        string id = config.Get(BoardCatalog.ConfigKey);
        return id == null || id.Length == 0 ? DefaultId : id;
    }

    /// <summary>The board with this id; null, with <paramref name="error"/> naming the boards there are, when it is none of them.</summary>
    public static BoardPins Find(string id, out string error)
    {
        BoardPins board = BoardCatalog.ById(id);
        if (board == null || board.Chip == ChipFamily.Simulator)
        {
            error = "board: not a known ESP32 board; known: " + DeviceBoardIds();
            return null;
        }
        error = null;
        return board;
    }

    private static string DeviceBoardIds()
    {
        BoardPins[] all = BoardCatalog.All();
        string list = "";
        for (int i = 0; i < all.Length; i++)
        {
            if (all[i].Chip == ChipFamily.Simulator) continue;
            list = list.Length == 0 ? all[i].Id : list + ", " + all[i].Id;
        }
        return list;
    }
}
