using System;
using System.IO;
using NanoPhone.App.Config;

namespace NanoPhone.Host.Storage;

/// <summary>
/// The desktop's configuration storage: plain files in one folder. Writes are flushed to disk
/// before they return, and <see cref="Replace"/> is a rename over the old file, which is atomic
/// on the same file system.
/// </summary>
public sealed class FileConfigStorage : IConfigStorage
{
    private readonly string _folder;

    public FileConfigStorage(string folder)
    {
        _folder = Path.GetFullPath(folder);
    }

    public byte[]? ReadAll(string name)
    {
        string path = PathOf(name);
        return File.Exists(path) ? File.ReadAllBytes(path) : null;
    }

    public void WriteAll(string name, byte[] data)
    {
        Directory.CreateDirectory(_folder);
        using var stream = new FileStream(PathOf(name), FileMode.Create, FileAccess.Write, FileShare.None);
        stream.Write(data, 0, data.Length);
        stream.Flush(flushToDisk: true);
    }

    public void Replace(string tmpName, string name)
    {
        File.Move(PathOf(tmpName), PathOf(name), overwrite: true);
    }

    public void Delete(string name)
    {
        string path = PathOf(name);
        if (File.Exists(path)) File.Delete(path);
    }

    /// <summary>Names are plain file names: no folders, so nothing outside the folder is touched.</summary>
    private string PathOf(string name)
    {
        if (string.IsNullOrEmpty(name) || name != Path.GetFileName(name) || name == "." || name == "..")
            throw new ArgumentException("not a plain file name", nameof(name));
        return Path.Combine(_folder, name);
    }
}
