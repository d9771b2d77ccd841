namespace NanoPhone.App.Config;

/// <summary>
/// Whole-file access for the configuration, by plain file name (no folders). The device implements
/// it over internal storage (I:\), the desktop host over a folder (FileConfigStorage), tests in
/// memory (<see cref="MemoryConfigStorage"/>). Errors are thrown as exceptions.
/// </summary>
public interface IConfigStorage
{
    /// <summary>The file's bytes, or null when there is no such file.</summary>
    byte[] ReadAll(string name);

    /// <summary>Creates or overwrites the file with <paramref name="data"/>, and flushes it to the medium.</summary>
    void WriteAll(string name, byte[] data);

    /// <summary>
    /// Makes <paramref name="name"/> hold what <paramref name="tmpName"/> holds and removes
    /// <paramref name="tmpName"/>: a rename over the old file where the file system can, else delete
    /// <paramref name="name"/>, then rename (the loader recovers from a stop in between).
    /// </summary>
    void Replace(string tmpName, string name);

    /// <summary>Removes the file; nothing happens when there is none.</summary>
    void Delete(string name);
}
