namespace NanoPhone.Boards.Catalog
{
    /// <summary>
    /// The boards NanoPhone knows, by id. The firmware reads the configuration value named
    /// <see cref="ConfigKey"/> (e.g. <c>board = esp32-devkitc</c>) and hands <see cref="ById"/>'s answer
    /// to the HAL. Each call builds fresh objects, so a caller may change its copy freely.
    /// </summary>
    public static class BoardCatalog
    {
        public const string ConfigKey = "board";

        public static string[] Ids()
        {
            return new string[] { Esp32DevKitC.Id, Esp32S3DevKitC1.Id, DesktopSimulator.Id };
        }

        public static BoardPins[] All()
        {
            return new BoardPins[] { Esp32DevKitC.Create(), Esp32S3DevKitC1.Create(), DesktopSimulator.Create() };
        }

        /// <summary>The board with this id, or null when there is none.</summary>
        public static BoardPins ById(string id)
        {
            if (id == Esp32DevKitC.Id)
            {
                return Esp32DevKitC.Create();
            }

            if (id == Esp32S3DevKitC1.Id)
            {
                return Esp32S3DevKitC1.Create();
            }

            if (id == DesktopSimulator.Id)
            {
                return DesktopSimulator.Create();
            }

            return null;
        }
    }
}
